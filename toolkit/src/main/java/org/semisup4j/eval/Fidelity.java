package org.semisup4j.eval;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.model.Model;
import org.semisup4j.teacher.TrainedTeacher;
import org.semisup4j.train.Predictions;

import java.util.Locale;

/**
 * How faithfully a student reproduces a teacher on the same inputs (distillation): top-1 agreement and the
 * mean predictive KL(teacher ‖ student) in nats.
 * <p>
 * Argmax ties go to the lowest class index, as in {@link Evaluation}. A teacher probability of 0 contributes
 * nothing to the KL; a student probability below {@link #MIN_STUDENT_PROBABILITY} is raised to it, because a
 * float32 softmax underflows to exactly 0 and one such entry would otherwise make the mean infinite.
 */
public final class Fidelity {
    /** Floor on student probabilities inside the log; caps one term at about 27.6 nats. */
    public static final double MIN_STUDENT_PROBABILITY = 1e-12;

    private final int n;
    private final double agreement;
    private final double meanKl;

    private Fidelity(int n, double agreement, double meanKl) {
        this.n = n;
        this.agreement = agreement;
        this.meanKl = meanKl;
    }

    /**
     * @param teacherProbs [N, C] probabilities of the reference model
     * @param studentProbs [N, C] probabilities of the model being compared, same rows in the same order
     * @throws IllegalArgumentException naming the argument if either is not an [N, C] probability matrix
     *         or their shapes differ
     */
    public static Fidelity of(INDArray teacherProbs, INDArray studentProbs) {
        double[][] teacher = Inputs.probabilities("teacherProbs", teacherProbs, -1, -1);
        if (studentProbs != null && studentProbs.rank() == 2 && studentProbs.rows() != teacher.length)
            throw new IllegalArgumentException("studentProbs has " + studentProbs.rows() + " rows but teacherProbs has "
                    + teacher.length + ": expected the same examples in the same order");
        double[][] student = Inputs.probabilities("studentProbs", studentProbs, -1, teacher[0].length);
        int agreeing = 0;
        double klSum = 0;
        for (int i = 0; i < teacher.length; i++) {
            if (Inputs.argmax(teacher[i]) == Inputs.argmax(student[i])) agreeing++;
            klSum += kl(teacher[i], student[i]);
        }
        return new Fidelity(teacher.length, agreeing / (double) teacher.length, klSum / teacher.length);
    }

    /**
     * The fidelity of {@code student} to {@code teacher} on inputs {@code x}: both predict in evaluation mode
     * (an ensemble teacher's prediction is its members' mean probability).
     *
     * @param rows the inputs' training-set rows (a table teacher answers by them), or null for other inputs
     */
    public static Fidelity of(TrainedTeacher teacher, Model student, INDArray x, int[] rows) {
        return of(teacher.probabilities(x, rows, 1.0), Predictions.probabilities(student, x, 1000));
    }

    private static double kl(double[] teacher, double[] student) {
        double kl = 0;
        for (int c = 0; c < teacher.length; c++) {
            double t = teacher[c];
            if (t > 0) kl += t * (Math.log(t) - Math.log(Math.max(student[c], MIN_STUDENT_PROBABILITY)));
        }
        // Rounding can leave a tiny negative value for near-identical rows; KL itself is never negative.
        return Math.max(kl, 0);
    }

    /** Number of examples compared. */
    public int n() { return n; }

    /** Fraction of examples on which teacher and student predict the same class. */
    public double agreement() { return agreement; }

    /** Mean over examples of KL(teacher ‖ student), in nats. */
    public double meanKl() { return meanKl; }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "agreement=%.4f  KL(teacher||student)=%.4f nats  (n=%d)", agreement, meanKl, n);
    }
}
