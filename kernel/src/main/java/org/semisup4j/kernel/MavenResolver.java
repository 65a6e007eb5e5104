package org.semisup4j.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Resolves {@code %maven} artifacts with their transitive runtime dependencies into the local
 * repository (~/.m2) by running Maven itself on a throw-away pom.
 *
 * <p>Why a Maven process rather than Maven Resolver in the kernel: Maven honours the user's
 * settings.xml (mirrors, proxies, offline mode) and its resolver jars (HTTP client, SLF4J, Maven
 * model) stay out of the kernel's class path, where they would shadow the notebook's own versions.
 * The price is a Maven start (a few seconds) per {@code %maven} line.
 */
final class MavenResolver {
    /** Pinned so Maven does not look up the newest plugin version online. */
    static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1";

    private final String mvnCommand;
    private final long timeoutSeconds;

    MavenResolver(String mvnCommand, long timeoutSeconds) {
        this.mvnCommand = mvnCommand;
        this.timeoutSeconds = timeoutSeconds;
    }

    static MavenResolver fromEnvironment() {
        String mvn = System.getenv().getOrDefault("SEMISUP4J_MVN", "mvn");
        return new MavenResolver(mvn, 900);
    }

    /** A repository added with {@code %mavenRepo ID URL}. */
    record Repository(String id, String url) {
        static Repository of(String id, String url) {
            if (!id.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("a repository id is letters, digits, '.', '_' or '-', not '" + id + "'");
            }
            java.net.URI uri;
            try {
                uri = java.net.URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + url + "' is not a URL");
            }
            if (uri.getScheme() == null || !List.of("http", "https", "file").contains(uri.getScheme())) {
                throw new IllegalArgumentException("a repository URL starts with https://, http:// or file://, not '" + url + "'");
            }
            return new Repository(id, url);
        }

        String toXml() {
            return "    <repository><id>" + PomFragments.escape(id) + "</id><url>" + PomFragments.escape(url)
                    + "</url></repository>\n";
        }
    }

    /** The pom whose runtime class path is the artifacts and all they depend on. */
    static String pomFor(List<MavenCoordinates> artifacts, List<Repository> repositories) {
        StringBuilder dependencies = new StringBuilder();
        for (MavenCoordinates artifact : artifacts) {
            dependencies.append(artifact.toDependencyXml());
        }
        StringBuilder repos = new StringBuilder();
        repositories.forEach(r -> repos.append(r.toXml()));
        return PomFragments.pom(repos.toString(), dependencies.toString());
    }

    List<Path> resolve(List<MavenCoordinates> artifacts, List<Repository> repositories) throws CellError {
        return resolvePom(pomFor(artifacts, repositories), artifacts.stream().map(Object::toString).toList().toString(),
                List.of());
    }

    /**
     * The class path of a POM's dependencies (with theirs).
     *
     * @param what   what is resolved, for error messages
     * @param scopes dependency scopes to keep: compile and runtime when empty; "test" keeps all
     */
    List<Path> resolvePom(String pomXml, String what, List<String> scopes) throws CellError {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("semisup4j-maven-");
            Path pom = dir.resolve("pom.xml");
            Path classpathFile = dir.resolve("classpath.txt");
            Path log = dir.resolve("mvn.log");
            Files.writeString(pom, pomXml, StandardCharsets.UTF_8);
            String scope = scopes.stream().anyMatch(s -> s.equalsIgnoreCase("test")) ? "test" : "runtime";
            List<String> command = new ArrayList<>(List.of(mvnCommand, "-B", "-q", "-f", pom.toString(),
                    DEPENDENCY_PLUGIN + ":build-classpath",
                    "-Dmdep.outputFile=" + classpathFile, "-DincludeScope=" + scope));
            javacppPlatform().ifPresent(p -> command.add("-Djavacpp.platform=" + p));
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw CellError.of("MavenResolutionException", "Maven did not finish within " + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0 || !Files.exists(classpathFile)) {
                throw failure(what, Files.readAllLines(log));
            }
            String classpath = Files.readString(classpathFile).trim();
            List<Path> jars = new ArrayList<>();
            for (String entry : classpath.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    jars.add(Path.of(entry.trim()));
                }
            }
            return jars;
        } catch (IOException e) {
            throw CellError.of("MavenResolutionException", "could not run Maven ('" + mvnCommand
                    + "'; set SEMISUP4J_MVN to its path): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CellError.interrupted();
        } finally {
            deleteQuietly(dir);
        }
    }

    /** Maven's own words for an unreachable repository: "... from/to ID (URL): reason". */
    private static final java.util.regex.Pattern UNREACHABLE = java.util.regex.Pattern.compile(
            "(?:from/to|transfer artifact .* from) ([^\\s]+) \\(([^)]+)\\): (.+?)(?:\\s*->.*)?$");
    private static final java.util.regex.Pattern BLOCKED = java.util.regex.Pattern.compile(
            "Blocked mirror for repositories: \\[([^\\s]+) \\(([^,]+),");

    static CellError failure(String what, List<String> log) {
        for (String line : log) {
            java.util.regex.Matcher blocked = BLOCKED.matcher(line);
            if (blocked.find()) {
                String message = "repository '" + blocked.group(1) + "' (" + blocked.group(2) + ") cannot be"
                        + " reached: Maven refuses plain-http repositories (use https://, or file:// for a local one)";
                return CellError.of("MavenResolutionException", message);
            }
            java.util.regex.Matcher unreachable = UNREACHABLE.matcher(line);
            if (unreachable.find() && !unreachable.group(3).startsWith("status code: 404")) {
                String message = "repository '" + unreachable.group(1) + "' (" + unreachable.group(2)
                        + ") cannot be reached: " + unreachable.group(3).strip();
                return CellError.of("MavenResolutionException", message);
            }
        }
        List<String> traceback = new ArrayList<>();
        String message = "could not resolve " + what;
        traceback.add("MavenResolutionException: " + message);
        // Maven's own explanation ("Could not find artifact ...") is in its [ERROR] lines.
        log.stream().filter(l -> l.startsWith("[ERROR]") && !l.isBlank()).limit(12).forEach(traceback::add);
        return new CellError("MavenResolutionException", message, traceback);
    }

    /** Keeps JavaCPP "-platform" artifacts (ND4J, OpenCV) to this machine's natives only. */
    static java.util.Optional<String> javacppPlatform() {
        String explicit = System.getProperty("javacpp.platform");
        if (explicit != null) {
            return java.util.Optional.of(explicit);
        }
        String os = System.getProperty("os.name", "").toLowerCase();
        String arch = System.getProperty("os.arch", "");
        String osPart = os.contains("linux") ? "linux" : os.contains("mac") ? "macosx" : os.contains("win") ? "windows" : null;
        String archPart = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> null;
        };
        return osPart == null || archPart == null ? java.util.Optional.empty()
                : java.util.Optional.of(osPart + "-" + archPart);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
