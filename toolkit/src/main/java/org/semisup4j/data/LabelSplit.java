package org.semisup4j.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Which examples of a dataset a method may see with their labels (labeled), without them (unlabeled) and
 * for model selection (validation). A split is data: it is made once from a seed, saved as a small JSON
 * file, and reloaded so every method, notebook and benchmark trains on exactly the same examples.
 *
 * <p>Labeled and validation never overlap anything else. By default the unlabeled pool is disjoint from the
 * labeled set (as in Oliver et al. 2018); {@link #withLabeledInUnlabeled()} gives the FixMatch convention
 * where every training example is also unlabeled data. Index lists are sorted; samplers shuffle them.
 *
 * <p>A split also records per-class counts of each part (computed from the dataset when the split was made)
 * so {@link #checkMatches(Dataset)} can catch a split applied to the wrong data.
 */
public final class LabelSplit {
    static final String FORMAT = "semisup4j-label-split/1";

    private final String name;
    private final String datasetName;
    private final int datasetSize;
    private final long seed;
    private final String description;
    private final int[] labeled;
    private final int[] unlabeled;
    private final int[] validation;
    private final int[] labeledCounts;
    private final int[] unlabeledCounts;
    private final int[] validationCounts;

    private LabelSplit(String name, String datasetName, int datasetSize, long seed, String description, int[] labeled,
                       int[] unlabeled, int[] validation, int[] labeledCounts, int[] unlabeledCounts, int[] validationCounts) {
        this.name = Objects.requireNonNull(name, "name");
        this.datasetName = Objects.requireNonNull(datasetName, "datasetName");
        this.datasetSize = datasetSize;
        this.seed = seed;
        this.description = Objects.requireNonNull(description, "description");
        this.labeled = sortedChecked(labeled, "labeled");
        this.unlabeled = sortedChecked(unlabeled, "unlabeled");
        this.validation = sortedChecked(validation, "validation");
        this.labeledCounts = labeledCounts.clone();
        this.unlabeledCounts = unlabeledCounts.clone();
        this.validationCounts = validationCounts.clone();
        if (labeledCounts.length != unlabeledCounts.length || labeledCounts.length != validationCounts.length) {
            throw new IllegalArgumentException("split '" + name + "': class count arrays differ in length");
        }
        checkCounts(this.labeled, labeledCounts, "labeled");
        checkCounts(this.unlabeled, unlabeledCounts, "unlabeled");
        checkCounts(this.validation, validationCounts, "validation");
        checkDisjoint(this.labeled, this.validation, "labeled", "validation");
        checkDisjoint(this.unlabeled, this.validation, "unlabeled", "validation");
    }

    /** A split from explicit index lists, e.g. one a user made by hand. */
    public static LabelSplit of(String name, Dataset data, int[] labeled, int[] unlabeled, int[] validation, long seed, String description) {
        return new LabelSplit(name, data.name(), data.size(), seed, description, labeled, unlabeled, validation,
                counts(data, labeled), counts(data, unlabeled), counts(data, validation));
    }

    /**
     * The same indices over {@code relabeled}, a copy of this split's dataset whose labels were changed
     * (e.g. by {@link LabelNoise}); the class counts are re-read so {@link #checkMatches} accepts it.
     */
    public LabelSplit relabeled(Dataset relabeled, String why) {
        if (relabeled.size() != datasetSize)
            throw new IllegalArgumentException("split '" + name + "' covers " + datasetSize + " examples; '"
                    + relabeled.name() + "' has " + relabeled.size());
        return of(name, relabeled, labeled, unlabeled, validation, seed, description + "; " + why);
    }

    /**
     * {@code labelsTotal} labeled examples spread evenly over the classes; when C does not divide it, the
     * remainder goes one each to classes chosen by the seed. Everything else is unlabeled.
     */
    public static LabelSplit balanced(Dataset data, int labelsTotal, long seed) {
        int c = data.numClasses();
        if (labelsTotal < c) {
            throw new IllegalArgumentException("labelsTotal = " + labelsTotal + " is fewer than the " + c + " classes of " + data.name());
        }
        int[] perClass = new int[c];
        Arrays.fill(perClass, labelsTotal / c);
        int[] extra = Seeds.permutation(c, Seeds.random(seed, Seeds.SPLIT, -1));
        for (int i = 0; i < labelsTotal % c; i++) {
            perClass[extra[i]]++;
        }
        int[] labeled = drawPerClass(data, perClass, new BitSet(), seed, Seeds.SPLIT);
        String description = "balanced: " + labelsTotal + " labels over " + c + " classes " + Arrays.toString(perClass)
                + ", seed " + seed + "; unlabeled = all other examples";
        return of(data.name() + "/balanced-" + labelsTotal + "/seed-" + seed, data, labeled, complement(data.size(), labeled), new int[0], seed, description);
    }

    /** {@code perClass} labeled examples of every class; everything else is unlabeled. */
    public static LabelSplit perClass(Dataset data, int perClass, long seed) {
        return balanced(data, perClass * data.numClasses(), seed);
    }

    /**
     * The class-mismatch protocol of Oliver et al. (2018): labels only for {@code labeledClasses}; the
     * unlabeled pool comes from {@code unlabeledClassCount} classes of which {@code round(mismatch × count)}
     * are drawn from {@code otherClasses} (never labeled) and the rest from {@code labeledClasses}, with
     * {@code unlabeledPerClass} examples each (not reusing labeled ones). With CIFAR-10: labeled classes 2–7,
     * others {0, 1, 8, 9}, 4 unlabeled classes, mismatch 0, 0.25, .., 1. Labels stay in the dataset's
     * 0..C-1 numbering; the model keeps C outputs.
     */
    public static LabelSplit classMismatch(Dataset data, int[] labeledClasses, int labelsPerClass, int[] otherClasses,
                                           int unlabeledClassCount, double mismatch, int unlabeledPerClass, long seed) {
        if (!(mismatch >= 0 && mismatch <= 1)) {
            throw new IllegalArgumentException("mismatch = " + mismatch + ", expected a share in [0, 1]");
        }
        int outCount = (int) Math.round(mismatch * unlabeledClassCount);
        int inCount = unlabeledClassCount - outCount;
        if (outCount > otherClasses.length || inCount > labeledClasses.length) {
            throw new IllegalArgumentException("cannot draw " + inCount + " unlabeled classes from labeled classes "
                    + Arrays.toString(labeledClasses) + " and " + outCount + " from other classes " + Arrays.toString(otherClasses));
        }
        BitSet seen = new BitSet();
        for (int k : concat(labeledClasses, otherClasses)) {
            if (k < 0 || k >= data.numClasses() || seen.get(k)) {
                throw new IllegalArgumentException("class " + k + " is out of range 0.." + (data.numClasses() - 1)
                        + " or listed twice in labeled " + Arrays.toString(labeledClasses) + " / other " + Arrays.toString(otherClasses));
            }
            seen.set(k);
        }
        int[] perClass = new int[data.numClasses()];
        for (int k : labeledClasses) {
            perClass[k] = labelsPerClass;
        }
        int[] labeled = drawPerClass(data, perClass, new BitSet(), seed, Seeds.SPLIT);
        int[] inChosen = pick(labeledClasses, inCount, Seeds.random(seed, Seeds.SPLIT, -2));
        int[] outChosen = pick(otherClasses, outCount, Seeds.random(seed, Seeds.SPLIT, -3));
        int[] unlabeledPerClassCounts = new int[data.numClasses()];
        for (int k : concat(inChosen, outChosen)) {
            unlabeledPerClassCounts[k] = unlabeledPerClass;
        }
        int[] unlabeled = drawPerClass(data, unlabeledPerClassCounts, toBitSet(labeled), seed, Seeds.SUBSAMPLE);
        String description = String.format("class mismatch (Oliver et al. 2018): %d labels per class of %s; unlabeled %d per class "
                        + "from %s (in-distribution) + %s (other), mismatch %.0f%%, seed %d", labelsPerClass, Arrays.toString(labeledClasses),
                unlabeledPerClass, Arrays.toString(inChosen), Arrays.toString(outChosen), 100 * mismatch, seed);
        return of(data.name() + "/mismatch-" + Math.round(100 * mismatch) + "/seed-" + seed, data, labeled, unlabeled, new int[0], seed, description);
    }

    /**
     * Takes a class-balanced validation set of {@code total} examples (over the classes that have labels)
     * from the examples that are not labeled, removing them from the unlabeled pool.
     */
    public LabelSplit withValidation(Dataset data, int total, long validationSeed) {
        checkMatches(data);
        int[] labeledClasses = IntStream.range(0, labeledCounts.length).filter(k -> labeledCounts[k] > 0).toArray();
        if (labeledClasses.length == 0) {
            throw new IllegalStateException("split '" + name + "' has no labeled examples, so no classes to validate on");
        }
        int[] perClass = new int[data.numClasses()];
        for (int i = 0; i < total; i++) {
            perClass[labeledClasses[i % labeledClasses.length]]++;
        }
        BitSet excluded = toBitSet(labeled);
        excluded.or(toBitSet(validation));
        int[] fresh = drawPerClass(data, perClass, excluded, validationSeed, Seeds.VALIDATION);
        BitSet freshSet = toBitSet(fresh);
        int[] pool = IntStream.of(unlabeled).filter(i -> !freshSet.get(i)).toArray();
        return of(name + "/val-" + total, data, labeled, pool, concat(validation, fresh), seed,
                description + "; validation: " + total + " balanced over labeled classes, seed " + validationSeed);
    }

    /** Keeps a random {@code fraction} of the unlabeled pool (to vary the amount of unlabeled data). */
    public LabelSplit withUnlabeledFraction(Dataset data, double fraction, long subsampleSeed) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction = " + fraction + ", expected [0, 1]");
        }
        checkMatches(data);
        int[] order = Seeds.permutation(unlabeled.length, Seeds.random(subsampleSeed, Seeds.SUBSAMPLE, 0));
        int keep = (int) Math.round(fraction * unlabeled.length);
        int[] kept = IntStream.range(0, keep).map(i -> unlabeled[order[i]]).toArray();
        return of(name + "/unlabeled-" + keep, data, labeled, kept, validation, seed,
                description + "; unlabeled subsampled to " + keep + " (" + fraction + "), seed " + subsampleSeed);
    }

    /** The FixMatch convention: the unlabeled pool also holds the labeled examples. Needs no dataset. */
    public LabelSplit withLabeledInUnlabeled() {
        BitSet pool = toBitSet(unlabeled);
        long inPool = IntStream.of(labeled).filter(pool::get).count();
        if (inPool == labeled.length) {
            return this;
        }
        if (inPool != 0) {
            throw new IllegalStateException("split '" + name + "': " + inPool + " of " + labeled.length
                    + " labeled examples are already in the pool; expected all or none");
        }
        int[] counts = unlabeledCounts.clone();
        for (int k = 0; k < counts.length; k++) {
            counts[k] += labeledCounts[k];
        }
        return new LabelSplit(name + "/with-labeled", datasetName, datasetSize, seed,
                description + "; unlabeled pool includes the labeled examples", labeled, concat(unlabeled, labeled), validation,
                labeledCounts, counts, validationCounts);
    }

    /** Throws when {@code data} is not the dataset this split was made for (size or per-class counts differ). */
    public void checkMatches(Dataset data) {
        if (data.size() != datasetSize || data.numClasses() != labeledCounts.length
                || !Arrays.equals(counts(data, labeled), labeledCounts)
                || !Arrays.equals(counts(data, unlabeled), unlabeledCounts)
                || !Arrays.equals(counts(data, validation), validationCounts)) {
            throw new IllegalArgumentException("split '" + name + "' was made for '" + datasetName + "' (" + datasetSize
                    + " examples, labeled class counts " + Arrays.toString(labeledCounts) + ") and does not match '" + data.name()
                    + "' (" + data.size() + " examples" + (data.size() == datasetSize ? ", labeled class counts "
                    + Arrays.toString(counts(data, labeled)) : "") + ")");
        }
    }

    public String name() {
        return name;
    }

    public String datasetName() {
        return datasetName;
    }

    public int datasetSize() {
        return datasetSize;
    }

    public long seed() {
        return seed;
    }

    /** How the split was made, in words, including every seed. */
    public String description() {
        return description;
    }

    public int[] labeled() {
        return labeled.clone();
    }

    public int[] unlabeled() {
        return unlabeled.clone();
    }

    public int[] validation() {
        return validation.clone();
    }

    public int numClasses() {
        return labeledCounts.length;
    }

    public int[] labeledClassCounts() {
        return labeledCounts.clone();
    }

    /** Per-class counts of the unlabeled pool; uses hidden labels, so for diagnostics only. */
    public int[] unlabeledClassCounts() {
        return unlabeledCounts.clone();
    }

    public int[] validationClassCounts() {
        return validationCounts.clone();
    }

    /** Writes the split as JSON: metadata first, then one line per index list. */
    public void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    public String toJson() {
        Gson gson = new GsonBuilder().disableHtmlEscaping().create(); // keep '=' readable in names
        return "{\n"
                + "  \"format\": " + gson.toJson(FORMAT) + ",\n"
                + "  \"name\": " + gson.toJson(name) + ",\n"
                + "  \"dataset\": " + gson.toJson(datasetName) + ",\n"
                + "  \"datasetSize\": " + datasetSize + ",\n"
                + "  \"seed\": " + seed + ",\n"
                + "  \"description\": " + gson.toJson(description) + ",\n"
                + "  \"classCounts\": {\"labeled\": " + list(labeledCounts) + ", \"unlabeled\": " + list(unlabeledCounts)
                + ", \"validation\": " + list(validationCounts) + "},\n"
                + "  \"labeled\": " + list(labeled) + ",\n"
                + "  \"validation\": " + list(validation) + ",\n"
                + "  \"unlabeled\": " + list(unlabeled) + "\n"
                + "}\n";
    }

    /** Reads a file written by {@link #save}; every field is checked, so a hand-edited file fails clearly. */
    public static LabelSplit load(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return fromJson(text);
        } catch (JsonParseException | IllegalArgumentException | NullPointerException e) {
            throw new DatasetFormatException(file, "label split", e.getMessage(), e);
        }
    }

    public static LabelSplit fromJson(String json) {
        Json j = new Gson().fromJson(json, Json.class);
        if (j == null || !FORMAT.equals(j.format)) {
            throw new IllegalArgumentException("format is " + (j == null ? null : j.format) + ", expected " + FORMAT);
        }
        Objects.requireNonNull(j.classCounts, "classCounts missing");
        return new LabelSplit(j.name, j.dataset, j.datasetSize, j.seed, j.description,
                Objects.requireNonNull(j.labeled, "labeled missing"), Objects.requireNonNull(j.unlabeled, "unlabeled missing"),
                Objects.requireNonNull(j.validation, "validation missing"), Objects.requireNonNull(j.classCounts.labeled, "classCounts.labeled missing"),
                Objects.requireNonNull(j.classCounts.unlabeled, "classCounts.unlabeled missing"),
                Objects.requireNonNull(j.classCounts.validation, "classCounts.validation missing"));
    }

    @Override
    public String toString() {
        return "LabelSplit[" + name + "] of " + datasetName + " (" + datasetSize + " examples): labeled " + labeled.length
                + " " + Arrays.toString(labeledCounts) + ", unlabeled " + unlabeled.length + " " + Arrays.toString(unlabeledCounts)
                + ", validation " + validation.length + " " + Arrays.toString(validationCounts) + " — " + description;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSplit s && name.equals(s.name) && datasetName.equals(s.datasetName) && datasetSize == s.datasetSize
                && seed == s.seed && description.equals(s.description) && Arrays.equals(labeled, s.labeled)
                && Arrays.equals(unlabeled, s.unlabeled) && Arrays.equals(validation, s.validation)
                && Arrays.equals(labeledCounts, s.labeledCounts) && Arrays.equals(unlabeledCounts, s.unlabeledCounts)
                && Arrays.equals(validationCounts, s.validationCounts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, datasetName, datasetSize, seed, Arrays.hashCode(labeled), Arrays.hashCode(unlabeled), Arrays.hashCode(validation));
    }

    /** For each class k, {@code perClass[k]} examples of class k not in {@code excluded}, shuffled by (seed, purpose, k). */
    private static int[] drawPerClass(Dataset data, int[] perClass, BitSet excluded, long seed, long purpose) {
        List<Integer> chosen = new ArrayList<>();
        int[] labels = data.labels();
        for (int k = 0; k < perClass.length; k++) {
            if (perClass[k] == 0) {
                continue;
            }
            final int cls = k;
            int[] candidates = IntStream.range(0, labels.length).filter(i -> labels[i] == cls && !excluded.get(i)).toArray();
            if (candidates.length < perClass[k]) {
                throw new IllegalArgumentException(data.name() + ": class " + k + " (" + data.classNames().get(k) + ") has "
                        + candidates.length + " available examples, " + perClass[k] + " requested");
            }
            Seeds.shuffle(candidates, Seeds.random(seed, purpose, k));
            for (int i = 0; i < perClass[k]; i++) {
                chosen.add(candidates[i]);
            }
        }
        return chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static int[] pick(int[] from, int count, Random random) {
        int[] copy = from.clone();
        Seeds.shuffle(copy, random);
        return Arrays.stream(copy, 0, count).sorted().toArray();
    }

    private static int[] counts(Dataset data, int[] indices) {
        return Dataset.countClasses(data.labels(indices), data.numClasses());
    }

    private static int[] complement(int size, int[] taken) {
        BitSet set = toBitSet(taken);
        return IntStream.range(0, size).filter(i -> !set.get(i)).toArray();
    }

    private static BitSet toBitSet(int[] indices) {
        BitSet set = new BitSet();
        for (int i : indices) {
            set.set(i);
        }
        return set;
    }

    private static int[] concat(int[] a, int[] b) {
        return IntStream.concat(IntStream.of(a), IntStream.of(b)).toArray();
    }

    private int[] sortedChecked(int[] indices, String part) {
        int[] sorted = indices.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 0 || sorted[i] >= datasetSize) {
                throw new IllegalArgumentException("split '" + name + "': " + part + " index " + sorted[i] + " is outside 0.." + (datasetSize - 1));
            }
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("split '" + name + "': " + part + " index " + sorted[i] + " appears twice");
            }
        }
        return sorted;
    }

    private void checkCounts(int[] indices, int[] counts, String part) {
        if (Arrays.stream(counts).anyMatch(c -> c < 0) || Arrays.stream(counts).sum() != indices.length) {
            throw new IllegalArgumentException("split '" + name + "': " + part + " class counts " + Arrays.toString(counts)
                    + " do not add up to its " + indices.length + " indices");
        }
    }

    private void checkDisjoint(int[] a, int[] b, String aName, String bName) {
        BitSet set = toBitSet(a);
        for (int i : b) {
            if (set.get(i)) {
                throw new IllegalArgumentException("split '" + name + "': index " + i + " is both " + aName + " and " + bName);
            }
        }
    }

    private static String list(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }

    /** The JSON shape; gson fills it field by field. */
    private static final class Json {
        String format;
        String name;
        String dataset;
        int datasetSize;
        long seed;
        String description;
        Counts classCounts;
        int[] labeled;
        int[] unlabeled;
        int[] validation;
    }

    private static final class Counts {
        int[] labeled;
        int[] unlabeled;
        int[] validation;
    }
}
