package org.semisup4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Labelled examples held as one FLOAT array ({@code [N, D]} for tabular data, {@code [N, C, H, W]} for
 * images) plus one int label per row. Every dataset carries all its labels: which of them a method may
 * see is decided by a {@link LabelSplit}, never by the dataset, so the same data serves supervised
 * baselines, SSL runs and diagnostics alike.
 *
 * <p>Immutable: the public constructor copies its inputs. {@link #features()} returns the stored array
 * itself (copying 200 MB per call would make it unusable), so treat it as read-only; every other accessor
 * returns fresh arrays.
 */
public final class Dataset {
    private final String name;
    private final INDArray features;
    private final int[] labels;
    private final List<String> classNames;

    /**
     * @param name       a short name used in logs and split files, e.g. {@code "fashion-mnist-train"}
     * @param features   [N, ...] with N rows; converted to FLOAT and copied
     * @param labels     N labels in {@code 0 .. classNames.size()-1}; copied
     * @param classNames one name per class, in label order
     * @throws IllegalArgumentException naming the first inconsistency
     */
    public Dataset(String name, INDArray features, int[] labels, List<String> classNames) {
        this(name, Objects.requireNonNull(features, "features").castTo(DataType.FLOAT).dup('c'),
                Objects.requireNonNull(labels, "labels").clone(), classNames, NO_COPY);
    }

    /** Loaders hand over arrays they created and never touch again, so no copy is needed. */
    static Dataset wrap(String name, INDArray features, int[] labels, List<String> classNames) {
        return new Dataset(name, features, labels, classNames, NO_COPY);
    }

    /** Marks the constructor that takes ownership of its arrays (callers guarantee nobody else holds them). */
    private enum Ownership { NO_COPY }

    private static final Ownership NO_COPY = Ownership.NO_COPY;

    private Dataset(String name, INDArray features, int[] labels, List<String> classNames, Ownership ownership) {
        this.name = Objects.requireNonNull(name, "name");
        this.classNames = List.copyOf(Objects.requireNonNull(classNames, "classNames"));
        if (this.classNames.isEmpty()) {
            throw new IllegalArgumentException("dataset '" + name + "': classNames is empty; need at least one class");
        }
        if (features.rank() < 2) {
            throw new IllegalArgumentException("dataset '" + name + "': features must have rank >= 2 ([N, D] or [N, C, H, W]), got shape "
                    + Arrays.toString(features.shape()));
        }
        if (features.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("dataset '" + name + "': features must be FLOAT, got " + features.dataType());
        }
        if (features.size(0) != labels.length) {
            throw new IllegalArgumentException("dataset '" + name + "': features have " + features.size(0)
                    + " rows but there are " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= this.classNames.size()) {
                throw new IllegalArgumentException("dataset '" + name + "': label of row " + i + " is " + labels[i]
                        + ", expected 0.." + (this.classNames.size() - 1));
            }
        }
        this.features = features.ordering() == 'c' && !features.isView() ? features : features.dup('c');
        this.labels = labels;
    }

    public String name() {
        return name;
    }

    /** The stored FLOAT array, [N, D] or [N, C, H, W]. Shared, not copied: do not modify it. */
    public INDArray features() {
        return features;
    }

    /** A copy of all labels, one per row. */
    public int[] labels() {
        return labels.clone();
    }

    /** The label of one row, without copying the label array. */
    public int label(int index) {
        return labels[checkIndex(index)];
    }

    public int numClasses() {
        return classNames.size();
    }

    public List<String> classNames() {
        return classNames;
    }

    public int size() {
        return labels.length;
    }

    /** The shape of one example, e.g. [1, 28, 28] or [2]. */
    public long[] exampleShape() {
        long[] shape = features.shape();
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    /** Number of rows of each class; useful to check a split or a noisy label set at a glance. */
    public int[] classCounts() {
        return countClasses(labels, numClasses());
    }

    /** The rows at {@code indices}, in that order (repeats allowed), as a new FLOAT array. */
    public INDArray features(int[] indices) {
        for (int index : indices) {
            checkIndex(index);
        }
        long[] shape = features.shape();
        long[] outShape = shape.clone();
        outShape[0] = indices.length;
        if (indices.length == 0) {
            return Nd4j.create(DataType.FLOAT, outShape);
        }
        // pullRows gathers along one dimension of a matrix; the c-ordered array reshapes to [N, D] as a view.
        INDArray rows = Nd4j.pullRows(features.reshape('c', shape[0], features.length() / shape[0]), 1, indices);
        return rows.reshape('c', outShape);
    }

    /** The labels at {@code indices}, in that order. */
    public int[] labels(int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = labels[checkIndex(indices[i])];
        }
        return out;
    }

    /** A new dataset of the rows at {@code indices}, in that order; row i of the result is row indices[i]. */
    public Dataset subset(int[] indices) {
        return new Dataset(name, features(indices), labels(indices), classNames, NO_COPY);
    }

    /** The same features with other labels, e.g. after {@link LabelNoise}; the name says what changed. */
    public Dataset withLabels(String newName, int[] newLabels) {
        if (newLabels.length != size()) {
            throw new IllegalArgumentException("dataset '" + name + "': withLabels got " + newLabels.length
                    + " labels, expected " + size());
        }
        return new Dataset(newName, features, newLabels.clone(), classNames, NO_COPY);
    }

    /** This dataset's rows followed by {@code other}'s; both must agree on example shape and classes. */
    public Dataset concat(Dataset other) {
        if (!Arrays.equals(exampleShape(), other.exampleShape())) {
            throw new IllegalArgumentException("cannot concat '" + name + "' and '" + other.name + "': example shapes "
                    + Arrays.toString(exampleShape()) + " and " + Arrays.toString(other.exampleShape()) + " differ");
        }
        if (!classNames.equals(other.classNames)) {
            throw new IllegalArgumentException("cannot concat '" + name + "' and '" + other.name + "': class names "
                    + classNames + " and " + other.classNames + " differ");
        }
        int[] joined = Arrays.copyOf(labels, size() + other.size());
        System.arraycopy(other.labels, 0, joined, size(), other.size());
        return new Dataset(name + "+" + other.name, Nd4j.concat(0, features, other.features), joined, classNames, NO_COPY);
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ": " + size() + " x " + Arrays.toString(exampleShape()) + ", " + numClasses()
                + " classes " + classNames + ", counts " + Arrays.toString(classCounts()) + "]";
    }

    static int[] countClasses(int[] labels, int numClasses) {
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= labels.length) {
            throw new IndexOutOfBoundsException("dataset '" + name + "': index " + index + " is outside 0.." + (labels.length - 1));
        }
        return index;
    }

    /** Class names "0", "1", ... for sets whose classes have no better names. */
    static List<String> numberedClasses(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }
}
