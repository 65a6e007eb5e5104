package org.semisup4j.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import io.github.spencerpark.jupyter.kernel.magic.registry.UndefinedMagicException;
import io.github.spencerpark.jupyter.kernel.util.GlobFinder;

/**
 * IJava's magics, registered in basekernel's {@link Magics} registry (what IJava's
 * {@code getKernelInstance().getMagics()} returns, so notebooks can add their own):
 * <ul>
 * <li>{@code %jars GLOB...}, {@code %classpath [PATH...]}: local jars and class folders;</li>
 * <li>{@code %maven COORDS...} (also {@code %addMavenDependency}, {@code %addMavenDependencies}):
 *     artifacts with their dependencies;</li>
 * <li>{@code %mavenRepo ID URL} (also {@code %addMavenRepo}): a repository for later {@code %maven};</li>
 * <li>{@code %loadFromPOM FILE [SCOPE...]} and {@code %%loadFromPOM [SCOPE...]} + POM fragment;</li>
 * <li>{@code %load FILE}: runs a file of Java code (magics allowed) as if it were a cell;</li>
 * <li>{@code %%time}: runs the cell and prints its wall time.</li>
 * </ul>
 * The class path magics return the entries they added (IJava: {@code List<String> added = %jars a/*.jar}).
 */
final class KernelMagics {
    /** Runs code (a cell magic's body, a loaded file) as a cell of its own. */
    interface BodyRunner {
        JShellEvaluator.Value run(String body, int firstLine) throws CellError;
    }

    private final Magics registry = new Magics();
    private final JShellEvaluator evaluator;
    private final MavenResolver maven;
    private final BodyRunner runner;
    private final List<MavenResolver.Repository> repositories = new ArrayList<>();

    KernelMagics(JShellEvaluator evaluator, MavenResolver maven, BodyRunner runner) {
        this.evaluator = evaluator;
        this.maven = maven;
        this.runner = runner;
        registry.registerLineMagic("jars", this::jars);
        registry.registerLineMagic("classpath", this::classpath);
        for (String name : List.of("maven", "addMavenDependency", "addMavenDependencies")) {
            registry.registerLineMagic(name, this::maven);
        }
        for (String name : List.of("mavenRepo", "addMavenRepo")) {
            registry.registerLineMagic(name, this::mavenRepo);
        }
        registry.registerLineMagic("loadFromPOM", this::loadFromPomFile);
        registry.registerCellMagic("loadFromPOM", this::loadFromPomFragment);
        registry.registerLineMagic("load", this::load);
        registry.registerCellMagic("time", (args, body) -> value(time(body, 0)));
    }

    /** basekernel's registry: IJava's {@code getMagics()}. */
    Magics registry() {
        return registry;
    }

    /** Runs a line magic; returns its result (the entries added, for the class path magics). */
    Object runLineMagic(String name, List<String> args) throws CellError {
        try {
            return registry.applyLineMagic(name, args);
        } catch (UndefinedMagicException e) {
            throw unknown("%" + name);
        } catch (Exception e) {
            throw asCellError("%" + name, e);
        }
    }

    /** Runs a cell magic heading a cell; the body's lines keep their cell line numbers. */
    JShellEvaluator.Value runCellMagic(String name, List<String> args, String body, int bodyFirstLine) throws CellError {
        if (name.equals("time")) {
            return time(body, bodyFirstLine);
        }
        try {
            registry.applyCellMagic(name, args, body);
            return null;
        } catch (UndefinedMagicException e) {
            throw unknown("%%" + name);
        } catch (Exception e) {
            throw asCellError("%%" + name, e);
        }
    }

    static CellError asCellError(String magic, Exception e) {
        if (e instanceof CellError error) {
            return error;
        }
        return CellError.of("MagicException", magic + ": " + e.getMessage());
    }

    static CellError unknown(String magic) {
        String known = "line magics: %jars, %classpath, %maven (%addMavenDependency, %addMavenDependencies),"
                + " %mavenRepo (%addMavenRepo), %loadFromPOM, %load; cell magics: %%time, %%loadFromPOM";
        String message = "Unknown magic " + magic + " (" + known + ")";
        return new CellError("UnknownMagic", message, List.of("UnknownMagic: " + message));
    }

    private static Object value(JShellEvaluator.Value value) {
        return value == null ? null : value.object();
    }

    private JShellEvaluator.Value time(String body, int firstLine) throws CellError {
        long start = System.nanoTime();
        try {
            return runner.run(body, firstLine);
        } finally {
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.println(String.format(Locale.ROOT, "Wall time: %.3f s", seconds));
        }
    }

    /** {@code %jars PATH|GLOB ...}: every matching .jar file joins the class path. */
    private List<String> jars(List<String> args) throws CellError {
        requireArgs("%jars", args, "a jar path or glob, e.g. %jars lib/*.jar");
        List<Path> jars = new ArrayList<>();
        for (String pattern : args) {
            List<Path> matches = matching(pattern, true).stream()
                    .filter(p -> p.toString().endsWith(".jar")).toList();
            if (matches.isEmpty()) {
                throw CellError.of("MagicException", "%jars: no .jar file matches '" + pattern
                        + "' (relative paths start at " + Path.of("").toAbsolutePath() + ")");
            }
            jars.addAll(matches);
        }
        return evaluator.addToClasspath(jars, true);
    }

    /** {@code %classpath}: lists the notebook's class path; {@code %classpath PATH...} adds jars or folders. */
    private List<String> classpath(List<String> args) throws CellError {
        if (args.isEmpty()) {
            evaluator.addedClasspath().forEach(System.out::println);
            return List.of();
        }
        List<Path> entries = new ArrayList<>();
        for (String pattern : args) {
            List<Path> matches = matching(pattern, false);
            if (matches.isEmpty()) {
                throw CellError.of("MagicException", "%classpath: nothing matches '" + pattern
                        + "' (relative paths start at " + Path.of("").toAbsolutePath() + ")");
            }
            entries.addAll(matches);
        }
        return evaluator.addToClasspath(entries, true);
    }

    /** {@code %maven group:artifact:version ...}: resolves with dependencies, then adds the jars. */
    private List<String> maven(List<String> args) throws CellError {
        requireArgs("%maven", args, "Maven coordinates, e.g. %maven com.google.code.gson:gson:2.11.0");
        List<MavenCoordinates> artifacts = new ArrayList<>();
        for (String arg : args) {
            try {
                artifacts.add(MavenCoordinates.parse(arg));
            } catch (IllegalArgumentException e) {
                throw CellError.of("MagicException", e.getMessage());
            }
        }
        return evaluator.addToClasspath(maven.resolve(artifacts, List.copyOf(repositories)), true);
    }

    /** {@code %mavenRepo ID URL}: later {@code %maven} lines also look there. */
    private Object mavenRepo(List<String> args) throws CellError {
        if (args.size() != 2) {
            throw CellError.of("MagicException", "%mavenRepo needs an id and a URL, e.g."
                    + " %mavenRepo my-repo https://repo.example.org/maven2/ (got " + args.size() + " arguments)");
        }
        MavenResolver.Repository repository;
        try {
            repository = MavenResolver.Repository.of(args.get(0), args.get(1));
        } catch (IllegalArgumentException e) {
            throw CellError.of("MagicException", "%mavenRepo: " + e.getMessage());
        }
        repositories.removeIf(r -> r.id().equals(repository.id()));
        repositories.add(repository);
        return null;
    }

    /** {@code %loadFromPOM FILE [SCOPE...]}: the dependencies of a POM file. */
    private List<String> loadFromPomFile(List<String> args) throws CellError {
        requireArgs("%loadFromPOM", args, "the path of a pom.xml (then optional scopes)");
        Path pom = Path.of(args.get(0));
        String xml;
        try {
            xml = Files.readString(pom, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CellError.of("MagicException", "%loadFromPOM: cannot read " + pom.toAbsolutePath() + ": " + e);
        }
        return loadPom(PomFragments.toPom(xml), "the POM " + pom, args.subList(1, args.size()));
    }

    /** {@code %%loadFromPOM [SCOPE...]}: a whole POM, or loose {@code <repository>}/{@code <dependency>} fragments. */
    private List<String> loadFromPomFragment(List<String> args, String body) throws CellError {
        return loadPom(PomFragments.toPom(body), "the cell's POM", args);
    }

    private List<String> loadPom(String pom, String what, List<String> scopes) throws CellError {
        return evaluator.addToClasspath(maven.resolvePom(pom, what, scopes), true);
    }

    /** {@code %load FILE}: runs a file of Java code as a cell; its value is the magic's. */
    private Object load(List<String> args) throws CellError {
        if (args.size() != 1) {
            throw CellError.of("MagicException", "%load needs one file of Java code, e.g. %load helpers.jsh");
        }
        Path file = Path.of(args.get(0));
        String code;
        try {
            code = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CellError.of("MagicException", "%load: cannot read " + file.toAbsolutePath() + ": " + e);
        }
        return value(runner.run(code, 0));
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
