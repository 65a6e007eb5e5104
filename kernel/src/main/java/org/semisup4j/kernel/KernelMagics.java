package org.semisup4j.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.spencerpark.jupyter.kernel.util.GlobFinder;

/**
 * IJava's magics: {@code %jars}, {@code %classpath}, {@code %maven} (line) and {@code %%time} (cell).
 */
final class KernelMagics {
    static final List<String> LINE_MAGICS = List.of("jars", "classpath", "maven");
    static final List<String> CELL_MAGICS = List.of("time");

    /** Runs a cell magic's body as a cell of its own. */
    interface BodyRunner {
        JShellEvaluator.Value run(String body, int firstLine) throws CellError;
    }

    private final JShellEvaluator evaluator;
    private final MavenResolver maven;

    KernelMagics(JShellEvaluator evaluator, MavenResolver maven) {
        this.evaluator = evaluator;
        this.maven = maven;
    }

    void runLineMagic(String name, List<String> args) throws CellError {
        switch (name) {
            case "jars" -> addJars(args);
            case "classpath" -> classpath(args);
            case "maven" -> maven(args);
            default -> throw unknown("%" + name);
        }
    }

    JShellEvaluator.Value runCellMagic(String name, List<String> args, String body, int bodyFirstLine,
                                       BodyRunner runner) throws CellError {
        if (!name.equals("time")) {
            throw unknown("%%" + name);
        }
        long start = System.nanoTime();
        try {
            return runner.run(body, bodyFirstLine);
        } finally {
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.flush();
            System.out.println(String.format(Locale.ROOT, "Wall time: %.3f s", seconds));
        }
    }

    static CellError unknown(String magic) {
        String known = "line magics: %jars, %classpath, %maven; cell magics: %%time";
        String message = "Unknown magic " + magic + " (" + known + ")";
        return new CellError("UnknownMagic", message, List.of("UnknownMagic: " + message));
    }

    /** {@code %jars PATH|GLOB ...}: every matching .jar file joins the class path. */
    private void addJars(List<String> args) throws CellError {
        requireArgs("%jars", args, "a jar path or glob, e.g. %jars lib/*.jar");
        for (String pattern : args) {
            List<Path> matches = matching(pattern, true);
            List<Path> jars = matches.stream().filter(p -> p.toString().endsWith(".jar")).toList();
            if (jars.isEmpty()) {
                throw CellError.of("MagicException", "%jars: no .jar file matches '" + pattern
                        + "' (relative paths start at " + Path.of("").toAbsolutePath() + ")");
            }
            jars.forEach(j -> evaluator.addToClasspath(j.toAbsolutePath().toString()));
        }
    }

    /** {@code %classpath}: lists the class path; {@code %classpath PATH...} adds jars or directories. */
    private void classpath(List<String> args) throws CellError {
        if (args.isEmpty()) {
            for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    System.out.println(entry);
                }
            }
            evaluator.addedClasspath().forEach(System.out::println);
            return;
        }
        for (String pattern : args) {
            List<Path> matches = matching(pattern, false);
            if (matches.isEmpty()) {
                throw CellError.of("MagicException", "%classpath: nothing matches '" + pattern
                        + "' (relative paths start at " + Path.of("").toAbsolutePath() + ")");
            }
            matches.forEach(p -> evaluator.addToClasspath(p.toAbsolutePath().toString()));
        }
    }

    /** {@code %maven group:artifact:version ...}: resolves with dependencies, then adds the jars. */
    private void maven(List<String> args) throws CellError {
        requireArgs("%maven", args, "Maven coordinates, e.g. %maven com.google.code.gson:gson:2.11.0");
        List<MavenCoordinates> artifacts = new ArrayList<>();
        for (String arg : args) {
            try {
                artifacts.add(MavenCoordinates.parse(arg));
            } catch (IllegalArgumentException e) {
                throw CellError.of("MagicException", e.getMessage());
            }
        }
        for (Path jar : maven.resolve(artifacts)) {
            evaluator.addToClasspath(jar.toAbsolutePath().toString());
        }
    }

    private static List<Path> matching(String pattern, boolean filesOnly) throws CellError {
        Path literal = Path.of(pattern);
        if (Files.exists(literal)) {
            return List.of(literal);
        }
        try {
            GlobFinder finder = new GlobFinder(pattern);
            List<Path> out = new ArrayList<>();
            for (Path p : filesOnly ? finder.computeMatchingFiles() : finder.computeMatchingPaths()) {
                out.add(p);
            }
            return out;
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of(); // the pattern's fixed directory part does not exist: nothing matches
        } catch (IOException | RuntimeException e) {
            throw CellError.of("MagicException", "cannot search '" + pattern + "': " + e);
        }
    }

    private static void requireArgs(String magic, List<String> args, String expected) throws CellError {
        if (args.isEmpty()) {
            throw CellError.of("MagicException", magic + " needs " + expected);
        }
    }
}
