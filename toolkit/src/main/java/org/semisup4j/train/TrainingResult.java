package org.semisup4j.train;

import org.semisup4j.eval.Evaluation;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The end of a run: the final evaluation of each model ("student", and "teacher"/"ema" where the run has
 * one), the accuracy history, the wall time and the run folder (null when none was written).
 */
public record TrainingResult(Map<String, Object> configuration, Map<String, Evaluation> evaluations,
                             List<EvaluationRecord> history, double seconds, Path runFolder) {

    /** Test accuracy of the student (or of the given model). */
    public double accuracy() {
        return accuracy("student");
    }

    public double accuracy(String model) {
        Evaluation e = evaluations.get(model);
        if (e == null) throw new IllegalArgumentException("no evaluation of '" + model + "'; have " + evaluations.keySet());
        return e.accuracy();
    }
}
