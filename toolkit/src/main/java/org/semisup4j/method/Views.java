package org.semisup4j.method;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.loss.Output;
import org.semisup4j.train.Pass;
import org.semisup4j.train.Step;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Collects the views of one step's single forward pass, leaving out empty ones: with uniform batch
 * composition a batch may hold no labeled row at all, and a zero-row view would break the concatenation.
 * A view that was left out has index −1 and its outputs read as null.
 */
final class Views {
    private final List<INDArray> arrays = new ArrayList<>();
    private Pass pass;

    /** Adds a view and returns its index, or −1 when it has no rows. */
    int add(INDArray x) {
        if (x == null || x.size(0) == 0) return -1;
        arrays.add(x);
        return arrays.size() - 1;
    }

    /**
     * Adds {@code augment(x)} as a view, or returns −1 without augmenting when {@code x} has no rows.
     */
    int add(INDArray x, UnaryOperator<INDArray> augment) {
        if (x == null || x.size(0) == 0) return -1;
        return add(augment.apply(x));
    }

    Pass forward(Step step) {
        pass = step.forward(arrays.toArray(INDArray[]::new));
        return pass;
    }

    /** The logits of view {@code v}, or null when the view was left out. */
    Output logits(int v) {
        return v < 0 ? null : pass.logits(v);
    }

    /** The projection head's outputs of view {@code v}, or null when the view was left out. */
    Output projections(int v) {
        return v < 0 ? null : pass.projections(v);
    }

    /** The features of view {@code v}, or null when the view was left out. */
    Output features(int v) {
        return v < 0 ? null : pass.features(v);
    }
}
