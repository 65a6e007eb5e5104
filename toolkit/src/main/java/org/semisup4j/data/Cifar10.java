package org.semisup4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loader for the CIFAR-10 binary version: {@code data_batch_1.bin .. data_batch_5.bin} and
 * {@code test_batch.bin}, each a sequence of 3073-byte records (a label byte, then 1024 red, 1024 green and
 * 1024 blue bytes, each plane row-major). That record layout is already C×H×W, so bytes copy straight into
 * [N, 3, 32, 32] FLOAT in [0, 1].
 */
public final class Cifar10 {
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");
    static final int IMAGE_BYTES = 3 * 32 * 32;
    static final int RECORD_BYTES = 1 + IMAGE_BYTES;

    private Cifar10() {
    }

    /** Loads the training batches (train) or the test batch from {@code dir} or its {@code cifar-10-batches-bin/}. */
    public static Dataset load(Path dir, boolean train) throws IOException {
        Path base = Files.isDirectory(dir.resolve("cifar-10-batches-bin")) ? dir.resolve("cifar-10-batches-bin") : dir;
        List<Path> files = new ArrayList<>();
        if (train) {
            for (int i = 1; i <= 5; i++) {
                files.add(base.resolve("data_batch_" + i + ".bin"));
            }
        } else {
            files.add(base.resolve("test_batch.bin"));
        }
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null, "CIFAR-10 binary batch missing (see datasets/cifar10.md)");
            }
        }
        return loadBatches(files, train ? "cifar10-train" : "cifar10-test");
    }

    /** Reads and concatenates any list of binary batch files. */
    public static Dataset loadBatches(List<Path> files, String name) throws IOException {
        long total = 0;
        long[] sizes = new long[files.size()];
        for (int k = 0; k < files.size(); k++) {
            Path file = files.get(k);
            long size = Files.size(file);
            sizes[k] = size;
            if (size == 0 || size % RECORD_BYTES != 0) {
                throw new DatasetFormatException(file, "file length", size + " bytes is not a positive multiple of the "
                        + RECORD_BYTES + "-byte record (1 label byte + 3072 pixel bytes)");
            }
            total += size / RECORD_BYTES;
        }
        if (total * IMAGE_BYTES > DataFiles.MAX_ARRAY) {
            throw new DatasetFormatException(files.get(0), "record count", total + " images are too many for one array");
        }
        byte[] pixels = new byte[(int) (total * IMAGE_BYTES)];
        int[] labels = new int[(int) total];
        int row = 0;
        for (int k = 0; k < files.size(); k++) {
            Path file = files.get(k);
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length != sizes[k]) {
                throw new DatasetFormatException(file, "file length", "changed while reading");
            }
            for (int r = 0; r < bytes.length / RECORD_BYTES; r++, row++) {
                int label = bytes[r * RECORD_BYTES] & 0xFF;
                if (label >= CLASSES.size()) {
                    throw new DatasetFormatException(file, "label of record " + r, "value " + label + ", expected 0..9");
                }
                labels[row] = label;
                System.arraycopy(bytes, r * RECORD_BYTES + 1, pixels, row * IMAGE_BYTES, IMAGE_BYTES);
            }
        }
        return Dataset.wrap(name, DataFiles.unitFloats(pixels, new long[] {total, 3, 32, 32}), labels, CLASSES);
    }
}
