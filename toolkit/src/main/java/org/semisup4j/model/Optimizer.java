package org.semisup4j.model;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import java.util.List;

/**
 * How parameters follow their gradient: a value that a run's configuration can hold and print.
 *
 * <p>The learning rate given here is only the initial one; the trainer passes the rate of each step to
 * {@link Model#update}. Weight decay never touches biases or batch-norm parameters (DL4J's layer
 * configurations regularise weights only; batch normalisation declares no regularisation at all).
 *
 * <ul>
 *   <li>SGD: weight decay is L2 added to the gradient before momentum, i.e. PyTorch's {@code
 *       SGD(weight_decay=…)} as FixMatch and Mean Teacher use it. Momentum follows PyTorch too
 *       (buffer = μ·buffer + g; step = lr·buffer, or lr·(g + μ·buffer) with Nesterov), so changing the
 *       learning rate from step to step does not rescale the stored velocity.</li>
 *   <li>Adam: weight decay is decoupled (AdamW: w ← w − lr·wd·w after the Adam step).</li>
 * </ul>
 */
public record Optimizer(Kind kind, double learningRate, double momentum, boolean nesterov, double weightDecay) {

    public enum Kind { SGD, ADAM }

    public Optimizer {
        if (kind == null) throw new IllegalArgumentException("optimizer kind must not be null");
        if (!(learningRate >= 0)) throw new IllegalArgumentException("learningRate must be >= 0, got " + learningRate);
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        if (nesterov && momentum == 0) throw new IllegalArgumentException("Nesterov momentum needs momentum > 0");
    }

    public static Optimizer sgd(double learningRate, double momentum, boolean nesterov, double weightDecay) {
        return new Optimizer(Kind.SGD, learningRate, momentum, nesterov, weightDecay);
    }

    /** Plain SGD: no momentum, no weight decay. */
    public static Optimizer sgd(double learningRate) {
        return sgd(learningRate, 0, false, 0);
    }

    public static Optimizer adam(double learningRate, double weightDecay) {
        return new Optimizer(Kind.ADAM, learningRate, 0, false, weightDecay);
    }

    /** e.g. "sgd lr=0.03 momentum=0.9 nesterov wd=5e-4" or "adam lr=0.001". */
    public String describe() {
        StringBuilder s = new StringBuilder(kind == Kind.SGD ? "sgd" : "adam").append(" lr=").append(learningRate);
        if (momentum > 0) s.append(" momentum=").append(momentum);
        if (nesterov) s.append(" nesterov");
        if (weightDecay > 0) s.append(kind == Kind.SGD ? " l2=" : " decoupled-wd=").append(weightDecay);
        return s.toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    /** The DL4J updater for weights and biases (a fresh instance: DL4J mutates its learning rate). */
    IUpdater updater() {
        if (kind == Kind.ADAM) return new Adam(learningRate);
        return momentum == 0 ? new Sgd(learningRate) : new MomentumSgd(learningRate, momentum, nesterov);
    }

    /** Regularisation of weights (never of biases). */
    List<Regularization> weightRegularization() {
        if (weightDecay == 0) return List.of();
        return List.of(kind == Kind.SGD ? new L2Regularization(weightDecay) : new WeightDecay(weightDecay, true));
    }
}
