package org.semisup4j.perturb;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.model.Model;

import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Machinery shared by the input perturbations (VAT's power iteration, PGD): per-example norms over
 * every non-batch dimension, projections onto norm balls, Gaussian directions drawn from the step's
 * generator, and the gradients of KL / cross-entropy with respect to the logits that
 * {@link Model#inputGradient} turns into input gradients.
 *
 * <p><b>Dropout masks.</b> DL4J draws dropout masks from ND4J's global generator, in layer order. Passes
 * run with {@link #sameMasks} reseed that generator to one seed before each pass, so a clean pass and
 * the perturbed passes of the same shape see exactly the same masks — and then put the generator back in
 * the state it had, so a search leaves the caller's randomness (a notebook cell's, a training step's
 * dropout) exactly as it found it.
 */
public final class Perturbations {
    private Perturbations() {}

    /** Per-example L2 norms, shape [N, 1], over all dimensions but the first. */
    public static INDArray l2Norms(INDArray d) {
        return flat(d).norm2(true, 1);
    }

    /** Per-example L∞ norms, shape [N, 1]. */
    public static INDArray maxNorms(INDArray d) {
        return Transforms.abs(flat(d), true).max(true, 1);
    }

    /**
     * d / ‖d‖₂ per example. Rows that are exactly zero take the matching row of {@code fallback}
     * (already unit) so that every returned row has norm 1; {@code fallback} may be null only when no
     * row is zero. Like VAT's code, each row is first divided by its largest |entry| so that tiny
     * gradients do not underflow when squared.
     */
    public static INDArray unitL2(INDArray d, INDArray fallback) {
        INDArray rows = flat(d).dup();
        INDArray max = Transforms.abs(rows, true).max(true, 1);
        for (long i = 0; i < max.size(0); i++) {
            double m = max.getDouble(i, 0);
            if (m > 0 && Double.isFinite(m)) continue;
            if (fallback == null) throw new IllegalArgumentException("direction row " + i + " is zero or not finite and no fallback was given");
            INDArray replacement = flat(fallback).getRow(i);
            rows.putRow(i, replacement);
            max.putScalar(i, 0, replacement.amaxNumber().doubleValue());
        }
        rows.diviColumnVector(max);
        rows.diviColumnVector(rows.norm2(true, 1));
        return rows.reshape(d.shape());
    }

    /** Projects each row of δ onto the L2 ball of radius ε (rows inside are unchanged). */
    public static INDArray projectL2(INDArray delta, double epsilon) {
        INDArray rows = flat(delta).dup();
        INDArray norms = rows.norm2(true, 1);
        INDArray scale = Transforms.min(norms.rdiv(epsilon), 1.0, false);
        for (long i = 0; i < norms.size(0); i++) if (norms.getDouble(i, 0) == 0) scale.putScalar(i, 0, 1.0);
        return rows.muliColumnVector(scale).reshape(delta.shape());
    }

    /** Clips every entry of δ to [−ε, ε]. */
    public static INDArray projectLInf(INDArray delta, double epsilon) {
        return Transforms.min(Transforms.max(delta, -epsilon, true), epsilon, false);
    }

    /** A tensor of independent N(0, 1) entries drawn from {@code random} (reproducible per step). */
    public static INDArray gaussian(long[] shape, RandomGenerator random, org.nd4j.linalg.api.buffer.DataType type) {
        long n = 1;
        for (long s : shape) n *= s;
        double[] values = new double[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) values[i] = random.nextGaussian();
        return Nd4j.createFromArray(values).castTo(type).reshape(shape);
    }

    /** Uniform entries in [−a, a] drawn from {@code random}. */
    public static INDArray uniform(long[] shape, double a, RandomGenerator random, org.nd4j.linalg.api.buffer.DataType type) {
        long n = 1;
        for (long s : shape) n *= s;
        double[] values = new double[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) values[i] = a * (2 * random.nextDouble() - 1);
        return Nd4j.createFromArray(values).castTo(type).reshape(shape);
    }

    /**
     * d/dz of Σ_i KL(q_i ‖ softmax(z_i)) = softmax(z) − q (rows of q sum to 1). Summed, not averaged,
     * over rows: the callers normalise each example's gradient, and a sum keeps tiny values away
     * from underflow.
     */
    public static Function<Model.Outputs, INDArray> klGradient(INDArray targetProbs) {
        return out -> Probabilities.softmax(out.logits()).subi(targetProbs.castTo(out.logits().dataType()));
    }

    /** d/dz of Σ_i CE(y_i, softmax(z_i)) = softmax(z) − onehot(y). */
    public static Function<Model.Outputs, INDArray> crossEntropyGradient(int[] labels) {
        return out -> {
            INDArray z = out.logits();
            return Probabilities.softmax(z).subi(Probabilities.oneHot(labels, (int) z.size(1), z.dataType()));
        };
    }

    /**
     * Runs {@code pass} with ND4J's generator reseeded to {@code maskSeed} first: every pass given the
     * same seed (and an input of the same shape) draws the same dropout masks. The generator's state is
     * restored afterwards, so the pass leaves ND4J's global randomness untouched.
     */
    public static <T> T sameMasks(long maskSeed, java.util.function.Supplier<T> pass) {
        org.nd4j.linalg.api.rng.Random global = Nd4j.getRandom();
        long root = global.rootState(), node = global.nodeState();
        try {
            global.setSeed(maskSeed);
            return pass.get();
        } finally {
            global.setStates(root, node);
        }
    }

    static INDArray flat(INDArray d) {
        return d.reshape(d.size(0), d.length() / Math.max(1, d.size(0)));
    }
}
