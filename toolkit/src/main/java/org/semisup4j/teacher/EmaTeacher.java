package org.semisup4j.teacher;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.semisup4j.model.Model;

/**
 * A teacher whose weights are an exponential moving average of the student's (Mean Teacher; FixMatch's
 * evaluation model): θ' ← α θ' + (1 − α) θ, with α_eff = min(1 − 1/(step + 1), α) so that early on the
 * teacher follows the student instead of remembering its random initialisation.
 *
 * <p>Every entry of {@link Model#params()} is averaged, batch-norm running statistics included.
 */
public final class EmaTeacher {
    private final Model model;
    private final double alpha;

    public EmaTeacher(Model student, double alpha) {
        if (!(alpha >= 0 && alpha < 1)) throw new IllegalArgumentException("EMA decay must be in [0, 1), got " + alpha);
        this.model = student.copy();
        this.alpha = alpha;
    }

    /** The decay used at a given step. */
    public double decayAt(int step) {
        return Math.min(1.0 - 1.0 / (step + 1), alpha);
    }

    /** Moves the teacher toward the student; returns the decay used. */
    public double update(Model student, int step) {
        double a = decayAt(step);
        INDArray teacher = model.params(), weights = student.params();
        // In place, no temporary: θ' ← αθ', then θ' += (1 − α)θ (BLAS axpy). Measured on the 270 k-weight
        // Fashion-MNIST MLP, the form with a temporary took 7× PyTorch's update.
        teacher.muli(a);
        Nd4j.getBlasWrapper().level1().axpy(teacher.length(), 1.0 - a, weights, teacher);
        return a;
    }

    public Model model() {
        return model;
    }

    public double alpha() {
        return alpha;
    }
}
