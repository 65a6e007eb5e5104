package org.semisup4j.teacher;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.model.Model;
import org.semisup4j.perturb.Perturbations;

import java.util.random.RandomGenerator;

/**
 * A teacher's predictive uncertainty by Monte-Carlo dropout (UA-MT, Yu et al. 2019): T stochastic passes
 * ({@link Model.Mode#STOCHASTIC}: dropout on, batch-norm running statistics) over inputs with clipped
 * Gaussian noise x + clamp(N(0, σ²), ±c), the mean softmax of the passes, and its entropy
 * u = −Σ_c p̄_c ln p̄_c. UA-MT keeps a consistency target where u is below a threshold that rises from
 * 0.75 to 1 times u_max = ln C ({@link #threshold}); dividing by ln C (not ln 2) keeps the rule meaningful
 * for C &gt; 2 classes.
 *
 * <p>Works on any {@link Model} whose output rows are the units that get a mask: examples for a
 * classifier, pixels for a segmentation model that presents its logits as [N·H·W, C] rows.
 */
public final class McDropoutTeacher {
    private final int passes;
    private final double noiseStd, noiseClip;

    /** What T passes tell: mean probabilities [R, C], entropy u [R] in nats, and u / ln C in [0, 1]. */
    public record Estimate(INDArray meanProbabilities, INDArray entropy, INDArray normalisedEntropy) {}

    /** UA-MT's settings: T = 8, σ = 0.1, clip 0.2. */
    public McDropoutTeacher() {
        this(8, 0.1, 0.2);
    }

    public McDropoutTeacher(int passes, double noiseStd, double noiseClip) {
        if (passes < 1) throw new IllegalArgumentException("Monte-Carlo passes must be at least 1, got " + passes);
        if (!(noiseStd >= 0)) throw new IllegalArgumentException("noise standard deviation must be >= 0, got " + noiseStd);
        if (!(noiseClip >= 0)) throw new IllegalArgumentException("noise clip must be >= 0, got " + noiseClip);
        this.passes = passes;
        this.noiseStd = noiseStd;
        this.noiseClip = noiseClip;
    }

    /** x + clamp(N(0, σ²), ±clip), drawn from {@code random}. */
    public INDArray noisy(INDArray x, RandomGenerator random) {
        if (noiseStd == 0) return x.dup();
        INDArray noise = Perturbations.gaussian(x.shape(), random, x.dataType()).muli(noiseStd);
        return x.add(Perturbations.projectLInf(noise, noiseClip));
    }

    /** Runs the T noisy stochastic passes (as one batch of T copies) and summarises them. */
    public Estimate estimate(Model teacher, INDArray x, RandomGenerator random) {
        INDArray[] copies = new INDArray[passes];
        for (int t = 0; t < passes; t++) copies[t] = noisy(x, random);
        INDArray logits = teacher.predict(passes == 1 ? copies[0] : Nd4j.concat(0, copies), Model.Mode.STOCHASTIC).logits();
        long rows = logits.size(0) / passes;
        INDArray probs = Probabilities.softmax(logits);
        INDArray mean = null;
        for (int t = 0; t < passes; t++) {
            INDArray part = probs.get(NDArrayIndex.interval(t * rows, (t + 1) * rows), NDArrayIndex.all());
            mean = mean == null ? part.dup() : mean.addi(part);
        }
        mean.divi(passes);
        return summarise(mean);
    }

    /** Entropy and normalised entropy of given mean probabilities (for tests and notebooks). */
    public static Estimate summarise(INDArray meanProbabilities) {
        INDArray u = Probabilities.entropy(meanProbabilities);
        double uMax = Math.log(meanProbabilities.size(1));
        return new Estimate(meanProbabilities, u, uMax > 0 ? u.div(uMax) : u.mul(0));
    }

    /** UA-MT's threshold H = (0.75 + 0.25 · ramp) · ln C, in nats. */
    public static double threshold(double ramp, int numClasses) {
        if (numClasses < 2) throw new IllegalArgumentException("the uncertainty threshold needs at least 2 classes, got " + numClasses);
        return (0.75 + 0.25 * ramp) * Math.log(numClasses);
    }

    /** 1 where u &lt; H, else 0 (FLOAT, one entry per row). */
    public static INDArray mask(INDArray entropy, double threshold) {
        return entropy.lt(threshold).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
    }

    public int passes() {
        return passes;
    }

    /** σ of the Gaussian input noise of each pass. */
    public double noise() {
        return noiseStd;
    }

    /** The bound |noise| is clipped to. */
    public double noiseClip() {
        return noiseClip;
    }
}
