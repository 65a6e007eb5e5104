package org.semisup4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A block of model outputs (the logits or features of some rows) that loss terms differentiate through.
 *
 * <p>Reading {@link #value()} gives plain numbers: a target built from it carries no gradient, which is
 * how a method writes the papers' stop-gradient sg(·). Only a term that takes the {@code Output} itself
 * sends gradient back to the model.
 */
public final class Output {
    private final INDArray value;
    private final INDArray gradient;

    /**
     * @param value    the outputs, one row per example
     * @param gradient where dLoss/dvalue accumulates; same shape (a view into the pass's buffer)
     */
    public Output(INDArray value, INDArray gradient) {
        if (!java.util.Arrays.equals(value.shape(), gradient.shape()))
            throw new IllegalArgumentException("gradient shape " + java.util.Arrays.toString(gradient.shape())
                    + " differs from value shape " + java.util.Arrays.toString(value.shape()));
        this.value = value;
        this.gradient = gradient;
    }

    /** A free-standing output with its own gradient buffer: for trying terms and for tests. */
    public static Output of(INDArray value) {
        return new Output(value, Nd4j.zeros(value.dataType(), value.shape()));
    }

    /** The outputs as numbers; do not modify (it may be a view of the whole pass). */
    public INDArray value() {
        return value;
    }

    /** dLoss/dvalue accumulated so far by {@link Loss#backward}. */
    public INDArray gradient() {
        return gradient;
    }

    public long rows() {
        return value.size(0);
    }

    public long columns() {
        return value.size(1);
    }

    void accumulate(INDArray g, double weight) {
        if (weight == 1.0) gradient.addi(g.castTo(gradient.dataType()));
        else gradient.addi(g.castTo(gradient.dataType()).mul(weight));
    }
}
