package org.semisup4j.loss;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a method returns for one step: named, weighted loss terms (e.g. {@code supervised},
 * {@code consistency}) and diagnostics (mask rate, pseudo-label accuracy). The trainer minimises
 * Σ weight · term and reports every term, weight and diagnostic to its listeners.
 */
public final class Terms {
    /** One named term with its weight for this step. */
    public record Term(String name, double weight, Loss loss) {
        public double weighted() {
            return weight == 0.0 ? 0.0 : weight * loss.value();
        }
    }

    private final List<Term> terms = new ArrayList<>();
    private final Map<String, Double> diagnostics = new LinkedHashMap<>();

    public static Terms of(String name, double weight, Loss loss) {
        return new Terms().and(name, weight, loss);
    }

    public static Terms of(String name, Loss loss) {
        return of(name, 1.0, loss);
    }

    public Terms and(String name, double weight, Loss loss) {
        for (Term t : terms)
            if (t.name.equals(name)) throw new IllegalArgumentException("term '" + name + "' is given twice");
        terms.add(new Term(name, weight, loss));
        return this;
    }

    public Terms and(String name, Loss loss) {
        return and(name, 1.0, loss);
    }

    /** A number worth watching that is not minimised (mask rate, pseudo-label accuracy, …). */
    public Terms diagnostic(String name, double value) {
        diagnostics.put(name, value);
        return this;
    }

    public List<Term> terms() {
        return Collections.unmodifiableList(terms);
    }

    public Map<String, Double> diagnostics() {
        return Collections.unmodifiableMap(diagnostics);
    }

    /** Σ weight · value: the loss the trainer minimises. */
    public double total() {
        double sum = 0;
        for (Term t : terms) sum += t.weighted();
        return sum;
    }

    /** Sends Σ weight · dterm/doutput into the outputs the terms were computed from. */
    public void backward() {
        for (Term t : terms) t.loss.backward(t.weight);
    }
}
