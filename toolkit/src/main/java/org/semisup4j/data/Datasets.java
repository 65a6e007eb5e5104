package org.semisup4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one entry point for getting data: static loaders for every supported set and a name registry the CLI
 * and run configurations use ({@link #byName(String, boolean)}).
 *
 * <p>Where files live: {@link DataFolder} (Debian's Fashion-MNIST package, else the user data folder
 * {@code ~/.cache/semisup4j/<set>} that {@code ./semisup4j fetch NAME} fills; a per-set variable such as
 * {@code SEMISUP4J_CIFAR10} overrides either).
 */
public final class Datasets {
    public static final String FASHION_MNIST_DEBIAN_DIR = "/usr/share/datasets/fashion-mnist/";
    /** Registry names; {@code csv:PATH} is accepted as well. */
    public static final List<String> NAMES = List.of("two-moons", "circles", "spirals", "fashion-mnist", "mnist", "cifar10", "svhn", "digits");
    static final int DEFAULT_SYNTHETIC_SIZE = 1000;
    static final double DEFAULT_SYNTHETIC_NOISE = 0.1;

    private Datasets() {
    }

    public static Dataset fashionMnist(boolean train) throws IOException {
        return fashionMnist(defaultDir("fashion-mnist"), train);
    }

    public static Dataset fashionMnist(Path dir, boolean train) throws IOException {
        return Mnist.load(dir, train, "fashion-mnist", Mnist.FASHION_CLASSES);
    }

    public static Dataset mnist(boolean train) throws IOException {
        return mnist(defaultDir("mnist"), train);
    }

    public static Dataset mnist(Path dir, boolean train) throws IOException {
        return Mnist.load(dir, train, "mnist", Mnist.DIGIT_CLASSES);
    }

    public static Dataset cifar10(boolean train) throws IOException {
        return Cifar10.load(defaultDir("cifar10"), train);
    }

    public static Dataset cifar10(Path dir, boolean train) throws IOException {
        return Cifar10.load(dir, train);
    }

    public static Dataset svhn(boolean train) throws IOException {
        return Svhn.load(defaultDir("svhn"), train);
    }

    public static Dataset svhn(Path dir, boolean train) throws IOException {
        return Svhn.load(dir, train);
    }

    /** A CSV file with a header; {@code labelColumn} names the label, every other column is a numeric feature. */
    public static Dataset csv(Path file, String labelColumn) throws IOException {
        return CsvDatasets.read(file, labelColumn);
    }

    /**
     * A dataset of vectors as images of shape {@code {C, H, W}}: each vector holds the pixels in C order
     * (channel planes one after the other, each row by row), e.g. {@code digits} as {@code 1x8x8}.
     *
     * @throws IllegalArgumentException naming the dataset when its examples are not vectors of C·H·W values
     */
    public static Dataset asImages(Dataset data, long[] shape) {
        if (shape.length != 3) throw new IllegalArgumentException("an image shape is {C, H, W}, got " + Arrays.toString(shape));
        long[] example = data.exampleShape();
        if (example.length != 1 || example[0] != shape[0] * shape[1] * shape[2])
            throw new IllegalArgumentException("dataset '" + data.name() + "' has examples of shape " + Arrays.toString(example)
                    + ", which cannot be read as images of shape " + shape[0] + "x" + shape[1] + "x" + shape[2]
                    + ": that needs vectors of C·H·W = " + shape[0] * shape[1] * shape[2] + " values");
        long[] batch = {data.size(), shape[0], shape[1], shape[2]};
        return Dataset.wrap(data.name(), data.features().reshape('c', batch).dup('c'), data.labels(), data.classNames());
    }

    public static Dataset twoMoons(int n, double noise, long seed) {
        return SyntheticData.twoMoons(n, noise, seed);
    }

    public static Dataset circles(int n, double noise, long seed) {
        return SyntheticData.circles(n, noise, seed);
    }

    public static Dataset spirals(int n, double noise, long seed) {
        return SyntheticData.spirals(n, noise, seed);
    }

    /** Same as {@code byName(spec, true)}. */
    public static Dataset byName(String spec) throws IOException {
        return byName(spec, true);
    }

    /**
     * Loads a dataset from its registry name, optionally with {@code :key=value,...} options:
     * <ul>
     *   <li>{@code two-moons}, {@code circles}, {@code spirals} — options {@code n} (default 1000), {@code noise}
     *       (0.1), {@code seed} (0); the test set is drawn with {@code seed + 1}.</li>
     *   <li>{@code fashion-mnist}, {@code mnist}, {@code cifar10}, {@code svhn} — option {@code dir} overrides
     *       the default directory.</li>
     *   <li>{@code csv:PATH} with options {@code label} (default "label") and {@code test} (a second file, needed
     *       for the test set; its labels map onto the training file's classes), e.g.
     *       {@code csv:data/iris.csv,label=species,test=data/iris-test.csv}. A path may contain commas. Option
     *       {@code shape=CxHxW} (e.g. {@code 1x28x28}) reads each row's pixels as an image (see
     *       {@link CsvDatasets#asImages}), so image models and augmentations apply. Option {@code scale}
     *       (standard|unit|none) is read by {@link #csvScaling}; the features returned here are the file's own values.</li>
     * </ul>
     *
     * @param train the training part, else the test part
     * @throws IllegalArgumentException for an unknown name or option
     */
    public static Dataset byName(String spec, boolean train) throws IOException {
        String trimmed = spec.trim();
        if (trimmed.startsWith("csv:")) {
            String[] parts = csvSpecParts(trimmed.substring(4));
            Map<String, String> options = options(trimmed, parts, 1, CSV_OPTIONS);
            csvScaling(spec);
            String label = options.getOrDefault("label", "label");
            long[] shape = options.containsKey("shape") ? CsvDatasets.imageShape(options.get("shape")) : null;
            Dataset training = CsvDatasets.read(Path.of(parts[0]), label);
            if (train) {
                return shape == null ? training : CsvDatasets.asImages(training, Path.of(parts[0]), label, shape);
            }
            String test = options.get("test");
            if (test == null) {
                throw new IllegalArgumentException("'" + spec + "': no test file; add ,test=PATH to the csv spec");
            }
            Dataset testing = CsvDatasets.read(Path.of(test), label, training.classNames());
            return shape == null ? testing : CsvDatasets.asImages(testing, Path.of(test), label, shape);
        }
        int colon = trimmed.indexOf(':');
        String name = colon < 0 ? trimmed : trimmed.substring(0, colon);
        String[] parts = colon < 0 ? new String[0] : trimmed.substring(colon + 1).split(",");
        switch (name) {
            case "two-moons", "circles", "spirals" -> {
                Map<String, String> o = options(spec, parts, 0, List.of("n", "noise", "seed"));
                int n;
                double noise;
                long seed;
                try {
                    n = Integer.parseInt(o.getOrDefault("n", "" + DEFAULT_SYNTHETIC_SIZE));
                    noise = Double.parseDouble(o.getOrDefault("noise", "" + DEFAULT_SYNTHETIC_NOISE));
                    seed = Long.parseLong(o.getOrDefault("seed", "0")) + (train ? 0 : 1);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + spec + "': n and seed must be integers, noise a number (" + e.getMessage() + ")");
                }
                return switch (name) {
                    case "two-moons" -> twoMoons(n, noise, seed);
                    case "circles" -> circles(n, noise, seed);
                    default -> spirals(n, noise, seed);
                };
            }
            case "fashion-mnist", "mnist", "cifar10", "svhn" -> {
                Map<String, String> o = options(spec, parts, 0, List.of("dir"));
                Path dir = o.containsKey("dir") ? Path.of(o.get("dir")) : defaultDir(name);
                return switch (name) {
                    case "fashion-mnist" -> fashionMnist(dir, train);
                    case "mnist" -> mnist(dir, train);
                    case "cifar10" -> cifar10(dir, train);
                    default -> svhn(dir, train);
                };
            }
            case "digits" -> {
                Map<String, String> o = options(spec, parts, 0, List.of("file"));
                return Digits.load(o.containsKey("file") ? Path.of(o.get("file")) : Digits.defaultFile(), train);
            }
            default -> throw new IllegalArgumentException("unknown dataset '" + spec + "'; known: " + NAMES + " and csv:PATH");
        }
    }

    private static final List<String> CSV_OPTIONS = List.of("label", "test", "shape", "scale");

    /**
     * How a CSV spec's features are to be scaled: {@code standard} (each column standardised with the training
     * part's mean and std), {@code unit} (divided by the training part's largest value, for pixels), {@code none}
     * (the file's own units), or {@code auto} when the spec does not say — standard for vectors, unit for images
     * ({@code shape=}), as the vector methods' noise and ε assume standardised features and the image
     * augmentations pixels in [0,1]. The loaders here return the file's values as they are;
     * {@link org.semisup4j.experiment.Experiment} scales with the training part's statistics, after holding out a
     * test part.
     */
    public static String csvScaling(String spec) {
        String[] parts = csvSpecParts(spec.trim().substring(4));
        String scale = options(spec, parts, 1, CSV_OPTIONS).getOrDefault("scale", "auto");
        if (!List.of("standard", "unit", "none").contains(scale) && !scale.equals("auto"))
            throw new IllegalArgumentException("'" + spec + "': scale=" + scale + " not understood; expected scale=standard (features "
                    + "standardised with the training rows' mean and std; the default for vectors), scale=unit (divided by the training "
                    + "rows' largest value; the default for images, shape=CxHxW) or scale=none (features as in the file)");
        return scale;
    }

    /**
     * Splits {@code PATH,key=value,...}. A path may hold commas: it is the longest comma-joined prefix that
     * exists (else the text before the first comma, for the loader to report missing); a later piece without
     * '=' continues the option before it (a test file's path with a comma).
     */
    private static String[] csvSpecParts(String body) {
        String[] pieces = body.split(",", -1);
        int n = pieces.length;
        while (n > 1 && !Files.exists(Path.of(String.join(",", Arrays.copyOf(pieces, n))))) {
            n--;
        }
        List<String> parts = new ArrayList<>(List.of(String.join(",", Arrays.copyOf(pieces, n))));
        for (int i = n; i < pieces.length; i++) {
            int last = parts.size() - 1;
            if (last > 0 && !pieces[i].contains("=")) {
                parts.set(last, parts.get(last) + "," + pieces[i]);
            } else {
                parts.add(pieces[i]);
            }
        }
        return parts.toArray(String[]::new);
    }

    /** The directory a set is read from when none is given: see {@link DataFolder}. */
    public static Path defaultDir(String name) {
        return DataFolder.of(name);
    }

    private static Map<String, String> options(String spec, String[] parts, int from, List<String> allowed) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = from; i < parts.length; i++) {
            String part = parts[i].trim();
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq).trim();
            if (eq < 0 || !allowed.contains(key)) {
                throw new IllegalArgumentException("'" + spec + "': option '" + part + "' not understood; expected key=value with key in " + allowed);
            }
            options.put(key, part.substring(eq + 1).trim());
        }
        return options;
    }
}
