package org.semisup4j.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A second, linear head z = h·W + b on a model's penultimate features h (S4L's 4-way rotation head), kept
 * beside the model: {@link Model} has one classification head and no slot for more. W [F, K] and b [K] live in
 * one flat parameter array that the model's own optimizer kind updates — the same DL4J updater (Adam, or SGD
 * with the same momentum) built from {@link Optimizer}, at the optimizer's learning rate — and {@link #save}
 * keeps weights, updater state and step count, so a resumed run continues exactly.
 *
 * <p>What it does not share with the model: the trainer's learning-rate schedule (the head stays at the
 * optimizer's initial rate; with the default constant schedule they agree), weight decay, and EMA teachers
 * (which average {@link Model#params()} only).
 */
public final class LinearHead {
    private final int in, out;
    private final Optimizer optimizer;
    private final INDArray params, weights, bias, state;
    private final GradientUpdater<?> updater;
    private int iteration;

    /**
     * @param optimizer the model's optimizer (its kind, momentum and learning rate are used)
     * @param seed      W drawn N(0, 1/F), b = 0
     */
    public LinearHead(int in, int out, Optimizer optimizer, long seed) {
        if (in < 1 || out < 1) throw new IllegalArgumentException("a linear head needs positive sizes, got " + in + " -> " + out);
        this.in = in;
        this.out = out;
        this.optimizer = optimizer;
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = new float[in * out + out];
        for (int i = 0; i < in * out; i++) p[i] = (float) (r.nextGaussian() / Math.sqrt(in));
        params = Nd4j.create(p, new long[] {1, p.length}, 'c');
        weights = params.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, in * out)).reshape('c', in, out);
        bias = params.get(NDArrayIndex.point(0), NDArrayIndex.interval(in * out, p.length)).reshape(1, out);
        IUpdater config = optimizer.updater();
        long stateSize = config.stateSize(p.length);
        state = stateSize == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, stateSize);
        updater = config.instantiate(state, true);
    }

    /** The head of a model's features with {@code out} classes, following the model's optimizer (Adam 1e-3 if it has none). */
    public static LinearHead on(Model model, int out, long seed) {
        Optimizer o;
        try {
            o = model.optimizer();
        } catch (UnsupportedOperationException e) {
            o = Optimizer.adam(1e-3, 0);
        }
        return new LinearHead(model.featureSize(), out, o, seed);
    }

    /** W [F, K], a live view (do not modify). */
    public INDArray weights() {
        return weights;
    }

    /** b [1, K], a live view (do not modify). */
    public INDArray bias() {
        return bias;
    }

    /** Every parameter, W (row-major) then b, as one live [1, F·K + K] array. */
    public INDArray params() {
        return params;
    }

    /** features [N, F] → logits [N, K]. */
    public INDArray logits(INDArray features) {
        return features.castTo(DataType.FLOAT).mmul(weights).addiRowVector(bias);
    }

    /** One optimizer step with dL/dW and dL/db. */
    public void update(INDArray weightGradient, INDArray biasGradient) {
        if (!Arrays.equals(weightGradient.shape(), weights.shape()))
            throw new IllegalArgumentException("head gradient " + Arrays.toString(weightGradient.shape()) + ", weights " + Arrays.toString(weights.shape()));
        INDArray g = Nd4j.concat(1, weightGradient.castTo(DataType.FLOAT).reshape('c', 1, (long) in * out),
                biasGradient.castTo(DataType.FLOAT).reshape(1, out));
        updater.applyUpdater(g, iteration++, 0);   // turns the gradient into the step, as DL4J's layers do
        params.subi(g);
    }

    /** Writes weights, updater state and step count (atomically: a temporary file, then a rename). */
    public void save(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            o.writeInt(iteration);
            Nd4j.write(params, o);
            o.writeBoolean(state != null);
            if (state != null) Nd4j.write(state, o);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads what {@link #save} wrote into this head, which must have the same sizes and optimizer kind. */
    public void load(Path file) throws IOException {
        try (DataInputStream i = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int steps = i.readInt();
            INDArray p = Nd4j.read(i);
            INDArray s = i.readBoolean() ? Nd4j.read(i) : null;
            if (!Arrays.equals(p.shape(), params.shape()) || (s == null) != (state == null)
                    || (s != null && !Arrays.equals(s.shape(), state.shape())))
                throw new IOException(file + " holds a head of " + p.length() + " parameters" + (s == null ? "" : " and " + s.length()
                        + " optimizer values") + ", but this head (" + in + " -> " + out + ", " + optimizer.describe() + ") has "
                        + params.length() + (state == null ? "" : " and " + state.length()));
            params.assign(p);
            if (s != null) state.assign(s);
            iteration = steps;
        } catch (RuntimeException e) {
            throw new IOException("cannot read linear head " + file + ": " + e.getMessage(), e);
        }
    }
}
