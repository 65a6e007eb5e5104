package org.semisup4j.method;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.semisup4j.loss.CrossEntropy;
import org.semisup4j.loss.Kl;
import org.semisup4j.loss.Loss;
import org.semisup4j.loss.Output;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.model.Model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The teacher's side of Meta Pseudo Labels (Pham et al. 2021), shared by {@link MetaPseudoLabels} (two
 * networks) and {@link SelfMetaPseudoLabels} (one network in both roles).
 *
 * <p>The student takes a step θ_S → θ_S' on the teacher's hard pseudo-labels ŷ_u. The teacher's first-order
 * feedback is how much that step lowered the student's labeled cross-entropy:
 * <pre>  h = η · ∇CE_l(θ_S')ᵀ · ∇CE(ŷ_u; θ_S) = −∇CE_l(θ_S')ᵀ · (θ_S' − θ_S)</pre>
 * (equal for a plain-SGD student, θ_S' − θ_S = −η∇CE(ŷ_u); for Adam the right-hand form uses the step the
 * student really took). It is computed as a directional derivative of CE_l along the student's step by central
 * differences — two forward passes and no second copy of the student, which keeps Self-MPL's one-network
 * memory. The teacher then descends
 * <pre>  L_T = CE(y_l, T(x_l)) + h · CE(ŷ_u, T(x_u)) [+ λ_uda · KL(sg T(x_u) ‖ T(strong x_u))]</pre>
 * so a pseudo-label that helped the student on labeled data (h &gt; 0) becomes more likely, one that hurt it
 * (h &lt; 0) less likely: the REINFORCE form of the paper's meta-gradient.
 */
final class TeacherFeedback {
    private TeacherFeedback() {}

    /** Hard pseudo-labels from a model's evaluation-mode probabilities: drawn from them (the paper) or their argmax. */
    static int[] pseudoLabels(Model teacher, INDArray xu, boolean sample, RandomGenerator random) {
        INDArray p = Probabilities.softmax(teacher.predict(xu, Model.Mode.EVAL).logits()).castTo(DataType.DOUBLE);
        if (!sample) return Probabilities.argmax(p);
        int[] labels = new int[(int) p.rows()];
        for (int i = 0; i < labels.length; i++) {
            double u = random.nextDouble(), cumulative = 0;
            int c = 0;
            for (; c < p.columns() - 1; c++) {
                cumulative += p.getDouble(i, c);
                if (u < cumulative) break;
            }
            labels[i] = c;
        }
        return labels;
    }

    /** Share of pseudo-labels equal to the hidden true labels: a diagnostic, never a training signal. */
    static double accuracy(int[] pseudo, int[] truth) {
        int correct = 0;
        for (int i = 0; i < pseudo.length; i++) if (pseudo[i] == truth[i]) correct++;
        return pseudo.length == 0 ? Double.NaN : (double) correct / pseudo.length;
    }

    /**
     * h = −∇CE_l(θ')ᵀ(θ' − θ) for a student now at θ' that was at {@code before}: the derivative of its labeled
     * cross-entropy (evaluation mode) along its last step, by central differences of size 10⁻² in parameter
     * space. The student's parameters are left exactly as they were. 0 without labeled rows or without a step.
     */
    static double coefficient(Model student, INDArray before, INDArray xl, int[] yl) {
        if (yl.length == 0) return 0;
        INDArray after = student.params().dup();
        INDArray step = after.sub(before);
        double norm = step.norm2Number().doubleValue();
        if (norm == 0) return 0;
        double eps = 1e-2 / norm;
        try {
            student.params().addi(step.mul(eps));
            double plus = labeledLoss(student, xl, yl);
            student.params().assign(after).subi(step.mul(eps));
            double minus = labeledLoss(student, xl, yl);
            return -(plus - minus) / (2 * eps);
        } finally {
            student.params().assign(after);
        }
    }

    /** Mean cross-entropy on (x, y) in evaluation mode, in double precision. */
    static double labeledLoss(Model m, INDArray x, int[] y) {
        Output z = Output.of(m.predict(x, Model.Mode.EVAL).logits().castTo(DataType.DOUBLE));
        return CrossEntropy.of(z, y).value();
    }

    /**
     * One update of {@code teacher} on L_T (above) at learning rate {@code lr}: one differentiable pass over
     * [x_l; x_u; strong x_u], one backward, one optimizer step. {@code strongXu} may be null when
     * {@code udaWeight} is 0. Returns the terms' values, for the step's diagnostics.
     */
    static Map<String, Double> update(Model teacher, INDArray xl, int[] yl, INDArray xu, int[] pseudo, INDArray strongXu,
                                      double supervisedWeight, double h, double udaWeight, double lr, int iteration) {
        boolean uda = udaWeight != 0 && strongXu != null;
        long nl = yl.length, nu = pseudo.length;
        INDArray input = uda ? Nd4j.concat(0, xl, xu, strongXu) : Nd4j.concat(0, xl, xu);
        INDArray z = teacher.forward(input).logits();
        Output zl = Output.of(rows(z, 0, nl)), zu = Output.of(rows(z, nl, nl + nu));
        Loss supervised = CrossEntropy.of(zl, yl), feedback = CrossEntropy.of(zu, pseudo);
        INDArray dz = Nd4j.concat(0, supervised.gradient(zl).muli(supervisedWeight), feedback.gradient(zu).muli(h));
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("teacher_supervised", supervised.value());
        values.put("teacher_feedback", feedback.value());
        if (uda) {
            Output zs = Output.of(rows(z, nl + nu, nl + 2 * nu));
            Loss consistency = Kl.toTarget(Probabilities.softmax(zu.value()), zs);
            dz = Nd4j.concat(0, dz, consistency.gradient(zs).muli(udaWeight));
            values.put("teacher_uda", consistency.value());
        }
        teacher.backward(dz, null, false);
        teacher.update(lr, iteration);
        return values;
    }

    private static INDArray rows(INDArray z, long from, long to) {
        return z.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup();
    }
}
