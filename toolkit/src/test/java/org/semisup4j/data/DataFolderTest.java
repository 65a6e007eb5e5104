package org.semisup4j.data;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The loaders look where {@code datasets/fetch.py} writes (scripts/data/test_fetch.py checks the Python side). */
class DataFolderTest {

    private static final Path HOME = Path.of("/home/ada");

    @Test
    void defaultIsTheUserCacheFolder() {
        assertEquals(Path.of("/home/ada/.cache/semisup4j/cifar10"), DataFolder.of("cifar10", Map.of(), HOME, p -> false));
        assertEquals(Path.of("/xdg/semisup4j/mnist"),
                DataFolder.of("mnist", Map.of("XDG_CACHE_HOME", "/xdg"), HOME, p -> false));
    }

    @Test
    void semisup4jDataAndPerSetVariablesOverrideIt() {
        assertEquals(Path.of("/data/svhn"), DataFolder.of("svhn", Map.of("SEMISUP4J_DATA", "/data"), HOME, p -> false));
        assertEquals(Path.of("/mine"), DataFolder.of("fashion-mnist",
                Map.of("SEMISUP4J_FASHION_MNIST", "/mine", "SEMISUP4J_DATA", "/data"), HOME, p -> true));
    }

    @Test
    void fashionMnistComesFromDebianOnlyWhereThePackageIsInstalled() {
        assertEquals(Path.of(Datasets.FASHION_MNIST_DEBIAN_DIR), DataFolder.of("fashion-mnist", Map.of(), HOME, p -> true));
        assertEquals(Path.of("/home/ada/.cache/semisup4j/fashion-mnist"),
                DataFolder.of("fashion-mnist", Map.of(), HOME, p -> false), "conda, macOS, other Linux: fetched copy");
    }
}
