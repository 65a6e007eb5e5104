package org.semisup4j.method;

import org.semisup4j.model.Model;
import org.semisup4j.train.RunConfig;

import java.util.Map;

/**
 * Meta Pseudo Labels (Pham et al. 2021, arXiv 2003.10580): a teacher T labels the unlabeled batch, the student S
 * learns only from those labels, and the teacher learns from how its labels served the student on labeled data.
 * One step:
 * <pre>
 *   ŷ_u ~ T(x_u)                                  hard pseudo-labels, drawn from the teacher (or its argmax)
 *   θ_S' = θ_S − η ∇ CE(ŷ_u, S(strong x_u))        the trainer's update of the student
 *   h    = η ∇CE_l(θ_S')ᵀ ∇CE(ŷ_u; θ_S)             first-order feedback ({@link TeacherFeedback})
 *   θ_T' = θ_T − η ∇ [CE(y_l, T(x_l)) + s·h · CE(ŷ_u, T(x_u)) + λ_uda · UDA]
 * </pre>
 * The student is the trainer's model (and the one reported); the teacher is a copy of the untrained student with
 * its own optimizer state, evaluated and checkpointed as "teacher", updated in {@link #afterUpdate} at the step's
 * learning rate. Unlike the paper we do not fine-tune the student on the labels afterwards.
 *
 * <p>Parameters: {@code pseudo_labels} ("sample", the paper, or "argmax"), {@code uda} (λ_uda, the teacher's UDA
 * consistency weight; 0, off), {@code feedback} (s, the scale of h in the teacher's loss; 1, the paper's first-order
 * term; 0 removes the feedback, leaving a teacher trained on labels alone). Diagnostics: {@code h}, the teacher's terms and the pseudo-labels' accuracy.
 */
public final class MetaPseudoLabels extends PseudoLabelFeedbackStep {
    private Model teacher;

    public MetaPseudoLabels(String pseudoLabels, double udaWeight, double feedback) {
        super("mpl", pseudoLabels, udaWeight, feedback);
    }

    public static MetaPseudoLabels from(RunConfig c) {
        requireBothParts("mpl", c);
        return new MetaPseudoLabels(c.paramOr("pseudo_labels", "sample"), c.paramOr("uda", 0.0), c.paramOr("feedback", 1.0));
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
    Model teacherOf(Model student) {
        return teacher;
    }

    /** The teacher (null before {@link #start}). */
    public Model teacher() {
        return teacher;
    }

    @Override
    public Map<String, Model> evaluatedModels() {
        return teacher == null ? Map.of() : Map.of("teacher", teacher);
    }
}
