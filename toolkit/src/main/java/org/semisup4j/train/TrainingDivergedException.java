package org.semisup4j.train;

/** A loss term became NaN or infinite: training stops, naming the step and the term. */
public final class TrainingDivergedException extends RuntimeException {
    private final int step;
    private final String term;

    public TrainingDivergedException(int step, String term, double value) {
        super("step " + step + ": loss term '" + term + "' is " + value
                + " — training stopped (earlier checkpoints and metrics are kept). Try a lower learning rate or weight.");
        this.step = step;
        this.term = term;
    }

    public int step() {
        return step;
    }

    public String term() {
        return term;
    }
}
