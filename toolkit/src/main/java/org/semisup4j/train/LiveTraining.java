package org.semisup4j.train;

import org.semisup4j.plot.LiveFigure;
import org.semisup4j.plot.Progress;

import java.util.Locale;
import java.util.Map;

/**
 * What a person watches while a model trains: a progress bar (with the current loss and accuracy) and,
 * in a notebook, two live figures — the loss terms and the test accuracy of every evaluated model —
 * that redraw at most twice a second and end as complete figures in the saved notebook.
 * Outside a notebook only the progress bar shows (on stderr).
 */
public final class LiveTraining implements TrainingListener {
    private final String title;
    private final boolean figures;
    private LiveFigure losses, accuracy;
    private Progress progress;
    private String lastAccuracy = "";
    private String lastLoss = "";

    private LiveTraining(String title, boolean figures) {
        this.title = title;
        this.figures = figures;
    }

    /** Progress bar and live figures. */
    public static LiveTraining show(String title) {
        return new LiveTraining(title, true);
    }

    /** Only the progress bar (the CLI, quick checks). */
    public static LiveTraining progressOnly(String title) {
        return new LiveTraining(title, false);
    }

    @Override
    public void onStart(RunInfo run) {
        if (figures) {
            losses = LiveFigure.start(title + ": loss terms", "step", "loss");
            accuracy = LiveFigure.start(title + ": test accuracy", "step", "accuracy");
        }
        progress = Progress.start(title, run.totalSteps());
        if (run.firstStep() > 0) progress.step(run.firstStep());
    }

    @Override
    public void onStep(StepRecord r) {
        if (losses != null) {
            for (Map.Entry<String, Double> t : r.terms().entrySet()) losses.add(t.getKey(), r.step(), t.getValue());
            if (r.terms().size() > 1) losses.add("total (weighted)", r.step(), r.loss());
        }
        lastLoss = String.format(Locale.ROOT, "loss %.4f", r.loss());
        progress.postfix(lastLoss + lastAccuracy).step();
    }

    @Override
    public void onEvaluation(EvaluationRecord e) {
        StringBuilder sb = new StringBuilder();
        for (var a : e.accuracy().entrySet()) {
            if (accuracy != null) accuracy.add(a.getKey(), e.step(), a.getValue());
            sb.append(String.format(Locale.ROOT, "  acc(%s) %.3f", a.getKey(), a.getValue()));
        }
        lastAccuracy = sb.toString();
        // The final evaluation comes after the last step: refresh the bar so it does not end on stale accuracy.
        progress.postfix(lastLoss + lastAccuracy);
    }

    @Override
    public void onEnd(TrainingResult result) {
        if (losses != null) losses.close();
        if (accuracy != null) accuracy.close();
        progress.close();
    }
}
