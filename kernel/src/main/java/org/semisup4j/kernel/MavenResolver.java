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

    /** The pom whose runtime class path is the artifacts and all they depend on. */
    static String pomFor(List<MavenCoordinates> artifacts) {
        StringBuilder pom = new StringBuilder();
        pom.append("<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n")
                .append("  <modelVersion>4.0.0</modelVersion>\n")
                .append("  <groupId>org.semisup4j.kernel</groupId>\n")
                .append("  <artifactId>maven-magic</artifactId>\n")
                .append("  <version>0</version>\n")
                .append("  <packaging>pom</packaging>\n")
                .append("  <dependencies>\n");
        for (MavenCoordinates artifact : artifacts) {
            pom.append(artifact.toDependencyXml());
        }
        return pom.append("  </dependencies>\n</project>\n").toString();
    }

    List<Path> resolve(List<MavenCoordinates> artifacts) throws CellError {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("semisup4j-maven-");
            Path pom = dir.resolve("pom.xml");
            Path classpathFile = dir.resolve("classpath.txt");
            Path log = dir.resolve("mvn.log");
            Files.writeString(pom, pomFor(artifacts), StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(mvnCommand, "-B", "-q", "-f", pom.toString(),
                    DEPENDENCY_PLUGIN + ":build-classpath",
                    "-Dmdep.outputFile=" + classpathFile, "-Dmdep.includeScope=runtime"));
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
                throw failure(artifacts, Files.readAllLines(log));
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

    private static CellError failure(List<MavenCoordinates> artifacts, List<String> log) {
        List<String> traceback = new ArrayList<>();
        String message = "could not resolve " + artifacts.stream().map(Object::toString).toList();
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
