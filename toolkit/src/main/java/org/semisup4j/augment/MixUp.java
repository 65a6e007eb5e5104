package org.semisup4j.augment;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * MixUp (Zhang et al. 2018) as MixMatch uses it: x̃ = λ·x_i + (1 − λ)·x_π(i) and the same for the soft
 * targets, with π a random permutation of the batch and λ ~ Beta(α, α).
 *
 * <p>Options: {@link #withMaxLambda(boolean)} replaces λ by λ' = max(λ, 1 − λ) so each mixed example stays
 * closer to its own input (MixMatch); {@link #perExample(boolean)} draws one λ per example (MixMatch's
 * code) instead of one per batch (the MixUp paper). Works on images and vectors (any rank ≥ 2).
 */
public final class MixUp {
    private final double alpha;
    private final boolean maxLambda;
    private final boolean perExample;

    /** λ ~ Beta(α, α), one per batch, λ not folded. */
    public MixUp(double alpha) {
        this(alpha, false, false);
    }

    private MixUp(double alpha, boolean maxLambda, boolean perExample) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("MixUp alpha must be finite and > 0, got " + alpha);
        }
        this.alpha = alpha;
        this.maxLambda = maxLambda;
        this.perExample = perExample;
    }

    /** MixMatch's form: α as given, λ' = max(λ, 1 − λ), one λ per batch. */
    public static MixUp mixMatch(double alpha) {
        return new MixUp(alpha, true, false);
    }

    public MixUp withMaxLambda(boolean fold) {
        return new MixUp(alpha, fold, perExample);
    }

    public MixUp perExample(boolean oneLambdaPerExample) {
        return new MixUp(alpha, maxLambda, oneLambdaPerExample);
    }

    /**
     * Mixed inputs and targets.
     *
     * @param x           the mixed inputs, same shape as the input
     * @param targets     the mixed soft targets [N,C], or null when no targets were given
     * @param lambdas     λ for each example (all equal unless per-example)
     * @param permutation π: example i was mixed with example π[i]
     */
    public record Result(INDArray x, INDArray targets, float[] lambdas, int[] permutation) {
        /** The batch's λ; with per-example λ, the first example's. */
        public float lambda() {
            return lambdas[0];
        }
    }

    /**
     * Mixes {@code x} [N,...] and {@code targets} [N,C] (null allowed: inputs only) with a random
     * permutation and λ drawn from {@code rng}. Inputs are not modified.
     */
    public Result mix(INDArray x, INDArray targets, RandomGenerator rng) {
        int n = (int) x.size(0);
        float[] lambdas = new float[n];
        double shared = drawLambda(rng);
        for (int i = 0; i < n; i++) {
            lambdas[i] = (float) (perExample && i > 0 ? drawLambda(rng) : shared);
        }
        return mix(x, targets, lambdas, randomPermutation(n, rng));
    }

    /** Deterministic mixing with the given λ per example and permutation. */
    public static Result mix(INDArray x, INDArray targets, float[] lambdas, int[] permutation) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException("MixUp input must be a batch [N,...], got shape " + Arrays.toString(x.shape()));
        }
        int n = (int) x.size(0);
        if (lambdas.length != n || permutation.length != n) {
            throw new IllegalArgumentException("MixUp needs one λ and one partner per example: batch " + n
                    + ", λ " + lambdas.length + ", permutation " + permutation.length);
        }
        for (int p : permutation) {
            if (p < 0 || p >= n) {
                throw new IllegalArgumentException("MixUp permutation entry " + p + " outside 0.." + (n - 1));
            }
        }
        INDArray mixedX = mixRows(x, lambdas, permutation, "MixUp inputs");
        INDArray mixedTargets = null;
        if (targets != null) {
            if (targets.rank() != 2 || targets.size(0) != n) {
                throw new IllegalArgumentException("MixUp targets must be soft targets [N,C] with N = " + n + ", got "
                        + Arrays.toString(targets.shape()));
            }
            mixedTargets = mixRows(targets, lambdas, permutation, "MixUp targets");
        }
        return new Result(mixedX, mixedTargets, lambdas.clone(), permutation.clone());
    }

    private double drawLambda(RandomGenerator rng) {
        double lambda = BetaSampler.beta(alpha, alpha, rng);
        return maxLambda ? Math.max(lambda, 1 - lambda) : lambda;
    }

    private static int[] randomPermutation(int n, RandomGenerator rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static INDArray mixRows(INDArray a, float[] lambdas, int[] permutation, String what) {
        float[] v = FloatBatch.read(a, what);
        int n = lambdas.length;
        int len = n == 0 ? 0 : v.length / n;
        float[] out = new float[v.length];
        for (int i = 0; i < n; i++) {
            float l = lambdas[i];
            int self = i * len;
            int other = permutation[i] * len;
            for (int k = 0; k < len; k++) {
                out[self + k] = l * v[self + k] + (1 - l) * v[other + k];
            }
        }
        return FloatBatch.create(out, a.shape(), a.dataType());
    }

    @Override
    public String toString() {
        return "mixUp(α=" + alpha + (maxLambda ? ", λ'=max(λ,1−λ)" : "") + (perExample ? ", λ per example" : "") + ")";
    }
}
