package org.semisup4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where a dataset's files are read from when no folder is given; {@code ./semisup4j fetch NAME}
 * ({@code datasets/fetch.py}) writes to the same place, by the same rules:
 * <ol>
 *   <li>{@code SEMISUP4J_<SET>} (e.g. {@code SEMISUP4J_CIFAR10}, {@code SEMISUP4J_FASHION_MNIST}) if set;</li>
 *   <li>for Fashion-MNIST, Debian's {@code /usr/share/datasets/fashion-mnist/} where that package is installed;</li>
 *   <li>{@code $SEMISUP4J_DATA/<set>}, else {@code ${XDG_CACHE_HOME:-~/.cache}/semisup4j/<set>}: the user data
 *       folder, which works on any system.</li>
 * </ol>
 */
public final class DataFolder {

    private DataFolder() {
    }

    /** The folder of set {@code name} on this machine. */
    public static Path of(String name) {
        return of(name, System.getenv(), Path.of(System.getProperty("user.home")), Files::isDirectory);
    }

    static Path of(String name, Map<String, String> env, Path home, Predicate<Path> isDirectory) {
        String override = env.get("SEMISUP4J_" + name.toUpperCase().replace('-', '_'));
        if (override != null && !override.isBlank()) {
            return Path.of(override.strip());
        }
        Path debian = Path.of(Datasets.FASHION_MNIST_DEBIAN_DIR);
        if (name.equals("fashion-mnist") && isDirectory.test(debian)) {
            return debian;
        }
        return userRoot(env, home).resolve(name);
    }

    /** {@code $SEMISUP4J_DATA}, else {@code ${XDG_CACHE_HOME:-~/.cache}/semisup4j}. */
    static Path userRoot(Map<String, String> env, Path home) {
        String root = env.get("SEMISUP4J_DATA");
        if (root != null && !root.isBlank()) {
            return Path.of(root.strip());
        }
        String cache = env.get("XDG_CACHE_HOME");
        return (cache != null && !cache.isBlank() ? Path.of(cache.strip()) : home.resolve(".cache")).resolve("semisup4j");
    }
}
