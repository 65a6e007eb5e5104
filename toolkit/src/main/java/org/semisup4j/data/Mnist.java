package org.semisup4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Loader for MNIST-layout directories (MNIST, Fashion-MNIST): {@code train-images-idx3-ubyte[.gz]} with
 * {@code train-labels-idx1-ubyte[.gz]}, and {@code t10k-...} for the test set. Images become
 * [N, 1, H, W] FLOAT in [0, 1].
 */
public final class Mnist {
    public static final List<String> DIGIT_CLASSES = Dataset.numberedClasses(10);
    public static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private Mnist() {
    }

    /**
     * @param dir        directory holding the four IDX files
     * @param train      the 60 000-image training files, else the 10 000-image t10k files
     * @param name       dataset name prefix; "-train" or "-test" is appended
     * @param classNames names of the label values 0..C-1; a label outside that range is a format error
     */
    public static Dataset load(Path dir, boolean train, String name, List<String> classNames) throws IOException {
        String prefix = train ? "train" : "t10k";
        Path imagesFile = find(dir, prefix, "images", 3, name);
        Path labelsFile = find(dir, prefix, "labels", 1, name);
        IdxFiles.Content images = IdxFiles.read(imagesFile);
        IdxFiles.Content labels = IdxFiles.read(labelsFile);
        if (images.dims().length != 3) {
            throw new DatasetFormatException(imagesFile, "rank", "images file has dimensions "
                    + Arrays.toString(images.dims()) + ", expected 3 ([N, rows, columns])");
        }
        if (labels.dims().length != 1) {
            throw new DatasetFormatException(labelsFile, "rank", "labels file has dimensions "
                    + Arrays.toString(labels.dims()) + ", expected 1 ([N])");
        }
        if (images.count() != labels.count()) {
            throw new DatasetFormatException(labelsFile, "item count", labels.count() + " labels, but "
                    + imagesFile.getFileName() + " holds " + images.count() + " images");
        }
        int[] y = new int[labels.data().length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.data()[i] & 0xFF;
            if (y[i] >= classNames.size()) {
                throw new DatasetFormatException(labelsFile, "label of item " + i,
                        "value " + y[i] + ", expected 0.." + (classNames.size() - 1));
            }
        }
        int[] d = images.dims();
        long[] shape = {d[0], 1, d[1], d[2]};
        return Dataset.wrap(name + (train ? "-train" : "-test"), DataFiles.unitFloats(images.data(), shape), y, classNames);
    }

    /** Accepts the gzipped original names, their gunzipped forms, and the common "train-images.idx3-ubyte". */
    private static Path find(Path dir, String prefix, String kind, int rank, String dataset) throws IOException {
        List<Path> tried = new ArrayList<>();
        for (String name : List.of(prefix + "-" + kind + "-idx" + rank + "-ubyte.gz", prefix + "-" + kind + "-idx" + rank + "-ubyte",
                prefix + "-" + kind + ".idx" + rank + "-ubyte")) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            tried.add(candidate);
        }
        throw new NoSuchFileException(dir.toString(), null, "no " + prefix + " " + kind + " file; looked for " + tried
                + " (how to obtain " + dataset + ": datasets/" + dataset + ".md)");
    }
}
