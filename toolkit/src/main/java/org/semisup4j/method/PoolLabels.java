package org.semisup4j.method;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.semisup4j.loss.Probabilities;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A teacher's labels on an unlabeled pool as Noisy Student (Xie et al. 2020) selects them: rows whose
 * confidence max_c p_c is below the threshold are dropped, and, with balancing, every class is brought to
 * the same count K = round(kept / classes) — a class with more confident rows keeps its K most confident,
 * a class with fewer duplicates its rows (each ⌊K/n⌋ times, the K mod n most confident once more).
 *
 * <p>The selected data set is kept as a number of copies per pool row (0 = dropped). A student that draws
 * its unlabeled rows uniformly from the pool and weighs each by copies / mean copies sees, in expectation,
 * the loss over the selected (filtered and duplicated) data set: {@link #weights}.
 */
public final class PoolLabels {
    private final int[] rows, labels, copies;
    private final INDArray probabilities;
    private final double meanCopies;
    private final Map<Integer, Integer> position = new HashMap<>();

    private PoolLabels(int[] rows, INDArray probabilities, int[] labels, int[] copies) {
        this.rows = rows;
        this.probabilities = probabilities;
        this.labels = labels;
        this.copies = copies;
        this.meanCopies = rows.length == 0 ? 0 : (double) IntStream.of(copies).sum() / rows.length;
        for (int i = 0; i < rows.length; i++) position.put(rows[i], i);
    }

    /**
     * @param rows          training-set indices of the pool rows
     * @param probabilities the teacher's class probabilities on them, [rows, classes]
     * @param threshold     drop rows with max_c p_c below it (0 keeps every row)
     * @param balance       bring every class that has a confident row to the same count
     */
    public static PoolLabels select(int[] rows, INDArray probabilities, double threshold, boolean balance) {
        if (!(threshold >= 0 && threshold <= 1))
            throw new IllegalArgumentException("noisy-student threshold must be in [0, 1], got " + threshold);
        if (probabilities.rows() != rows.length)
            throw new IllegalArgumentException(rows.length + " pool rows but " + probabilities.rows() + " rows of probabilities");
        INDArray p = probabilities.castTo(DataType.FLOAT);
        int[] label = Probabilities.argmax(p);
        double[] confidence = Probabilities.maxProbability(p).castTo(DataType.DOUBLE).toDoubleVector();
        int[] copies = new int[rows.length];
        for (int i = 0; i < rows.length; i++) copies[i] = confidence[i] >= threshold ? 1 : 0;
        if (balance) balance(label, confidence, copies, (int) p.columns());
        return new PoolLabels(rows.clone(), p, label, copies);
    }

    /** Per class: the K most confident kept rows, duplicated round-robin (most confident first) up to K. */
    private static void balance(int[] label, double[] confidence, int[] copies, int classes) {
        int kept = IntStream.of(copies).sum();
        if (kept == 0) return;
        int target = Math.max(1, (int) Math.round((double) kept / classes));
        for (int c = 0; c < classes; c++) {
            int cls = c;
            int[] members = IntStream.range(0, label.length).filter(i -> label[i] == cls && copies[i] > 0).boxed()
                    .sorted((a, b) -> Double.compare(confidence[b], confidence[a])).mapToInt(Integer::intValue).toArray();
            if (members.length == 0) continue;
            for (int k = 0; k < members.length; k++) copies[members[k]] = 0;
            for (int k = 0; k < target; k++) copies[members[k % members.length]]++;
        }
    }

    /** Training-set indices of the pool rows. */
    public int[] rows() {
        return rows.clone();
    }

    /** How many times each pool row is in the selected data set (0: dropped). */
    public int copies(int row) {
        return copies[at(row)];
    }

    /** The teacher's label (argmax) of a pool row. */
    public int label(int row) {
        return labels[at(row)];
    }

    /** Selected rows (with duplicates) per class. */
    public int[] perClass() {
        int[] n = new int[(int) probabilities.columns()];
        for (int i = 0; i < rows.length; i++) n[labels[i]] += copies[i];
        return n;
    }

    /** Pool rows kept at least once. */
    public int keptRows() {
        return (int) IntStream.of(copies).filter(c -> c > 0).count();
    }

    /** The teacher's soft labels of these pool rows, [rows, classes]. */
    public INDArray soft(int[] batchRows) {
        INDArray out = Nd4j.create(DataType.FLOAT, batchRows.length, probabilities.columns());
        for (int i = 0; i < batchRows.length; i++) out.putRow(i, probabilities.getRow(at(batchRows[i])));
        return out;
    }

    /** The teacher's labels of these pool rows, one-hot, [rows, classes]. */
    public INDArray hard(int[] batchRows) {
        return Probabilities.oneHot(Arrays.stream(batchRows).map(this::label).toArray(), (int) probabilities.columns(), DataType.FLOAT);
    }

    /** Copies / mean copies over the pool, per row: weights under which uniform pool draws see the selected set. */
    public INDArray weights(int[] batchRows) {
        double[] w = new double[batchRows.length];
        for (int i = 0; i < batchRows.length; i++) w[i] = meanCopies == 0 ? 0 : copies(batchRows[i]) / meanCopies;
        return Nd4j.createFromArray(w).castTo(DataType.FLOAT);
    }

    /** Accuracy of the teacher's labels over the selected data set (with duplicates), against hidden true labels. */
    public double accuracy(int[] truthOfRows) {
        if (truthOfRows.length != rows.length) throw new IllegalArgumentException(truthOfRows.length + " true labels for " + rows.length + " rows");
        long right = 0, all = 0;
        for (int i = 0; i < rows.length; i++) {
            all += copies[i];
            if (labels[i] == truthOfRows[i]) right += copies[i];
        }
        return all == 0 ? Double.NaN : (double) right / all;
    }

    private int at(int row) {
        Integer i = position.get(row);
        if (i == null) throw new IllegalArgumentException("row " + row + " is not in the labelled pool");
        return i;
    }

    @Override
    public String toString() {
        return "pool of " + rows.length + " rows, " + keptRows() + " kept, per class " + Arrays.toString(perClass());
    }
}
