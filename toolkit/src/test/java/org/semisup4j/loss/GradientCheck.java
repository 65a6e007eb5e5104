package org.semisup4j.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Central finite differences in double precision, for checking hand-written and automatic gradients. */
public final class GradientCheck {
    private GradientCheck() {}

    /** Numerical dF/dx of a scalar function, element by element. */
    public static INDArray numerical(Function<INDArray, Double> f, INDArray x, double eps) {
        INDArray grad = x.mul(0);
        INDArray probe = x.dup();
        for (long i = 0; i < x.length(); i++) {
            double orig = probe.getDouble(i);
            probe.putScalar(i, orig + eps);
            double plus = f.apply(probe);
            probe.putScalar(i, orig - eps);
            double minus = f.apply(probe);
            probe.putScalar(i, orig);
            grad.putScalar(i, (plus - minus) / (2 * eps));
        }
        return grad;
    }

    /** Asserts max |a − b| ≤ atol + rtol·max|b|, naming what was compared. */
    public static void assertClose(String what, INDArray expected, INDArray actual, double rtol, double atol) {
        double maxAbs = expected.amaxNumber().doubleValue();
        double diff = expected.sub(actual.castTo(expected.dataType())).amaxNumber().doubleValue();
        assertTrue(diff <= atol + rtol * maxAbs,
                what + ": max difference " + diff + " exceeds " + (atol + rtol * maxAbs)
                        + "\nexpected " + expected + "\nactual   " + actual);
    }
}
