package org.semisup4j.propagate;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * A memory of the most recent feature rows seen in training, with each row's logits and label (−1:
 * unlabeled): neighbours beyond the batch for {@link org.semisup4j.loss.NeighbourConsistency} and for
 * {@link LabelPropagation#term}. First in, first out: once full, each new row replaces the oldest. Rows are
 * copies of the values (stop-gradient), as in memory-bank methods.
 */
public final class FeatureBank {
    private final int capacity;
    private INDArray features, logits;
    private final int[] labels;
    private int size, next;

    public FeatureBank(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("a feature bank needs capacity >= 1, got " + capacity);
        this.capacity = capacity;
        this.labels = new int[capacity];
    }

    /**
     * Remembers rows: features [N, F], logits [N, C] and labels (N entries, −1 for unlabeled rows). When
     * N exceeds the capacity only the last {@code capacity} rows are kept.
     */
    public void add(INDArray features, INDArray logits, int[] labels) {
        long n = features.size(0);
        if (features.rank() != 2 || logits.rank() != 2 || logits.size(0) != n || labels.length != n)
            throw new IllegalArgumentException("FeatureBank.add: features " + Arrays.toString(features.shape()) + ", logits "
                    + Arrays.toString(logits.shape()) + " and " + labels.length + " labels must describe the same rows");
        if (this.features == null) {
            this.features = Nd4j.create(DataType.FLOAT, capacity, features.size(1));
            this.logits = Nd4j.create(DataType.FLOAT, capacity, logits.size(1));
        } else if (features.size(1) != this.features.size(1) || logits.size(1) != this.logits.size(1)) {
            throw new IllegalArgumentException("FeatureBank.add: rows of width " + features.size(1) + " / " + logits.size(1)
                    + " do not fit a bank of " + this.features.size(1) + " features / " + this.logits.size(1) + " classes");
        }
        for (long r = Math.max(0, n - capacity); r < n; r++) {
            this.features.getRow(next).assign(features.getRow(r).castTo(DataType.FLOAT));
            this.logits.getRow(next).assign(logits.getRow(r).castTo(DataType.FLOAT));
            this.labels[next] = labels[(int) r];
            next = (next + 1) % capacity;
            size = Math.min(capacity, size + 1);
        }
    }

    /** Number of rows held (at most the capacity). */
    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /** The rows' features [size, F] (a copy). */
    public INDArray features() {
        return held(features);
    }

    /** The rows' logits [size, C] (a copy). */
    public INDArray logits() {
        return held(logits);
    }

    /** The rows' labels, −1 for unlabeled. */
    public int[] labels() {
        return Arrays.copyOf(labels, size);
    }

    private INDArray held(INDArray a) {
        if (size == 0) throw new IllegalStateException("the feature bank is empty: add rows first");
        return a.get(NDArrayIndex.interval(0, size), NDArrayIndex.all()).dup();
    }
}
