package org.semisup4j.train;

import org.semisup4j.plot.LinePlot;
import org.semisup4j.plot.LiveFigure;

import java.util.List;
import java.util.Map;

/**
 * One live figure of a run's diagnostics beside its test accuracy: each named diagnostic a method reports
 * per step (S4L's {@code rotation_accuracy}, FixMatch's mask rate, …) as a running mean over the last
 * {@code window} steps, and the test accuracy of every evaluated model at each evaluation. Add it next to
 * {@link LiveTraining}; it redraws at most twice a second and ends as a complete figure.
 */
public final class LiveDiagnostics implements TrainingListener {
    private final String title;
    private final List<String> names;
    private final int window;
    private final double[][] recent;
    private final int[] seen;
    private LiveFigure figure;

    private LiveDiagnostics(String title, int window, List<String> names) {
        if (window < 1) throw new IllegalArgumentException("window must be >= 1, got " + window);
        this.title = title;
        this.names = List.copyOf(names);
        this.window = window;
        this.recent = new double[names.size()][window];
        this.seen = new int[names.size()];
    }

    /** The named diagnostics (running mean over 10 steps) and the test accuracy, in one live figure. */
    public static LiveDiagnostics show(String title, String... diagnostics) {
        return new LiveDiagnostics(title, 10, List.of(diagnostics));
    }

    /** The figure's curves so far (null before the run starts). */
    public LinePlot plot() {
        return figure == null ? null : figure.plot();
    }

    @Override
    public void onStart(RunInfo run) {
        figure = LiveFigure.start(title, "step", "accuracy");
    }

    @Override
    public void onStep(StepRecord r) {
        for (int k = 0; k < names.size(); k++) {
            Double v = r.diagnostics().get(names.get(k));
            if (v == null) continue;
            recent[k][seen[k]++ % window] = v;
            int n = Math.min(seen[k], window);
            double sum = 0;
            for (int i = 0; i < n; i++) sum += recent[k][i];
            figure.add(names.get(k) + " (train, mean of " + window + " steps)", r.step(), sum / n);
        }
    }

    @Override
    public void onEvaluation(EvaluationRecord e) {
        for (Map.Entry<String, Double> a : e.accuracy().entrySet()) figure.add("test accuracy (" + a.getKey() + ")", e.step(), a.getValue());
    }

    @Override
    public void onEnd(TrainingResult result) {
        if (figure != null) figure.close();
    }
}
