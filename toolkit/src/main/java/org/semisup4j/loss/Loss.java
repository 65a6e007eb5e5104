package org.semisup4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A scalar loss with its gradient with respect to each {@link Output} it was computed from.
 * Built-in terms compute both by hand; {@link Autodiff} computes them for a user's own term.
 */
public final class Loss {
    private record Part(Output output, INDArray gradient) {}

    private final double value;
    private final List<Part> parts;

    private Loss(double value, List<Part> parts) {
        this.value = value;
        this.parts = parts;
    }

    /** A loss of the given value whose gradient w.r.t. {@code output} is {@code gradient}. */
    public static Loss of(double value, Output output, INDArray gradient) {
        return new Loss(value, List.of(new Part(output, gradient)));
    }

    /** A constant loss (no gradient), e.g. a term that is zero because its mask is empty. */
    public static Loss constant(double value) {
        return new Loss(value, List.of());
    }

    public double value() {
        return value;
    }

    /** Sum of two losses; gradients of both are kept. */
    public Loss plus(Loss other) {
        List<Part> all = new ArrayList<>(parts);
        all.addAll(other.parts);
        return new Loss(value + other.value, Collections.unmodifiableList(all));
    }

    /** This loss scaled by a constant. */
    public Loss times(double factor) {
        List<Part> scaled = new ArrayList<>(parts.size());
        for (Part p : parts) scaled.add(new Part(p.output, p.gradient.mul(factor)));
        return new Loss(value * factor, scaled);
    }

    /** dLoss/d{@code output} (zeros if this loss does not depend on it). */
    public INDArray gradient(Output output) {
        INDArray sum = null;
        for (Part p : parts) {
            if (p.output != output) continue;
            sum = sum == null ? p.gradient.dup() : sum.addi(p.gradient);
        }
        return sum != null ? sum : output.value().mul(0);
    }

    /** Adds {@code weight} × this loss's gradient into the outputs it depends on. */
    public void backward(double weight) {
        if (weight == 0.0) return;
        for (Part p : parts) p.output.accumulate(p.gradient, weight);
    }

    @Override
    public String toString() {
        return "Loss(" + value + ")";
    }
}
