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
 * Meta Pseudo Labels (Pham et al. 2021, arXiv 2003.10580): a teacher T labels the unlabeled batch, the student S
 * learns only from those labels, and the teacher learns from how its labels served the student on labeled data.
 * One step:
 * <pre>
 *   ŷ_u ~ T(x_u)                                  hard pseudo-labels, drawn from the teacher (or its argmax)
 *   θ_S' = θ_S − η ∇ CE(ŷ_u, S(strong x_u))        the trainer's update of the student
 *   h    = η ∇CE_l(θ_S')ᵀ ∇CE(ŷ_u; θ_S)             first-order feedback ({@link TeacherFeedback})
 *   θ_T' = θ_T − η ∇ [CE(y_l, T(x_l)) + h · CE(ŷ_u, T(x_u)) + λ_uda · UDA]
 * </pre>
 * The student is the trainer's model (and the one reported); the teacher is a copy of the untrained student with
 * its own optimizer state, evaluated and checkpointed as "teacher", updated in {@link #afterUpdate} at the step's
 * learning rate. Unlike the paper we do not fine-tune the student on the labels afterwards.
 *
 * <p>Parameters: {@code pseudo_labels} ("sample", the paper, or "argmax"), {@code uda} (λ_uda, the teacher's UDA
 * consistency weight; 0, off). Diagnostics: {@code h}, the teacher's terms and the pseudo-labels' accuracy.
 */
public final class MetaPseudoLabels implements Method {
    private final boolean sample;
    private final double udaWeight;
    private Model teacher;
    /** This step's state between {@link #loss} and {@link #afterUpdate}. */
    private INDArray studentBefore, unlabeledView, strongView;
    private int[] pseudo;
    private Terms terms;

    public MetaPseudoLabels(String pseudoLabels, double udaWeight) {
        this.sample = sampling("mpl", pseudoLabels);
        if (!(udaWeight >= 0)) throw new IllegalArgumentException("mpl parameter 'uda' must be >= 0, got " + udaWeight);
        this.udaWeight = udaWeight;
    }

    public static MetaPseudoLabels from(RunConfig c) {
        requireBothParts("mpl", c);
        return new MetaPseudoLabels(c.paramOr("pseudo_labels", "sample"), c.paramOr("uda", 0.0));
    }

    static boolean sampling(String method, String pseudoLabels) {
        if (!"sample".equals(pseudoLabels) && !"argmax".equals(pseudoLabels))
            throw new IllegalArgumentException(method + " parameter 'pseudo_labels' must be 'sample' or 'argmax', got '" + pseudoLabels + "'");
        return "sample".equals(pseudoLabels);
    }

    @Override
    public String name() {
        return "mpl";
    }

    /** The teacher starts as a copy of the untrained student, so that a checkpoint can restore it. */
    @Override
    public void start(Model student) {
        if (teacher == null) teacher = student.copy();
    }

    @Override
    public Terms loss(Step step) {
        Batch batch = step.batch();
        requireBothParts("mpl", batch);
        unlabeledView = step.weak(batch.unlabeledX());
        strongView = step.strong(batch.unlabeledX());
        pseudo = TeacherFeedback.pseudoLabels(teacher, unlabeledView, sample, step.random());
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
        Map<String, Double> values = TeacherFeedback.update(teacher, step.weak(batch.labeledX()), batch.labeledY(),
                unlabeledView, pseudo, strongView, 1.0, h, udaWeight, step.learningRate(), step.index());
        // The trainer reads the diagnostics after this call: h belongs to the step that produced it.
        terms.diagnostic("h", h);
        values.forEach(terms::diagnostic);
        studentBefore = unlabeledView = strongView = null;
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

    /** The teacher (null before {@link #start}). */
    public Model teacher() {
        return teacher;
    }

    @Override
    public Map<String, Model> evaluatedModels() {
        return teacher == null ? Map.of() : Map.of("teacher", teacher);
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("pseudo_labels", sample ? "sample" : "argmax");
        h.put("uda", udaWeight);
        return h;
    }
}
