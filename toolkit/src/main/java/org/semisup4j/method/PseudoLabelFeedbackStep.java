package org.semisup4j.method;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.data.Batch;
import org.semisup4j.loss.CrossEntropy;
import org.semisup4j.loss.Terms;
import org.semisup4j.model.Model;
import org.semisup4j.train.Method;
import org.semisup4j.train.Pass;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.Step;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The step Meta Pseudo Labels and Self-MPL share: a teacher labels the unlabeled batch, the student learns only
 * from those labels (the trainer's update), then the teacher takes one step on its labeled loss plus the
 * pseudo-labels weighted by the feedback h ({@link TeacherFeedback}). The two differ only in who the teacher is:
 * a second network ({@link MetaPseudoLabels}) or the student itself ({@link SelfMetaPseudoLabels}).
 */
abstract class PseudoLabelFeedbackStep implements Method {
    private final boolean sample;
    private final double udaWeight;
    /** How strongly the teacher follows its feedback: it descends (feedback · h) · CE(ŷ_u); 0 removes the feedback. */
    private final double feedback;
    /** This step's state between {@link #loss} and {@link #afterUpdate}. */
    private INDArray studentBefore, unlabeledView, strongView;
    private int[] pseudo;
    private Terms terms;

    PseudoLabelFeedbackStep(String method, String pseudoLabels, double udaWeight, double feedback) {
        if (!"sample".equals(pseudoLabels) && !"argmax".equals(pseudoLabels))
            throw new IllegalArgumentException(method + " parameter 'pseudo_labels' must be 'sample' or 'argmax', got '" + pseudoLabels + "'");
        if (!(udaWeight >= 0)) throw new IllegalArgumentException(method + " parameter 'uda' must be >= 0, got " + udaWeight);
        if (!(feedback >= 0) || Double.isInfinite(feedback))
            throw new IllegalArgumentException(method + " parameter 'feedback' must be a finite number >= 0, got " + feedback);
        this.feedback = feedback;
        this.sample = "sample".equals(pseudoLabels);
        this.udaWeight = udaWeight;
    }

    /**
     * Refuses, before any training, batches that would lack a part: every step needs the student's labeled loss
     * (the teacher's feedback) and unlabeled rows (the student's pseudo-labels).
     */
    static void requireBothParts(String method, RunConfig c) {
        if ("uniform".equals(c.batches()) || c.unlabeledRatio() <= 0)
            throw new IllegalArgumentException(method + " needs labeled and unlabeled rows in every batch (the teacher's feedback is "
                    + "the student's labeled loss): use fixed-share batches (--batches fixed-share) with --unlabeled-ratio >= 1, got batches="
                    + c.batches() + ", unlabeled_ratio=" + c.unlabeledRatio());
    }

    static void requireBothParts(String method, Batch batch) {
        if (batch.labeledX().size(0) == 0 || batch.unlabeledX() == null || batch.unlabeledX().size(0) == 0)
            throw new IllegalArgumentException(method + " needs labeled and unlabeled rows in every batch (the teacher's feedback is "
                    + "the student's labeled loss), got " + batch.labeledX().size(0) + " labeled and "
                    + (batch.unlabeledX() == null ? 0 : batch.unlabeledX().size(0)) + " unlabeled: use fixed-share batches");
    }

    /** The network in the teacher's role for this student. */
    abstract Model teacherOf(Model student);

    @Override
    public Terms loss(Step step) {
        Batch batch = step.batch();
        requireBothParts(name(), batch);
        unlabeledView = step.weak(batch.unlabeledX());
        strongView = step.strong(batch.unlabeledX());
        pseudo = TeacherFeedback.pseudoLabels(teacherOf(step.model()), unlabeledView, sample, step.random());
        studentBefore = step.model().params().dup();
        Pass pass = step.forward(strongView);
        terms = Terms.of("pseudo_label", CrossEntropy.of(pass.logits(0), pseudo))
                .diagnostic("guess_accuracy", TeacherFeedback.accuracy(pseudo, batch.unlabeledTrueLabelsForDiagnostics()));
        return terms;
    }

    /** The teacher's update, after the student's: h from the student's step, then one step on L_T. */
    @Override
    public void afterUpdate(Step step, Model student) {
        Batch batch = step.batch();
        double h = TeacherFeedback.coefficient(student, studentBefore, batch.labeledX(), batch.labeledY());
        Map<String, Double> values = TeacherFeedback.update(teacherOf(student), step.weak(batch.labeledX()), batch.labeledY(),
                unlabeledView, pseudo, strongView, 1.0, feedback * h, udaWeight, step.learningRate(), step.index());
        // The trainer reads the diagnostics after this call: h belongs to the step that produced it.
        terms.diagnostic("h", h);
        values.forEach(terms::diagnostic);
        studentBefore = unlabeledView = strongView = null;
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("pseudo_labels", sample ? "sample" : "argmax");
        h.put("uda", udaWeight);
        h.put("feedback", feedback);
        return h;
    }
}
