package org.semisup4j.experiment;

import org.semisup4j.augment.Augmentations;
import org.semisup4j.data.BatchSampler;
import org.semisup4j.data.CsvDatasets;
import org.semisup4j.data.Dataset;
import org.semisup4j.data.Datasets;
import org.semisup4j.data.LabelNoise;
import org.semisup4j.data.LabelSplit;
import org.semisup4j.data.Standardization;
import org.semisup4j.method.Methods;
import org.semisup4j.method.NeedsImages;
import org.semisup4j.method.UsesValidation;
import org.semisup4j.model.Model;
import org.semisup4j.model.Models;
import org.semisup4j.model.Optimizer;
import org.semisup4j.train.Method;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.Schedule;
import org.semisup4j.train.Trainer;
import org.semisup4j.train.TrainingListener;
import org.semisup4j.train.TrainingResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds a whole run from a {@link RunConfig}: data → label split (and label noise) → batches →
 * augmentations → model → method → trainer. The CLI, the notebooks and the benchmarks all start here, so
 * the same configuration always means the same run.
 */
public final class Experiment {
    private final RunConfig config;
    private final Dataset train, test;
    private LabelSplit split;
    private final Model model;
    private final Method method;
    private final boolean userModel;
    /** The images' shape [C,H,W] when the model reads them flattened, else null. */
    private final long[] flattenedImages;

    private Experiment(RunConfig config, Model userModel) {
        this.config = config.validate();
        try {
            Dataset[] parts = load(config);
            long[] loaded = parts[2] != null ? parts[2].exampleShape() : null;
            if (userModel != null && userModel.inputShape().length == 1 && parts[0].exampleShape().length == 3) {
                loaded = parts[0].exampleShape();
                parts = new Dataset[] {flattened(parts[0]), flattened(parts[1]), null};
            }
            this.flattenedImages = loaded;
            Dataset trainData = parts[0];
            this.test = config.mismatch() >= 0 ? labeledClassesOnly(parts[1], config.mismatchLabeledClasses()) : parts[1];
            LabelSplit clean = initialSplit(config, trainData);
            if (config.noise() > 0) {
                LabelNoise noise = LabelNoise.symmetric(config.noise(), config.seed());
                this.train = noise.apply(trainData, clean.labeled()).dataset();
                this.split = clean.relabeled(train, noise + " on the labeled set");
            } else {
                this.train = trainData;
                this.split = clean;
            }
        } catch (IOException e) {
            // A loader's message names the file; a CSV spec would only repeat its path.
            String why = e instanceof java.nio.file.NoSuchFileException n && n.getReason() == null ? n.getFile() + ": no such file" : e.getMessage();
            throw new UncheckedIOException((config.dataset().startsWith("csv:") ? "cannot load the CSV data: "
                    : "cannot load dataset '" + config.dataset() + "': ") + why, e);
        }
        this.userModel = userModel != null;
        Model given = userModel == null ? buildModel(config, train) : checked(userModel, train);
        Method built = Methods.create(config);
        if (built instanceof NeedsImages && train.exampleShape().length != 3)
            throw new IllegalArgumentException("method " + config.method() + " needs images [C,H,W]; dataset '" + config.dataset()
                    + "' has " + (given.inputShape().length == 1 ? "vectors" : "examples") + " of shape " + Arrays.toString(train.exampleShape())
                    + (config.dataset().startsWith("csv:") ? " (--image-shape CxHxW reads a CSV's columns as pixels)" : "")
                    + (vectorModel(config.model()) ? "; model '" + config.model() + "' flattens images into vectors" : ""));
        this.model = built.prepare(given); // e.g. ICL adds its projection head to the model's parameters
        if (built instanceof UsesValidation v && v.validationSize() > 0) {
            // Held out of the unlabeled pool, balanced over classes, so the method never trains on it.
            this.split = split.withValidation(train, v.validationSize(), config.seed());
            int[] rows = split.validation();
            v.validation(train.features(rows), train.labels(rows));
        }
        if (built instanceof org.semisup4j.method.LabelsPool p) p.pool(train, split.unlabeled());
        this.method = built;
    }

    /** Balanced labels, or the class-mismatch split; then the unlabeled-amount subsample (Oliver et al. 2018). */
    private static LabelSplit initialSplit(RunConfig c, Dataset data) {
        LabelSplit split;
        if (c.mismatch() >= 0) {
            int k = c.mismatchLabeledClasses(), classes = data.numClasses();
            if (k < 1 || k >= classes)
                throw new IllegalArgumentException("class mismatch needs 1.." + (classes - 1) + " labeled classes, got " + k);
            int[] labeled = java.util.stream.IntStream.range(0, k).toArray();
            int[] others = java.util.stream.IntStream.range(k, classes).toArray();
            int unlabeledClasses = Math.min(others.length, k);
            // As many unlabeled examples per class as the rarest class leaves once labels are taken.
            int perClass = Arrays.stream(data.classCounts()).min().orElse(0) - Math.max(1, c.labels() / k);
            split = LabelSplit.classMismatch(data, labeled, Math.max(1, c.labels() / k), others, unlabeledClasses,
                    c.mismatch(), perClass, c.seed());
        } else {
            split = LabelSplit.balanced(data, c.labels(), c.seed());
        }
        if (c.validation() > 0) split = split.withValidation(data, c.validation(), c.seed());
        return c.unlabeledFraction() < 1 ? split.withUnlabeledFraction(data, c.unlabeledFraction(), c.seed()) : split;
    }

    /** The test examples of the first {@code k} classes: under class mismatch only those are ever labeled. */
    private static Dataset labeledClassesOnly(Dataset test, int k) {
        return test.subset(java.util.stream.IntStream.range(0, test.size()).filter(i -> test.label(i) < k).toArray());
    }

    /** Loads and splits the data and builds the model and method, without training. */
    public static Experiment prepare(RunConfig config) {
        return new Experiment(config, null);
    }

    /**
     * As {@link #prepare(RunConfig)}, but trains the given model (e.g. a user's own network wrapped by
     * {@code NetworkModel.of}) instead of building one from the configuration's {@code model} field. The model
     * is trained in place, unless the method extends it ({@code Method#prepare}: ICL with a projection head
     * trains a copy that has one; {@link #model()} is the model trained).
     */
    public static Experiment prepare(RunConfig config, Model model) {
        if (model == null) throw new IllegalArgumentException("model must not be null (use prepare(config) to build one)");
        return new Experiment(config, model);
    }

    /** Prepares and trains; listeners see every step. */
    public static TrainingResult run(RunConfig config, TrainingListener... listeners) {
        return prepare(config).trainer(null, listeners).run();
    }

    /**
     * A trainer for this experiment, writing to {@code runFolder} when it is not null (a folder that already
     * holds a run is refused; see {@link Trainer#resumeFrom} to continue one). The experiment's model is
     * trained in place: a second trainer continues from the weights the first left — prepare the experiment
     * again to start over.
     */
    public Trainer trainer(Path runFolder, TrainingListener... listeners) {
        // A method that reads no unlabeled rows has nothing to compose: it gets B labeled rows per batch
        // under either composition (a uniform batch would often hold no labeled row at all).
        BatchSampler sampler = switch (config.batches()) {
            case "fixed-share" -> BatchSampler.fixedShare(train, split, config.batchSize(),
                    method.usesUnlabeled() ? config.unlabeledRatio() : 0, config.seed());
            case "uniform" -> method.usesUnlabeled()
                    ? BatchSampler.uniform(train, split, config.batchSize() * (1 + config.unlabeledRatio()), config.seed())
                    : BatchSampler.fixedShare(train, split, config.batchSize(), 0, config.seed());
            default -> throw new IllegalArgumentException("configuration field 'batches' must be fixed-share or uniform, got '"
                    + config.batches() + "'");
        };
        long[] shape = train.exampleShape();
        boolean imageViews = config.augment().equals("image") && flattenedImages != null;
        Trainer.Builder b = Trainer.builder()
                .model(model).method(method).batches(sampler)
                .augment(imageViews ? Augmentations.onFlattened(flattenedImages, Augmentations.weakImage()) : Augmentations.weak(shape),
                        imageViews ? Augmentations.onFlattened(flattenedImages, Augmentations.strongImage())
                                : Augmentations.strong(shape, config.strongNoise()))
                .learningRate(learningRate(config)).steps(config.steps()).seed(config.seed())
                .test(test, config.evalEvery())
                .configuration(configuration());
        if (config.ema() > 0) b.evaluateEma(config.ema());
        if (runFolder != null) b.runFolder(runFolder, Math.max(1, config.steps() / 4));
        for (TrainingListener l : listeners) b.listener(l);
        return b.build();
    }

    /** A CSV's feature scaling with {@code auto} resolved: standard for vectors, unit for images. */
    private static String csvScaling(String spec, boolean images) {
        String scale = Datasets.csvScaling(spec);
        return scale.equals("auto") ? (images ? "unit" : "standard") : scale;
    }

    private Map<String, Object> configuration() {
        Map<String, Object> c = new LinkedHashMap<>(config.toMap());
        if (userModel) c.put("model", model.describe());   // not a name the configuration could rebuild
        c.put("split", split.name() + ": " + split.description());
        c.put("split.labeled_indices", Arrays.toString(split.labeled()));
        if (config.dataset().trim().startsWith("csv:")) c.put("features", switch (csvScaling(config.dataset(), train.exampleShape().length == 3)) {
            case "standard" -> "standardised per column with the training part's mean and std";
            case "unit" -> "divided by the training part's largest value";
            default -> "as in the file";
        });
        c.put("train_examples", train.size());
        c.put("test_examples", test.size());
        // What a later run needs to rebuild this model as a teacher (SavedRun) and to check it fits its data.
        c.put("input_shape", Arrays.toString(train.exampleShape()));
        c.put("classes", train.numClasses());
        return c;
    }

    private static Dataset[] load(RunConfig c) throws IOException {
        String spec = c.imageShape() != null && c.dataset().startsWith("csv:") && !c.dataset().contains("shape=") ? c.dataset() + ",shape=" + c.imageShape() : c.dataset();
        Dataset train, test;
        if (spec.startsWith("csv:") && !spec.contains("test=")) {
            // One file: hold out a seeded 20 % as the test set.
            String withLabel = spec.contains("label=") ? spec : spec + ",label=" + c.labelColumn();
            Dataset all = Datasets.byName(withLabel, true);
            int[] order = shuffled(all.size(), c.seed());
            int nTest = Math.max(1, all.size() / 5);
            test = all.subset(Arrays.copyOfRange(order, 0, nTest));
            train = all.subset(Arrays.copyOfRange(order, nTest, order.length));
        } else {
            String withLabel = spec.startsWith("csv:") && !spec.contains("label=") ? spec + ",label=" + c.labelColumn() : spec;
            train = Datasets.byName(withLabel, true);
            test = Datasets.byName(withLabel, false);
        }
        if (c.imageShape() != null && !spec.startsWith("csv:")) {   // a CSV's loader reads the shape itself, naming the file
            if (train.exampleShape().length != 1)
                throw new IllegalArgumentException("configuration field 'image_shape' is for data of vectors (csv:, digits); dataset '"
                        + c.dataset() + "' already has examples of shape " + Arrays.toString(train.exampleShape()));
            train = Datasets.asImages(train, CsvDatasets.imageShape(c.imageShape()));
            test = Datasets.asImages(test, CsvDatasets.imageShape(c.imageShape()));
        }
        if (spec.startsWith("csv:")) {
            // The methods' noise, ε and masking are in standardised units, the image augmentations in pixels of [0,1]:
            // statistics from the training part only.
            String scale = csvScaling(spec, train.exampleShape().length == 3);
            if (scale.equals("standard")) {
                Standardization s = Standardization.fit(train);
                train = s.apply(train);
                test = s.apply(test);
            } else if (scale.equals("unit")) {
                double max = train.features().maxNumber().doubleValue();
                if (max > 1) {
                    train = new Dataset(train.name(), train.features().div(max), train.labels(), train.classNames());
                    test = new Dataset(test.name(), test.features().div(max), test.labels(), test.classNames());
                }
            }
        }
        if (c.trainSize() > 0 && c.trainSize() < train.size()) train = train.subset(shuffled(train.size(), c.seed() + 17, c.trainSize()));
        if (c.testSize() > 0 && c.testSize() < test.size()) test = test.subset(shuffled(test.size(), 29, c.testSize()));
        Dataset images = null;
        if (vectorModel(c.model()) && train.exampleShape().length == 3) {
            // An MLP on images reads them as vectors (the factory builds it for C·H·W inputs).
            images = train;
            train = flattened(train);
            test = flattened(test);
        }
        return new Dataset[]{train, test, images};
    }

    private static Dataset flattened(Dataset d) {
        return new Dataset(d.name(), d.features().reshape(d.size(), -1), d.labels(), d.classNames());
    }

    private static int[] shuffled(int n, long seed) {
        return shuffled(n, seed, n);
    }

    /** The first {@code k} of a seeded permutation of 0..n−1, sorted so subsets keep the data's order. */
    private static int[] shuffled(int n, long seed, int k) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = idx[i]; idx[i] = idx[j]; idx[j] = t;
        }
        int[] out = Arrays.copyOf(idx, k);
        if (k < n) Arrays.sort(out);
        return out;
    }

    private static Model checked(Model model, Dataset data) {
        if (!Arrays.equals(model.inputShape(), data.exampleShape()))
            throw new IllegalArgumentException("model " + model.describe() + " reads examples of shape " + Arrays.toString(model.inputShape())
                    + " but dataset '" + data.name() + "' has examples of shape " + Arrays.toString(data.exampleShape()));
        if (model.numClasses() != data.numClasses())
            throw new IllegalArgumentException("model " + model.describe() + " has " + model.numClasses() + " classes but dataset '"
                    + data.name() + "' has " + data.numClasses());
        return model;
    }

    /** Models that read vectors (an image is flattened for them). */
    private static boolean vectorModel(String model) {
        return model.equals("mlp") || model.equals("mlp-bn") || model.startsWith("mlp:") || model.startsWith("shallow:");
    }

    private static Model buildModel(RunConfig c, Dataset data) {
        return model(c, data.exampleShape(), data.numClasses());
    }

    /**
     * The model {@code c} names, for examples of the given shape and class count, initialised from the
     * config's seed: what {@link #prepare} builds, and what {@link SavedRun} loads a finished run's weights into.
     */
    public static Model model(RunConfig c, long[] shape, int classes) {
        Optimizer opt = switch (c.optimizer()) {
            case "adam" -> Optimizer.adam(c.learningRate(), c.weightDecay());
            case "sgd" -> Optimizer.sgd(c.learningRate(), 0.9, true, c.weightDecay());
            default -> throw new IllegalArgumentException("configuration field 'optimizer' must be adam or sgd, got '" + c.optimizer() + "'");
        };
        Models.Options o = Models.options().seed(c.seed()).dropout(c.dropout()).optimizer(opt);
        if (vectorModel(c.model()) && c.model().contains(":")) return sizedMlp(o, c.model(), shape, classes);
        String kind = c.model().equals("auto") ? (shape.length == 1 ? "mlp" : "cnn") : c.model();
        // mlp-bn: the same MLP with batch norm before each hidden activation (the VAT paper's MNIST MLP has it)
        if (kind.equals("mlp-bn")) o = o.batchNorm(true);
        if (shape.length == 1) {
            if (!kind.equals("mlp") && !kind.equals("mlp-bn")) throw new IllegalArgumentException("model '" + kind + "' needs images; this dataset has vectors");
            return Models.mlp(o, (int) shape[0], 100, 100, classes);
        }
        if (shape.length != 3) throw new IllegalArgumentException("examples of shape " + Arrays.toString(shape) + " are neither vectors nor images");
        int ch = (int) shape[0], h = (int) shape[1], w = (int) shape[2];
        return switch (kind) {
            case "mlp", "mlp-bn" -> Models.mlp(o, ch * h * w, 256, 256, classes);
            case "cnn" -> Models.smallCnn(o, ch, h, w, classes);
            case "cnn13" -> Models.convLarge(o, ch, h, w, classes);
            case "wrn28-2" -> Models.wideResNet(o, 28, 2, ch, h, w, classes);
            default -> throw new IllegalArgumentException("configuration field 'model' must be auto, mlp, mlp-bn, mlp:H1-H2-…, "
                    + "shallow:W[/K], cnn, cnn13 or wrn28-2, got '" + kind + "'");
        };
    }

    /**
     * {@code mlp:200-200-200} (these hidden widths) or {@code shallow:W} (one hidden layer of width W) and
     * {@code shallow:W/K} (the same behind a linear bottleneck of K units: Ba & Caruana's mimic students).
     */
    private static Model sizedMlp(Models.Options o, String spec, long[] shape, int classes) {
        long inputs = 1;
        for (long d : shape) inputs *= d;
        String sizes = spec.substring(spec.indexOf(':') + 1);
        try {
            if (spec.startsWith("shallow:")) {
                String[] wk = sizes.split("/");
                int width = Integer.parseInt(wk[0]);
                return wk.length == 2 ? Models.bottleneckMlp(o, (int) inputs, Integer.parseInt(wk[1]), width, classes)
                        : Models.mlp(o, (int) inputs, width, classes);
            }
            int[] hidden = Arrays.stream(sizes.split("-")).mapToInt(Integer::parseInt).toArray();
            int[] all = new int[hidden.length + 2];
            all[0] = (int) inputs;
            System.arraycopy(hidden, 0, all, 1, hidden.length);
            all[all.length - 1] = classes;
            return Models.mlp(o, all);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration field 'model': '" + spec + "' must be mlp:H1-H2-… or shallow:W or "
                    + "shallow:W/K with whole numbers, e.g. mlp:200-200-200, shallow:2000/50");
        }
    }

    private static Schedule learningRate(RunConfig c) {
        return switch (c.learningRateSchedule()) {
            case "constant" -> Schedule.constant(c.learningRate());
            case "cosine" -> Schedule.cosine(c.learningRate());
            case "fixmatch-cosine" -> Schedule.fixMatchCosine(c.learningRate());
            default -> throw new IllegalArgumentException("configuration field 'lr_schedule' must be constant, cosine or fixmatch-cosine, got '"
                    + c.learningRateSchedule() + "'");
        };
    }

    /**
     * Trains on another split of the same training rows from now on (active learning's growing labeled pool);
     * call before {@link #trainer}.
     *
     * @throws IllegalArgumentException when the split was made for other data
     */
    public Experiment useSplit(LabelSplit other) {
        other.checkMatches(train);
        this.split = other;
        return this;
    }

    public RunConfig config() { return config; }
    public Dataset train() { return train; }
    public Dataset test() { return test; }
    public LabelSplit split() { return split; }
    /** The split's validation examples with their labels (empty unless {@link RunConfig#validation} is set). */
    public Dataset validation() { return train.subset(split.validation()); }
    public Model model() { return model; }
    public Method method() { return method; }
}
