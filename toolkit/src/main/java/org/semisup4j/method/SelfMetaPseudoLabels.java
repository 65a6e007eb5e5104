package org.semisup4j.method;

import org.semisup4j.model.Model;
import org.semisup4j.train.RunConfig;


/**
 * Self Meta Pseudo Labels (Ng &amp; Wang 2022, arXiv 2212.13420): Meta Pseudo Labels with one network θ in both roles,
 * so only one model (and one optimizer state) is held instead of two. One step:
 * <pre>
 *   ŷ_u ~ p(· | x_u; θ)                            the network labels the unlabeled batch (as the teacher)
 *   θ'  = θ − η ∇ CE(ŷ_u, f(strong x_u; θ))         it learns from them (as the student; the trainer's update)
 *   h   = η ∇CE_l(θ')ᵀ ∇CE(ŷ_u; θ)                  did that help on labeled data? ({@link TeacherFeedback})
 *   θ'' = θ' − η ∇ [CE(y_l, f(x_l; θ')) + s·h · CE(ŷ_u, f(x_u; θ')) + λ_uda · UDA]   (as the teacher)
 * </pre>
 * The second update, in {@link #afterUpdate}, uses the same optimizer (state) at the step's learning rate: the
 * method holds nothing between steps, so checkpoints need no more than the student's own.
 *
 * <p>Parameters as {@link MetaPseudoLabels}: {@code pseudo_labels} ("sample" or "argmax"), {@code uda} (0), {@code feedback} (s, 1).
 */
public final class SelfMetaPseudoLabels extends PseudoLabelFeedbackStep {
    public SelfMetaPseudoLabels(String pseudoLabels, double udaWeight, double feedback) {
        super("self-mpl", pseudoLabels, udaWeight, feedback);
    }

    public static SelfMetaPseudoLabels from(RunConfig c) {
        requireBothParts("self-mpl", c);
        return new SelfMetaPseudoLabels(c.paramOr("pseudo_labels", "sample"), c.paramOr("uda", 0.0), c.paramOr("feedback", 1.0));
    }

    @Override
    public String name() {
        return "self-mpl";
    }

    /** The network labels for itself; its teacher step follows its student step, from θ'. */
    @Override
    Model teacherOf(Model student) {
        return student;
    }
}
