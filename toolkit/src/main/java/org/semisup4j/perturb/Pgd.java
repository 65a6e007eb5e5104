package org.semisup4j.perturb;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.semisup4j.model.Model;

import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Projected gradient descent attacks (Madry et al. 2018) in an L2 or L∞ ball, sharing VAT's machinery
 * (per-example norms, input gradients that leave the model untouched, reproducible random starts):
 *
 * <pre>
 *   δ₀ = uniform in the ball (random start) or 0
 *   δ ← Π_ε(δ + α · step(∇_x loss(x + δ)))   with step = g/‖g‖₂ (L2) or sign(g) (L∞)
 * </pre>
 *
 * The loss is cross-entropy to given labels (adversarial training) or KL to given probabilities
 * (TRADES, robust self-training). Passes run in {@link Model.Mode#EVAL} unless told otherwise, as the
 * reference implementations generate attacks with the model in evaluation mode.
 */
public final class Pgd {
    public enum Norm { L2, LINF }

    private final Norm norm;
    private final double epsilon, stepSize;
    private final int steps;
    private final boolean randomStart;
    private final Model.Mode mode;
    private final double lower, upper;

    public Pgd(Norm norm, double epsilon, double stepSize, int steps, boolean randomStart) {
        this(norm, epsilon, stepSize, steps, randomStart, Model.Mode.EVAL, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    private Pgd(Norm norm, double epsilon, double stepSize, int steps, boolean randomStart, Model.Mode mode,
                double lower, double upper) {
        if (norm == null) throw new IllegalArgumentException("PGD norm must not be null");
        if (!(epsilon > 0)) throw new IllegalArgumentException("PGD epsilon must be positive, got " + epsilon);
        if (!(stepSize > 0)) throw new IllegalArgumentException("PGD step size must be positive, got " + stepSize);
        if (steps < 1) throw new IllegalArgumentException("PGD needs at least one step, got " + steps);
        if (!(lower < upper)) throw new IllegalArgumentException("PGD input range must have lower < upper, got [" + lower + ", " + upper + "]");
        this.norm = norm;
        this.epsilon = epsilon;
        this.stepSize = stepSize;
        this.steps = steps;
        this.randomStart = randomStart;
        this.mode = mode;
        this.lower = lower;
        this.upper = upper;
    }

    /** Also keeps x + δ inside [lower, upper] (e.g. [0, 1] for pixel intensities). */
    public Pgd clampTo(double lower, double upper) {
        return new Pgd(norm, epsilon, stepSize, steps, randomStart, mode, lower, upper);
    }

    /** Runs the attack's passes in another mode (e.g. TRAIN with shared dropout masks). */
    public Pgd mode(Model.Mode mode) {
        return new Pgd(norm, epsilon, stepSize, steps, randomStart, mode, lower, upper);
    }

    /** Adversarial inputs x + δ that increase cross-entropy to {@code labels}. */
    public INDArray attack(Model model, INDArray x, int[] labels, RandomGenerator random) {
        if (labels.length != x.size(0))
            throw new IllegalArgumentException("PGD: " + labels.length + " labels for " + x.size(0) + " inputs");
        return run(model, x, Perturbations.crossEntropyGradient(labels), random);
    }

    /** Adversarial inputs x + δ that increase KL(target ‖ p(·|x + δ)) (TRADES' inner problem). */
    public INDArray attack(Model model, INDArray x, INDArray targetProbs, RandomGenerator random) {
        return run(model, x, Perturbations.klGradient(targetProbs), random);
    }

    private INDArray run(Model model, INDArray x, Function<Model.Outputs, INDArray> lossGradient, RandomGenerator random) {
        long maskSeed = random.nextLong();
        INDArray delta = randomStart ? start(x, random) : Nd4j.zeros(x.dataType(), x.shape());
        for (int k = 0; k < steps; k++) {
            INDArray probe = clamp(x.add(delta));
            INDArray g = Perturbations.sameMasks(maskSeed, () -> model.inputGradient(probe, lossGradient, mode)).castTo(x.dataType());
            INDArray move = norm == Norm.L2 ? Perturbations.unitL2(g, Nd4j.zeros(g.dataType(), g.shape()).addi(1))
                    : Transforms.sign(g, true);
            delta = project(delta.addi(move.muli(stepSize)));
            delta = clamp(x.add(delta)).subi(x);
        }
        return clamp(x.add(delta));
    }

    private INDArray start(INDArray x, RandomGenerator random) {
        if (norm == Norm.LINF) return Perturbations.uniform(x.shape(), epsilon, random, x.dataType());
        // Uniform in the L2 ball: a Gaussian direction times ε·u^(1/dim).
        INDArray dir = Perturbations.unitL2(Perturbations.gaussian(x.shape(), random, x.dataType()), null);
        long dim = x.length() / x.size(0);
        INDArray radius = Nd4j.create(x.dataType(), x.size(0), 1);
        for (long i = 0; i < x.size(0); i++) radius.putScalar(i, 0, epsilon * Math.pow(random.nextDouble(), 1.0 / dim));
        return Perturbations.flat(dir).mulColumnVector(radius).reshape(x.shape());
    }

    private INDArray project(INDArray delta) {
        return norm == Norm.L2 ? Perturbations.projectL2(delta, epsilon) : Perturbations.projectLInf(delta, epsilon);
    }

    private INDArray clamp(INDArray a) {
        if (lower == Double.NEGATIVE_INFINITY && upper == Double.POSITIVE_INFINITY) return a;
        return Transforms.min(Transforms.max(a, lower, false), upper, false);
    }

    public Norm norm() { return norm; }
    public double epsilon() { return epsilon; }
    public double stepSize() { return stepSize; }
    public int steps() { return steps; }
    public boolean randomStart() { return randomStart; }

    @Override
    public String toString() {
        return "Pgd[" + norm + ", eps=" + epsilon + ", step=" + stepSize + ", steps=" + steps + (randomStart ? ", random start" : "") + "]";
    }
}
