package org.semisup4j.method;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.SplittableRandom;

/**
 * A linear projection head W [F, D] that a method keeps beside the model (the model interface exposes
 * logits and features only, with no slot for extra heads). The method applies W's gradient itself after
 * each step, with Adam (β₁ 0.9, β₂ 0.999, ε 1e-8) at its own learning rate. Not saved in checkpoints.
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
