package org.semisup4j.method;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A linear projection head W [F, D] that a method keeps beside the model (the model interface exposes
 * logits and features only, with no slot for extra heads). The method applies W's gradient itself after
 * each step, with Adam (β₁ 0.9, β₂ 0.999, ε 1e-8) at its own learning rate. {@link #save} and {@link #load}
 * keep the weights and the Adam state (moments and step count), so a resumed run continues exactly.
 */
public final class ProjectionHead {
    private final INDArray weights, m, v;
    private final double learningRate;
    private int t;

    /** Weights drawn N(0, 1/F) from {@code seed}. */
    public ProjectionHead(int in, int out, double learningRate, long seed) {
        if (in < 1 || out < 1) throw new IllegalArgumentException("projection head needs positive sizes, got " + in + " -> " + out);
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[in * out];
        for (int i = 0; i < w.length; i++) w[i] = r.nextGaussian() / Math.sqrt(in);
        this.weights = Nd4j.createFromArray(w).reshape(in, out).castTo(DataType.FLOAT);
        this.m = Nd4j.zeros(DataType.FLOAT, in, out);
        this.v = Nd4j.zeros(DataType.FLOAT, in, out);
        this.learningRate = learningRate;
    }

    /** The live weights (do not modify). */
    public INDArray weights() {
        return weights;
    }

    /** features [N, F] → projections [N, D]. */
    public INDArray project(INDArray features) {
        return features.castTo(DataType.FLOAT).mmul(weights);
    }

    /** Writes the weights and the optimizer state (read back by {@link #load}). */
    public void save(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(t);
            for (INDArray a : new INDArray[] {weights, m, v}) Nd4j.write(a, out);
        }
    }

    /** Reads what {@link #save} wrote into this head, which must have the same shape. */
    public void load(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int steps = in.readInt();
            INDArray[] read = new INDArray[3];
            for (int i = 0; i < 3; i++) read[i] = Nd4j.read(in);
            for (INDArray a : read)
                if (!java.util.Arrays.equals(a.shape(), weights.shape()))
                    throw new IOException(file + " holds a projection head of shape " + java.util.Arrays.toString(a.shape())
                            + " but this one is " + java.util.Arrays.toString(weights.shape()));
            weights.assign(read[0]);
            m.assign(read[1]);
            v.assign(read[2]);
            t = steps;
        } catch (RuntimeException e) {
            throw new IOException("cannot read projection head " + file + ": " + e.getMessage(), e);
        }
    }

    /** One Adam step with gradient dL/dW. */
    public void update(INDArray gradient) {
        INDArray g = gradient.castTo(DataType.FLOAT);
        t++;
        m.muli(0.9).addi(g.mul(0.1));
        v.muli(0.999).addi(g.mul(g).muli(0.001));
        double correction = learningRate * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
        weights.subi(m.div(Transforms.sqrt(v, true).addi(1e-8)).muli(correction));
    }
}
