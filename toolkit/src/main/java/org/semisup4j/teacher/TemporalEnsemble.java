package org.semisup4j.teacher;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Temporal Ensembling's per-example memory (Laine &amp; Aila 2017): an exponential moving average of each
 * training example's predictions over epochs, Z_i ← α Z_i + (1 − α) z_i, read with the start-up bias
 * removed, Z_i / (1 − α^t_i).
 *
 * <p>As in the paper, Z moves once per epoch: predictions {@link #record recorded} during an epoch are
 * held aside (the latest one per example) and folded into Z when {@link #advanceTo} sees a later epoch,
 * so targets stay fixed within an epoch. t_i counts the folds of example i, which equals the paper's epoch
 * counter when every example is seen once per epoch and stays exact when sampling is uneven (an example
 * not seen in an epoch is not decayed, so its bias correction uses its own count). Examples never folded
 * yet have no target ({@link #targets} reports them with weight 0).
 *
 * <p>Keys are dataset row indices ({@code batch.unlabeledIndices()}, {@code batch.labeledIndices()}).
 */
public final class TemporalEnsemble {
    private final double alpha;
    private final int numClasses;
    private float[][] ensemble = new float[0][];
    private float[][] pending = new float[0][];
    private int[] folds = new int[0];
    private long epoch = 0;

    public TemporalEnsemble(int numClasses, double alpha) {
        if (numClasses < 1) throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        if (!(alpha >= 0 && alpha < 1)) throw new IllegalArgumentException("ensemble momentum alpha must be in [0, 1), got " + alpha);
        this.numClasses = numClasses;
        this.alpha = alpha;
    }

    /** Folds this epoch's predictions into Z when {@code currentEpoch} is later than the last one seen. */
    public void advanceTo(long currentEpoch) {
        if (currentEpoch < epoch)
            throw new IllegalArgumentException("epochs must not go backwards: at epoch " + epoch + ", got " + currentEpoch);
        if (currentEpoch == epoch) return;
        fold();
        epoch = currentEpoch;
    }

    /** Folds the predictions held aside now (the end of an epoch). */
    public void fold() {
        for (int i = 0; i < pending.length; i++) {
            float[] z = pending[i];
            if (z == null) continue;
            if (ensemble[i] == null) ensemble[i] = new float[numClasses];
            float[] zi = ensemble[i];
            for (int c = 0; c < numClasses; c++) zi[c] = (float) (alpha * zi[c] + (1 - alpha) * z[c]);
            folds[i]++;
            pending[i] = null;
        }
    }

    /** Holds the predictions (probabilities, rows in the order of {@code indices}) for the epoch's fold. */
    public void record(int[] indices, INDArray probabilities) {
        if (probabilities.rank() != 2 || probabilities.size(0) != indices.length || probabilities.size(1) != numClasses)
            throw new IllegalArgumentException("predictions must have shape [" + indices.length + ", " + numClasses + "], got "
                    + Arrays.toString(probabilities.shape()));
        float[][] rows = probabilities.castTo(DataType.FLOAT).toFloatMatrix();
        for (int k = 0; k < indices.length; k++) {
            ensureCapacity(indices[k]);
            pending[indices[k]] = rows[k];
        }
    }

    /** Bias-corrected targets Z_i / (1 − α^t_i) with a 0/1 weight per row (0: no fold yet). */
    public Targets targets(int[] indices) {
        INDArray t = Nd4j.zeros(DataType.FLOAT, indices.length, numClasses);
        INDArray w = Nd4j.zeros(DataType.FLOAT, indices.length);
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0) throw new IllegalArgumentException("dataset index must not be negative, got " + i);
            if (i >= folds.length || folds[i] == 0) continue;
            double correction = 1 - Math.pow(alpha, folds[i]);
            for (int c = 0; c < numClasses; c++) t.putScalar(k, c, ensemble[i][c] / correction);
            w.putScalar(k, 1f);
        }
        return new Targets(t, w);
    }

    /** Targets [N, C] and weights [N] (1 where an example has a target). */
    public record Targets(INDArray probabilities, INDArray weights) {
        public double coverage() {
            return weights.length() == 0 ? 0 : weights.sumNumber().doubleValue() / weights.length();
        }
    }

    /** The raw accumulator Z_i (no bias correction), or null if example i was never folded. */
    public float[] raw(int index) {
        return index < ensemble.length && ensemble[index] != null ? ensemble[index].clone() : null;
    }

    /** How many epochs have been folded into example i (t_i). */
    public int folds(int index) {
        return index < folds.length ? folds[index] : 0;
    }

    public double alpha() {
        return alpha;
    }

    public long epoch() {
        return epoch;
    }

    private static final int FILE_MAGIC = 0x54454e53; // "TENS"
    private static final int FILE_VERSION = 1;

    /**
     * Writes Z, the predictions held aside for the current epoch, the fold counts and the epoch, so that a
     * resumed run continues with the same targets. Binary: a header (magic, version, α, C, epoch, rows), then
     * per row its fold count and optional Z and pending rows.
     */
    public void save(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(FILE_MAGIC);
            out.writeInt(FILE_VERSION);
            out.writeDouble(alpha);
            out.writeInt(numClasses);
            out.writeLong(epoch);
            out.writeInt(folds.length);
            for (int i = 0; i < folds.length; i++) {
                out.writeInt(folds[i]);
                writeRow(out, ensemble[i]);
                writeRow(out, pending[i]);
            }
        }
    }

    /** Reads what {@link #save} wrote; the file must name the same α as this run's. */
    public static TemporalEnsemble load(Path file, double alpha) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != FILE_MAGIC) throw new IOException(file + ": not a temporal-ensemble file (wrong magic number)");
            int version = in.readInt();
            if (version != FILE_VERSION) throw new IOException(file + ": field 'version' is " + version + ", expected " + FILE_VERSION);
            double savedAlpha = in.readDouble();
            if (savedAlpha != alpha) throw new IOException(file + ": field 'alpha' is " + savedAlpha + ", this run uses " + alpha);
            int numClasses = in.readInt();
            if (numClasses < 1) throw new IOException(file + ": field 'classes' is " + numClasses + ", expected >= 1");
            TemporalEnsemble e = new TemporalEnsemble(numClasses, alpha);
            e.epoch = in.readLong();
            int rows = in.readInt();
            if (rows < 0) throw new IOException(file + ": field 'rows' is " + rows + ", expected a count >= 0");
            e.ensemble = new float[rows][];
            e.pending = new float[rows][];
            e.folds = new int[rows];
            for (int i = 0; i < rows; i++) {
                e.folds[i] = in.readInt();
                e.ensemble[i] = readRow(in, numClasses);
                e.pending[i] = readRow(in, numClasses);
            }
            return e;
        } catch (EOFException ex) {
            throw new IOException(file + ": truncated (ends before all rows are read)", ex);
        }
    }

    private static void writeRow(DataOutputStream out, float[] row) throws IOException {
        out.writeBoolean(row != null);
        if (row != null) for (float v : row) out.writeFloat(v);
    }

    private static float[] readRow(DataInputStream in, int numClasses) throws IOException {
        if (!in.readBoolean()) return null;
        float[] row = new float[numClasses];
        for (int c = 0; c < numClasses; c++) row[c] = in.readFloat();
        return row;
    }

    private void ensureCapacity(int index) {
        if (index < 0) throw new IllegalArgumentException("dataset index must not be negative, got " + index);
        if (index < ensemble.length) return;
        int size = Math.max(index + 1, ensemble.length * 2);
        ensemble = Arrays.copyOf(ensemble, size);
        pending = Arrays.copyOf(pending, size);
        folds = Arrays.copyOf(folds, size);
    }
}
