package org.semisup4j.train;

/**
 * A number that follows training progress: a learning rate, a loss weight's ramp-up, a threshold.
 * {@code at(step, total)} for step in [0, total).
 */
@FunctionalInterface
public interface Schedule {
    double at(int step, int totalSteps);

    static Schedule constant(double value) {
        return (s, t) -> value;
    }

    /**
     * The sigmoid-shaped ramp-up of Laine &amp; Aila and Tarvainen &amp; Valpola: exp(−5(1 − t)²) with
     * t = clip(step / length, 0, 1); 0.0067 at the start, 1 from {@code length} on.
     */
    static Schedule rampUp(int length) {
        return (s, t) -> {
            if (length <= 0) return 1.0;
            double p = Math.min(1.0, Math.max(0.0, (double) s / length));
            return Math.exp(-5.0 * (1.0 - p) * (1.0 - p));
        };
    }

    /** Linear ramp from 0 to 1 over {@code length} steps. */
    static Schedule linearRampUp(int length) {
        return (s, t) -> length <= 0 ? 1.0 : Math.min(1.0, (double) s / length);
    }

    /**
     * FixMatch's cosine decay: base · cos(7π k / (16 K)) — it ends at about 0.2 · base, not at 0.
     */
    static Schedule fixMatchCosine(double base) {
        return (s, t) -> base * Math.cos(7.0 * Math.PI * s / (16.0 * Math.max(1, t)));
    }

    /** Plain cosine annealing from base to 0 over the whole run. */
    static Schedule cosine(double base) {
        return (s, t) -> base * 0.5 * (1 + Math.cos(Math.PI * s / Math.max(1, t)));
    }

    /** base · factor^(number of milestones passed). */
    static Schedule stepDecay(double base, double factor, int... milestones) {
        return (s, t) -> {
            double v = base;
            for (int m : milestones) if (s >= m) v *= factor;
            return v;
        };
    }

    /** This schedule multiplied by a constant (e.g. λ_u · rampUp). */
    default Schedule times(double factor) {
        return (s, t) -> factor * at(s, t);
    }

    /** This schedule multiplied by another (e.g. a cosine learning rate with a warm-up). */
    default Schedule times(Schedule other) {
        return (s, t) -> at(s, t) * other.at(s, t);
    }
}
