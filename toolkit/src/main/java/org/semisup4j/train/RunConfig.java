package org.semisup4j.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import org.semisup4j.augment.Augmentations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything that defines a run — method and its hyperparameters, data, label split, model, budget and
 * seed — as one value shared by the CLI, the notebooks and the benchmarks. Immutable: each {@code with}
 * method returns a changed copy, so a notebook can sweep a setting without side effects.
 *
 * <pre>{@code
 * RunConfig c = RunConfig.of("two-moons").method("supervised").labels(6).seed(0).steps(500);
 * }</pre>
 */
public final class RunConfig {
    /** Optional fields: absent from {@link #of}'s defaults until set. A new optional setter adds its key here. */
    private static final Set<String> OPTIONAL = Set.of("strong_noise", "unlabeled_fraction", "mismatch", "mismatch_labeled_classes",
            "validation", "image_shape",
            "augment");
    /**
     * What a run folder's config.json records about a run besides its configuration (the split drawn, the
     * data's shape and sizes, the augmentations built). {@link #load} keeps them, for whoever reads that run;
     * changing any setting drops them, and the next run records its own.
     */
    private static final Set<String> RECORDED = Set.of("split", "split.labeled_indices", "train_examples", "test_examples",
            "input_shape", "classes", "augment.weak", "augment.strong", "evaluate_ema", "features");
    private final Map<String, Object> values;
    /** Where {@link #paramOr} notes the names it is asked for; null except on a {@link #tracingParamReads} copy. */
    private final Set<String> paramReads;

    private RunConfig(Map<String, Object> values) {
        this(values, null);
    }

    private RunConfig(Map<String, Object> values, Set<String> paramReads) {
        this.values = Collections.unmodifiableMap(values);
        this.paramReads = paramReads;
    }

    /**
     * This configuration, noting in {@code reads} the name of every method parameter looked up through it:
     * how {@link org.semisup4j.method.Methods#create} learns which parameters a method has, so that a
     * misspelt one is an error instead of being ignored.
     */
    public RunConfig tracingParamReads(Set<String> reads) {
        return new RunConfig(values, Objects.requireNonNull(reads, "reads"));
    }

    /** Defaults for a dataset name ("two-moons", "fashion-mnist", "csv:PATH", …). */
    public static RunConfig of(String dataset) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("dataset", dataset);
        v.put("label_column", "label");
        v.put("method", "supervised");
        v.put("labels", 10);
        v.put("seed", 0L);
        v.put("steps", 500);
        v.put("batch_size", 32);
        v.put("unlabeled_ratio", 3);
        v.put("batches", "fixed-share");
        v.put("model", "auto");
        v.put("optimizer", "adam");
        v.put("lr", 3e-3);
        v.put("lr_schedule", "constant");
        v.put("weight_decay", 0.0);
        v.put("dropout", 0.0);
        v.put("eval_every", 50);
        v.put("ema", 0.0);
        v.put("noise", 0.0);
        v.put("train_size", 0);
        v.put("test_size", 0);
        return new RunConfig(v);
    }

    private RunConfig with(String key, Object value) {
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.keySet().removeAll(RECORDED); // what a run folder recorded describes that run, not a changed one
        v.put(key, value);
        return new RunConfig(v);
    }

    public RunConfig method(String name) { return with("method", name); }
    public RunConfig dataset(String name) { return with("dataset", name); }
    public RunConfig labelColumn(String column) { return with("label_column", column); }
    /**
     * For data of vectors ({@code csv:}, {@code digits}): read each row's values as an image of this shape,
     * {@code CxHxW} (e.g. {@code 1x28x28}; pixels in C order), so image models, augmentations and image-only
     * methods apply.
     */
    public RunConfig imageShape(String shape) { return with("image_shape", shape); }
    /** Total number of labeled examples, balanced over classes. */
    public RunConfig labels(int total) { return with("labels", total); }
    public RunConfig seed(long seed) { return with("seed", seed); }
    public RunConfig steps(int steps) { return with("steps", steps); }
    /** Labeled examples per batch (B). */
    public RunConfig batchSize(int b) { return with("batch_size", b); }
    /** Unlabeled examples per labeled one in a batch (μ). */
    public RunConfig unlabeledRatio(int mu) { return with("unlabeled_ratio", mu); }
    /**
     * "fixed-share" (B labeled + μB unlabeled per batch) or "uniform" (B(1+μ) rows from labeled ∪ unlabeled).
     * Methods that read no unlabeled data (supervised, NCR) get B labeled rows per batch under either.
     */
    public RunConfig batches(String composition) { return with("batches", composition); }
    /** "auto" (MLP for vectors, small CNN for images), "mlp", "mlp-bn" (with batch norm), "cnn", "cnn13", "wrn28-2". */
    public RunConfig model(String model) { return with("model", model); }
    /** "adam" or "sgd" (Nesterov momentum 0.9). */
    public RunConfig optimizer(String name) { return with("optimizer", name); }
    public RunConfig learningRate(double lr) { return with("lr", lr); }
    /** "constant", "cosine" or "fixmatch-cosine". */
    public RunConfig learningRateSchedule(String name) { return with("lr_schedule", name); }
    public RunConfig weightDecay(double wd) { return with("weight_decay", wd); }
    public RunConfig dropout(double p) { return with("dropout", p); }
    public RunConfig evalEvery(int steps) { return with("eval_every", steps); }
    /** EMA decay of an extra evaluation model (0: none). */
    public RunConfig ema(double decay) { return with("ema", decay); }
    /** Symmetric label noise injected into the labeled examples (0 … 1). */
    public RunConfig noise(double rate) { return with("noise", rate); }
    /**
     * σ of the strong augmentation's Gaussian noise on vector inputs, in standardised units (default
     * {@value Augmentations#STRONG_VECTOR_SIGMA}). Hard-label methods need it on the
     * scale of the gap between clusters (on two moons about 0.4); choose it on the validation part with
     * {@link Tuning} ({@code grid("strong_noise", …)}), not on the test set.
     */
    public RunConfig strongNoise(double sigma) { return with("strong_noise", sigma); }
    /**
     * Which augmentations a model that flattens images (an MLP on Fashion-MNIST) gets: {@code "vector"} (the
     * default: Gaussian noise and masking on the pixels) or {@code "image"} (flips, crops and RandAugment on the
     * images, then flattened — the papers' augmentations at an MLP's price). Models that read images always get
     * the image ones, vector data the vector ones.
     */
    public RunConfig augment(String kind) { return with("augment", kind); }
    /** Use only the first N training / test examples (0: all) — quick modes. */
    public RunConfig trainSize(int n) { return with("train_size", n); }
    public RunConfig testSize(int n) { return with("test_size", n); }
    /**
     * Hold out {@code total} examples (balanced over the labeled classes, taken from the unlabeled pool) as
     * the split's validation part, for choosing settings without the test set ({@link Tuning}); 0 (default):
     * none. Keep it small — no larger than the labeled set — as Oliver et al. (2018) ask: a practitioner
     * with 40 labels does not also have 5 000 labeled validation examples.
     */
    public RunConfig validation(int total) { return with("validation", total); }
    /** Keep this share of the unlabeled pool (Oliver et al.'s unlabeled-amount sweep); 1 = all (default). */
    public RunConfig unlabeledFraction(double share) { return with("unlabeled_fraction", share); }
    /**
     * Oliver et al.'s class-mismatch protocol: labels on the first {@code labeledClasses} classes (the
     * test set keeps only those), unlabeled data from as many classes as remain, {@code share} of them
     * drawn from the never-labeled classes. Off (the ordinary balanced split) unless set.
     */
    public RunConfig mismatch(double share, int labeledClasses) {
        return with("mismatch", share).with("mismatch_labeled_classes", labeledClasses);
    }
    /**
     * A method's own hyperparameter, e.g. {@code param("threshold", 0.95)}. A name that no registered method
     * reads is an error when the method is built; one that only other methods read is left unused, so one
     * base configuration can carry the parameters of every method a comparison runs.
     */
    public RunConfig param(String name, Object value) { return with("method." + name, value); }

    /** This configuration without any method parameter (a workflow's stage that runs another method). */
    public RunConfig withoutParams() {
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.keySet().removeIf(k -> k.startsWith("method.") || RECORDED.contains(k));
        return new RunConfig(v);
    }

    public String method() { return text("method"); }
    public String dataset() { return text("dataset"); }
    public String labelColumn() { return text("label_column"); }
    public int labels() { return num("labels").intValue(); }
    public long seed() { return num("seed").longValue(); }
    public int steps() { return num("steps").intValue(); }
    public int batchSize() { return num("batch_size").intValue(); }
    public int unlabeledRatio() { return num("unlabeled_ratio").intValue(); }
    public String batches() { return text("batches"); }
    public String model() { return text("model"); }
    public String optimizer() { return text("optimizer"); }
    public double learningRate() { return num("lr").doubleValue(); }
    public String learningRateSchedule() { return text("lr_schedule"); }
    public double weightDecay() { return num("weight_decay").doubleValue(); }
    public double dropout() { return num("dropout").doubleValue(); }
    public int evalEvery() { return num("eval_every").intValue(); }
    public double ema() { return num("ema").doubleValue(); }
    public double noise() { return num("noise").doubleValue(); }
    public int trainSize() { return num("train_size").intValue(); }
    public int testSize() { return num("test_size").intValue(); }
    public double strongNoise() {
        return values.containsKey("strong_noise") ? num("strong_noise").doubleValue() : Augmentations.STRONG_VECTOR_SIGMA;
    }
    /** {@code "vector"} or {@code "image"}: see {@link #augment(String)}. */
    public String augment() { return values.containsKey("augment") ? text("augment") : "vector"; }
    /** The {@code CxHxW} shape vector rows are read as, or null (they stay vectors). */
    public String imageShape() { return text("image_shape"); }
    public int validation() { return values.containsKey("validation") ? num("validation").intValue() : 0; }
    public double unlabeledFraction() { return values.containsKey("unlabeled_fraction") ? num("unlabeled_fraction").doubleValue() : 1.0; }
    /** The mismatch share, or −1 when the class-mismatch protocol is off. */
    public double mismatch() { return values.containsKey("mismatch") ? num("mismatch").doubleValue() : -1; }
    public int mismatchLabeledClasses() { return values.containsKey("mismatch_labeled_classes") ? num("mismatch_labeled_classes").intValue() : 0; }

    /** The method's own hyperparameters (keys without the "method." prefix). */
    public Map<String, Object> methodParams() {
        Map<String, Object> p = new LinkedHashMap<>();
        values.forEach((k, v) -> { if (k.startsWith("method.")) p.put(k.substring(7), v); });
        return p;
    }

    /** A method parameter as a number, or {@code fallback} when it is not set. (Not named {@code param}: an
     *  overload would make {@code param("lambda_u", 10.0)} read, not set, the value.) */
    public double paramOr(String name, double fallback) {
        Object v = param(name);
        if (v == null) return fallback;
        if (v instanceof Number n) return n.doubleValue();
        try {
            return Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("method parameter '" + name + "' must be a number, got '" + v + "'");
        }
    }

    /** A method parameter that counts something (steps, passes, neighbours), or {@code fallback} when it is not set. */
    public int wholeParamOr(String name, int fallback) {
        double v = paramOr(name, fallback);
        if (v != Math.rint(v)) throw new IllegalArgumentException("method parameter '" + name + "' must be a whole number, got " + v);
        return (int) v;
    }

    /** A method parameter as text (e.g. a schedule's name), or {@code fallback} when it is not set. */
    public String paramOr(String name, String fallback) {
        Object v = param(name);
        return v == null ? fallback : v.toString();
    }

    private Object param(String name) {
        if (paramReads != null) paramReads.add(name);
        return values.get("method." + name);
    }

    private String text(String key) {
        Object v = values.get(key);
        return v == null ? null : v.toString();
    }

    private Number num(String key) {
        Object v = values.get(key);
        if (v instanceof Number n) return n;
        try {
            return Double.parseDouble(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration field '" + key + "' must be a number, got '" + v + "'");
        }
    }

    public Map<String, Object> toMap() {
        return values;
    }

    /**
     * Checks every numeric field's range before any data is loaded (a config.json is read without the
     * setters' help), naming the field as config.json spells it.
     *
     * @throws IllegalArgumentException for the first field out of range
     */
    public RunConfig validate() {
        wholeAtLeast("labels", 1);
        wholeAtLeast("steps", 1);
        wholeAtLeast("batch_size", 1);
        wholeAtLeast("unlabeled_ratio", 0);
        wholeAtLeast("eval_every", 0);
        wholeAtLeast("train_size", 0);
        wholeAtLeast("test_size", 0);
        whole("seed");
        if (values.containsKey("validation")) wholeAtLeast("validation", 0);
        if (imageShape() != null) {
            if (!imageShape().matches("[1-9]\\d{0,5}x[1-9]\\d{0,5}x[1-9]\\d{0,5}"))
                throw new IllegalArgumentException("configuration field 'image_shape' must be CxHxW with positive whole numbers, "
                        + "e.g. 1x28x28 or 3x32x32, got '" + imageShape() + "'");
        }
        if (!augment().equals("vector") && !augment().equals("image"))
            throw new IllegalArgumentException("configuration field 'augment' must be vector or image, got '" + augment() + "'");
        if (values.containsKey("unlabeled_fraction")) within("unlabeled_fraction", unlabeledFraction(), 0, false, "(0, 1]");
        if (values.containsKey("mismatch")) within("mismatch", mismatch(), 0, true, "[0, 1]");
        return this;
    }

    private void wholeAtLeast(String key, long min) {
        double v = whole(key);
        if (v < min) throw new IllegalArgumentException("configuration field '" + key + "' must be at least " + min + ", got " + trim(v));
    }

    private double whole(String key) {
        double v = num(key).doubleValue();
        if (v != Math.rint(v)) throw new IllegalArgumentException("configuration field '" + key + "' must be a whole number, got " + v);
        return v;
    }

    private static void within(String key, double v, double low, boolean lowIncluded, String range) {
        if (!(lowIncluded ? v >= low : v > low) || !(v <= 1))
            throw new IllegalArgumentException("configuration field '" + key + "' must be in " + range + ", got " + v);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    public void save(Path file) throws IOException {
        Json.write(file, values);
    }


    /** The field names a config.json may hold, besides {@code method.NAME} parameters, in {@link #of}'s order. */
    public static List<String> knownFields() {
        List<String> known = new ArrayList<>(of("").values.keySet());
        known.addAll(new TreeSet<>(OPTIONAL));
        return known;
    }

    /**
     * Reads a config.json written by {@link #save} or by a run folder. Every field must be known (a misspelt
     * one would otherwise leave its default in place unnoticed) and hold a number, a text or a boolean; whole numbers
     * stay exact (a 64-bit seed survives the round trip).
     *
     * @throws IOException naming the file and the field when the file is not such a configuration
     */
    public static RunConfig load(Path file) throws IOException {
        JsonObject o;
        try {
            o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a JSON object (" + e.getMessage() + ")", e);
        }
        if (!o.has("dataset")) throw new IOException(file + ": field 'dataset' is missing");
        List<String> known = knownFields();
        Map<String, Object> v = new LinkedHashMap<>();
        for (var e : o.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith("method.") && !known.contains(key) && !RECORDED.contains(key))
                throw new IOException(file + ": unknown field '" + key + "'; known fields are " + String.join(", ", known)
                        + " and method.NAME for a method's parameters");
            if (!e.getValue().isJsonPrimitive())
                throw new IOException(file + ": field '" + key + "' must be a number, a text or a boolean, got " + e.getValue());
            JsonPrimitive p = e.getValue().getAsJsonPrimitive();
            v.put(key, p.isNumber() ? number(p.getAsString()) : p.isBoolean() ? (Object) p.getAsBoolean() : p.getAsString());
        }
        if (!(v.get("dataset") instanceof String dataset))
            throw new IOException(file + ": field 'dataset' must be a text such as \"two-moons\" or \"csv:PATH\", got " + o.get("dataset"));
        Map<String, Object> all = new LinkedHashMap<>(of(dataset).values);
        all.putAll(v);
        return new RunConfig(all);
    }

    /** A JSON number: a long when it is written as a whole number that fits one, else a double. */
    private static Number number(String text) {
        if (text.matches("-?\\d{1,18}")) return Long.parseLong(text);
        return Double.parseDouble(text);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunConfig r && values.equals(r.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
