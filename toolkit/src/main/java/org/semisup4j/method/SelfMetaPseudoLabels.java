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
 * Self Meta Pseudo Labels (Ng &amp; Wang 2022, arXiv 2212.13420): Meta Pseudo Labels with one network θ in both roles,
 * so only one model (and one optimizer state) is held instead of two. One step:
 * <pre>
 *   ŷ_u ~ p(· | x_u; θ)                            the network labels the unlabeled batch (as the teacher)
 *   θ'  = θ − η ∇ CE(ŷ_u, f(strong x_u; θ))         it learns from them (as the student; the trainer's update)
 *   h   = η ∇CE_l(θ')ᵀ ∇CE(ŷ_u; θ)                  did that help on labeled data? ({@link TeacherFeedback})
 *   θ'' = θ' − η ∇ [CE(y_l, f(x_l; θ')) + h · CE(ŷ_u, f(x_u; θ')) + λ_uda · UDA]   (as the teacher)
 * </pre>
 * The second update, in {@link #afterUpdate}, uses the same optimizer (state) at the step's learning rate: the
 * method holds nothing between steps, so checkpoints need no more than the student's own.
 *
 * <p>Parameters as {@link MetaPseudoLabels}: {@code pseudo_labels} ("sample" or "argmax"), {@code uda} (0).
 */
public final class SelfMetaPseudoLabels implements Method {
    private final boolean sample;
    private final double udaWeight;
    /** This step's state between {@link #loss} and {@link #afterUpdate}. */
    private INDArray before, unlabeledView, strongView;
    private int[] pseudo;
    private Terms terms;

    public SelfMetaPseudoLabels(String pseudoLabels, double udaWeight) {
        this.sample = MetaPseudoLabels.sampling("self-mpl", pseudoLabels);
        if (!(udaWeight >= 0)) throw new IllegalArgumentException("self-mpl parameter 'uda' must be >= 0, got " + udaWeight);
        this.udaWeight = udaWeight;
    }

    public static SelfMetaPseudoLabels from(RunConfig c) {
        MetaPseudoLabels.requireBothParts("self-mpl", c);
        return new SelfMetaPseudoLabels(c.paramOr("pseudo_labels", "sample"), c.paramOr("uda", 0.0));
    }

    @Override
    public String name() {
        return "self-mpl";
    }

    @Override
    public Terms loss(Step step) {
        Batch batch = step.batch();
        MetaPseudoLabels.requireBothParts("self-mpl", batch);
        unlabeledView = step.weak(batch.unlabeledX());
        strongView = step.strong(batch.unlabeledX());
        pseudo = TeacherFeedback.pseudoLabels(step.model(), unlabeledView, sample, step.random());
        before = step.model().params().dup();
        Pass pass = step.forward(strongView);
        terms = Terms.of("pseudo_label", CrossEntropy.of(pass.logits(0), pseudo))
                .diagnostic("guess_accuracy", TeacherFeedback.accuracy(pseudo, batch.unlabeledTrueLabelsForDiagnostics()));
        return terms;
    }

    /** The teacher's update of the same network, now at θ'. */
    @Override
    public void afterUpdate(Step step, Model network) {
        Batch batch = step.batch();
        double h = TeacherFeedback.coefficient(network, before, batch.labeledX(), batch.labeledY());
        Map<String, Double> values = TeacherFeedback.update(network, step.weak(batch.labeledX()), batch.labeledY(),
                unlabeledView, pseudo, strongView, 1.0, h, udaWeight, step.learningRate(), step.index());
        terms.diagnostic("h", h); // read by the trainer after this call
        values.forEach(terms::diagnostic);
        before = unlabeledView = strongView = null;
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("pseudo_labels", sample ? "sample" : "argmax");
        h.put("uda", udaWeight);
        return h;
    }
}
