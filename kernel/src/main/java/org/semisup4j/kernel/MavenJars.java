package org.semisup4j.kernel;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The Maven artifacts on the notebook's class path, recognised by the local repository's layout
 * ({@code .../<artifactId>/<version>/<artifactId>-<version>[-<classifier>].jar}), so that asking for
 * another version of a jar already loaded can be answered with the version in force.
 *
 * <p>Why refuse rather than add: one class loader holds one version of a class; with two jars of a
 * library on its path the first silently wins, and classes of the two versions could mix.
 */
final class MavenJars {
    /** A jar of an artifact: the artifact's folder in the repository, plus its classifier, identifies it. */
    record Jar(Path artifactFolder, String artifactId, String version, String classifier) {
        String key() {
            return artifactFolder + "|" + classifier;
        }

        String groupAndArtifact(Path repository) {
            if (repository != null && artifactFolder.startsWith(repository)) {
                Path relative = repository.relativize(artifactFolder);
                Path group = relative.getParent();
                if (group != null) {
                    return group.toString().replace(relative.getFileSystem().getSeparator(), ".") + ":" + artifactId;
                }
            }
            return artifactId;
        }
    }

    private final Map<String, Jar> byArtifact = new HashMap<>();
    private final Path repository = localRepository();

    /** The jar's artifact, or null when the path does not follow the repository layout. */
    static Jar parse(Path jar) {
        Path file = jar.toAbsolutePath().normalize();
        Path versionFolder = file.getParent();
        Path artifactFolder = versionFolder == null ? null : versionFolder.getParent();
        String name = file.getFileName().toString();
        if (artifactFolder == null || artifactFolder.getFileName() == null || !name.endsWith(".jar")) {
            return null;
        }
        String version = versionFolder.getFileName().toString();
        String artifactId = artifactFolder.getFileName().toString();
        String prefix = artifactId + "-" + version;
        String stem = name.substring(0, name.length() - ".jar".length());
        if (!stem.startsWith(prefix)) {
            return null;
        }
        String rest = stem.substring(prefix.length());
        if (!rest.isEmpty() && !rest.startsWith("-")) {
            return null;
        }
        return new Jar(artifactFolder, artifactId, version, rest.isEmpty() ? "" : rest.substring(1));
    }

    /**
     * Why {@code jar} must not join the class path, or null when it may: another version of its
     * artifact is already there.
     */
    String conflict(Path jar) {
        Jar asked = parse(jar);
        if (asked == null) {
            return null;
        }
        Jar present = byArtifact.get(asked.key());
        if (present == null || present.version().equals(asked.version())) {
            return null;
        }
        return asked.groupAndArtifact(repository) + " " + present.version() + " is in force (already on the"
                + " notebook's class path, e.g. from the toolkit); " + asked.version() + " was not added";
    }

    void add(Path jar) {
        Jar parsed = parse(jar);
        if (parsed != null) {
            byArtifact.putIfAbsent(parsed.key(), parsed);
        }
    }

    private static Path localRepository() {
        String home = System.getProperty("user.home");
        return home == null ? null : Path.of(home, ".m2", "repository").toAbsolutePath().normalize();
    }
}
