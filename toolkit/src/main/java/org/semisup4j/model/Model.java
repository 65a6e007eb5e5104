package org.semisup4j.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A classifier split into a backbone (input → penultimate features) and a classification head
 * (features → logits), so that loss terms may be written over logits, over features, or both.
 *
 * <p>The trainer runs exactly one differentiable {@link #forward} per step (all views of a batch
 * concatenated into one array, as the reference implementations do) and then one {@link #backward}.
 * Any other pass — a teacher's prediction, a perturbation search — goes through {@link #predict}
 * or {@link #inputGradient}, which leave parameters, accumulated gradients and batch-norm
 * statistics untouched.
 */
public interface Model {

    /** How a pass treats dropout and batch normalisation. */
    enum Mode {
        /** dropout on, batch statistics used (and running statistics updated by the next update). */
        TRAIN,
        /** dropout on but running batch-norm statistics used: Monte-Carlo dropout, stochastic teachers. */
        STOCHASTIC,
        /** dropout off, running statistics: evaluation. */
        EVAL
    }

    /**
     * Outputs of one pass, one row per input example; {@code projections} are the projection head's outputs
     * (null when the model has none, see {@link #withProjection}).
     */
    record Outputs(INDArray logits, INDArray features, INDArray projections) {
        public Outputs(INDArray logits, INDArray features) {
            this(logits, features, null);
        }
    }

    /** Differentiable pass in {@link Mode#TRAIN}; its activations are kept for {@link #backward}. */
    Outputs forward(INDArray x);

    /**
     * Backpropagates the last {@link #forward}: {@code dLogits} is dLoss/dlogits (same shape as the
     * logits), {@code dFeatures} dLoss/dfeatures or null. The loss is whatever the caller means by
     * it (the trainer passes the gradient of the mean over examples). Parameter gradients are kept
     * for {@link #update}; returns dLoss/dx when {@code wantInputGradient}, else null.
     */
    INDArray backward(INDArray dLogits, INDArray dFeatures, boolean wantInputGradient);

    /**
     * As {@link #backward(INDArray, INDArray, boolean)}, with dLoss/dprojections (or null) for a model with a
     * projection head: the head's parameter gradient is kept for {@link #update} like the others.
     */
    default INDArray backward(INDArray dLogits, INDArray dFeatures, INDArray dProjections, boolean wantInputGradient) {
        if (dProjections != null)
            throw new IllegalArgumentException(describe() + " has no projection head to send a gradient to");
        return backward(dLogits, dFeatures, wantInputGradient);
    }

    /**
     * This model with a projection head: a dense layer features [F] → projections [size] (identity activation)
     * that shares the backbone. Its weights are part of {@link #params()}, its gradient is applied by the
     * model's optimizer in {@link #update}, and {@link #save} writes it. The result is a new model (the
     * parameters are copied into a longer array, the optimizer state starts afresh); its head is drawn from
     * {@code seed}.
     */
    default Model withProjection(int size, long seed) {
        throw new UnsupportedOperationException(describe() + " cannot take a projection head");
    }

    /** Width of the projection head's output; 0 without one. */
    default int projectionSize() {
        return 0;
    }

    /** Applies the gradient of the last {@link #backward} with the optimizer at the given learning rate. */
    void update(double learningRate, int iteration);

    /** A pass that changes nothing: no stored activations, no statistics, no gradients. */
    Outputs predict(INDArray x, Mode mode);

    /**
     * dLoss/dx at x for a loss given by its gradient w.r.t. the logits, computed from a pass in the
     * given mode. Parameters, gradients kept for {@link #update} and batch-norm statistics are left
     * as they were (VAT's power iteration, adversarial examples).
     */
    INDArray inputGradient(INDArray x, java.util.function.Function<Outputs, INDArray> dLossDLogits, Mode mode);

    /** Live flat view of every parameter (weights and batch-norm statistics): EMA writes into it. */
    INDArray params();

    /**
     * Replaces the optimizer (its state starts afresh). The learning rate it carries is only the
     * initial one: {@link #update} sets the rate of each step.
     */
    default void setOptimizer(Optimizer optimizer) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no configurable optimizer");
    }

    /** The optimizer that {@link #update} applies. */
    default Optimizer optimizer() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no configurable optimizer");
    }

    /** Number of classes (width of the logits). */
    int numClasses();

    /** Width of the penultimate features. */
    int featureSize();

    /** Shape of one input example, without the batch dimension (e.g. {2} or {1, 28, 28}). */
    long[] inputShape();

    /** A deep copy with its own parameters and optimizer state (teachers, snapshots). */
    Model copy();

    /** Writes parameters and optimizer state to a file (atomically: a temporary file, then a rename). */
    void save(Path file) throws IOException;

    /** Reads what {@link #save} wrote into this model, which must have the same architecture. */
    void load(Path file) throws IOException;

    /** A short description, e.g. "mlp 2-100-100-2 (dropout 0.1)". */
    String describe();
}
