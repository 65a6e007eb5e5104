package org.semisup4j.experiment;

import org.semisup4j.train.*;
import org.semisup4j.eval.Fidelity;
import org.semisup4j.method.LearnsFromTeacher;
import org.semisup4j.plot.LiveFigure;
import org.semisup4j.teacher.TrainedTeacher;

import java.util.ArrayList;
import java.util.List;

/**
 * Watches a student learn from its teacher: at every evaluation, the top-1 agreement with the teacher on the
 * test set and on the labeled training rows ({@link Fidelity}), drawn live next to {@link LiveTraining}'s
 * accuracy and kept as a history.
 */
public final class LiveFidelity implements TrainingListener {
    /** One evaluation: step, test agreement, train agreement, test predictive KL. */
    public record Point(int step, double testAgreement, double trainAgreement, double testKl) {}

    private final String title;
    private final Experiment experiment;
    private final boolean figure;
    private final List<Point> history = new ArrayList<>();
    private LiveFigure live;
    private TrainedTeacher teacher;

    private LiveFidelity(String title, Experiment experiment, boolean figure) {
        if (!(experiment.method() instanceof LearnsFromTeacher))
            throw new IllegalArgumentException("LiveFidelity needs a method that learns from a teacher, not " + experiment.method().name());
        this.title = title;
        this.experiment = experiment;
        this.figure = figure;
    }

    /** With a live figure (in a notebook). */
    public static LiveFidelity show(String title, Experiment experiment) {
        return new LiveFidelity(title, experiment, true);
    }

    /** History only. */
    public static LiveFidelity record(Experiment experiment) {
        return new LiveFidelity("", experiment, false);
    }

    @Override
    public void onStart(RunInfo run) {
        teacher = ((LearnsFromTeacher) experiment.method()).teacher();
        if (figure) live = LiveFigure.start(title + ": agreement with the teacher", "step", "top-1 agreement");
    }

    @Override
    public void onEvaluation(EvaluationRecord e) {
        int[] rows = experiment.split().labeled();
        Fidelity train = Fidelity.of(teacher, experiment.model(), experiment.train().features(rows), rows);
        double testAgreement = Double.NaN, testKl = Double.NaN;
        if (teacher.readsInputs()) {
            Fidelity test = Fidelity.of(teacher, experiment.model(), experiment.test().features(), null);
            testAgreement = test.agreement();
            testKl = test.meanKl();
            if (live != null) live.add("test", e.step(), testAgreement);
        }
        if (live != null) live.add("train (labeled rows)", e.step(), train.agreement());
        history.add(new Point(e.step(), testAgreement, train.agreement(), testKl));
    }

    @Override
    public void onEnd(TrainingResult result) {
        if (live != null) live.close();
    }

    public List<Point> history() {
        return List.copyOf(history);
    }
}
