package org.semisup4j.train;

/**
 * Receives what training produces, in order: start, then steps and evaluations, then the end. Listeners
 * only look: they never change the model or the batch (data flows one way).
 */
public interface TrainingListener {
    default void onStart(RunInfo run) {}

    default void onStep(StepRecord step) {}

    default void onEvaluation(EvaluationRecord evaluation) {}

    default void onEnd(TrainingResult result) {}
}
