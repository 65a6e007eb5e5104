package org.semisup4j.train;

/**
 * A loss term, or its weight, became NaN or infinite: training stops, naming the step, the term and its
 * weight. An infinite weight is named as the cause even while its term is still finite, since it is what
 * turns every weight into NaN one update later.
 */
public final class TrainingDivergedException extends RuntimeException {
    private final int step;
    private final String term;
    private final double value, weight;

    public TrainingDivergedException(int step, String term, double value, double weight) {
        super("step " + step + ": " + (Double.isFinite(weight)
                ? "loss term '" + term + "' is " + value + " (weight " + weight + ")"
                : "loss term '" + term + "' has weight " + weight + " (term " + value + ")")
                + " — training stopped (earlier checkpoints and metrics are kept). Try a lower learning rate or weight.");
        this.step = step;
        this.term = term;
        this.value = value;
        this.weight = weight;
    }

    /** The step (from 0) whose loss diverged. */
    public int step() {
        return step;
    }

    public String term() {
        return term;
    }

    public double value() {
        return value;
    }

    public double weight() {
        return weight;
    }
}
