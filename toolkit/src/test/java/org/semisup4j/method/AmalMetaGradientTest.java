package org.semisup4j.method;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.semisup4j.loss.CrossEntropy;
import org.semisup4j.loss.Output;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.model.Model;
import org.semisup4j.model.Models;

import static org.junit.jupiter.api.Assertions.*;

/**
 * AMAL's meta-gradient ∂L_val(θ'(w))/∂w_i against the look-ahead itself differentiated numerically: for each
 * i, w_i ± h, one real SGD step of the model, the validation loss after it, central difference. A small
 * double-precision MLP, so both sides are exact up to rounding.
 */
class AmalMetaGradientTest {
    private static final double TAU = 2, ETA = 0.5;

    @Test
    void metaGradientMatchesFiniteDifferencesOfTheLookAheadValidationLoss() {
        Model student = Models.mlp(Models.options().dataType(DataType.DOUBLE).seed(3), 3, 6, 3);
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 6, 3), xVal = Nd4j.randn(DataType.DOUBLE, 5, 3);
        int[] y = {0, 1, 2, 2, 1, 0}, yVal = {1, 0, 2, 1, 2};
        INDArray teacher = Probabilities.softmax(Nd4j.randn(DataType.DOUBLE, 6, 3).muli(2), TAU);
        INDArray w = Nd4j.createFromArray(0.5, 0.1, 0.9, 0.3, 0.7, 0.5);
        INDArray before = student.params().dup();

        double[] analytic = Amal.metaGradient(student, x, y, teacher, TAU, w, ETA, xVal, yVal);
        assertEquals(before, student.params(), "the student is left unchanged");

        double h = 1e-4, largest = 0;
        double[] numeric = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            INDArray plus = w.dup(), minus = w.dup();
            plus.putScalar(i, w.getDouble(i) + h);
            minus.putScalar(i, w.getDouble(i) - h);
            numeric[i] = (validationLossAfter(student, x, y, teacher, plus, xVal, yVal)
                    - validationLossAfter(student, x, y, teacher, minus, xVal, yVal)) / (2 * h);
            largest = Math.max(largest, Math.abs(numeric[i]));
        }
        assertTrue(largest > 1e-4, "the check must not pass on a vanishing meta-gradient: " + largest);
        for (int i = 0; i < y.length; i++)
            assertEquals(numeric[i], analytic[i], 1e-3 * largest, "∂L_val/∂w_" + i);
    }

    private static double validationLossAfter(Model student, INDArray x, int[] y, INDArray teacher, INDArray w,
                                              INDArray xVal, int[] yVal) {
        Model ahead = Amal.lookAhead(student, x, y, teacher, TAU, w, ETA);
        return CrossEntropy.of(Output.of(ahead.predict(xVal, Model.Mode.EVAL).logits()), yVal).value();
    }
}
