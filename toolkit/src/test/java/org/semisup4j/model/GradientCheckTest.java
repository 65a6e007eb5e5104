package org.semisup4j.model;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * backward()'s parameter and input gradients, and inputGradient() in every mode, against central
 * finite differences in DOUBLE precision, for L = Σ w·logits + Σ v·features.
 */
class GradientCheckTest {
    private static final double H = 1e-6;

    @BeforeAll
    static void seed() {
        Nd4j.getRandom().setSeed(123);
    }

    private static Models.Options doubles(long seed) {
        return Models.options().seed(seed).dataType(DataType.DOUBLE).optimizer(Optimizer.sgd(0.1));
    }

    @Test
    void mlpWithoutBatchNorm() {
        check(Models.mlp(doubles(1).leakyRelu(0.1), 3, 6, 5, 4), new long[] {5, 3}, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    @Test
    void mlpWithBatchNorm() {
        check(Models.mlp(doubles(2).batchNorm(true), 3, 6, 5, 4), new long[] {6, 3}, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    @Test
    void smallCnnWithBatchNorm() {
        check(Models.smallCnn(doubles(3).leakyRelu(0.1), 1, 6, 6, 3), new long[] {3, 1, 6, 6}, 24, 8);
    }

    @Test
    void residualGraphNetwork() {
        check(Models.wideResNet(doubles(4), 10, 1, 1, 4, 4, 3), new long[] {3, 1, 4, 4}, 24, 8);
    }

    /**
     * Checks backward (TRAIN) against finite differences, and inputGradient in every mode. Large
     * models are checked at randomly chosen parameters and input entries (ND4J's per-op overhead makes
     * each finite-difference pass cost milliseconds).
     */
    static void check(NetworkModel model, long[] xShape, int maxParams, int maxInputs) {
        Random rng = new Random(7);
        INDArray x = Nd4j.rand(DataType.DOUBLE, xShape).subi(0.5).muli(2);
        long n = xShape[0];
        INDArray w = Nd4j.rand(DataType.DOUBLE, n, model.numClasses()).subi(0.5);
        INDArray v = Nd4j.rand(DataType.DOUBLE, n, model.featureSize()).subi(0.5);

        Model.Outputs out = model.forward(x);
        assertEquals(loss(out, w, v), loss(model.predict(x, Model.Mode.TRAIN), w, v), 1e-10,
                "predict in TRAIN mode must compute what forward computes");
        INDArray dx = model.backward(w, v, true);
        INDArray dTheta = model.lastParameterGradient();

        // Input gradient of backward (TRAIN mode, batch statistics).
        checkInputGradient(model, x, w, v, Model.Mode.TRAIN, dx, maxInputs, rng, "backward dL/dx");

        // Parameter gradient; running statistics are not trained (their slot holds the moving-average step).
        INDArray params = model.params();
        INDArray statistics = model.runningStatisticsMask();
        long total = params.length();
        int checked = 0;
        for (int k = 0; k < Math.min(total, maxParams); k++) {
            long i = total <= maxParams ? k : (long) (rng.nextDouble() * total);
            if (statistics.getDouble(0, i) != 0) continue;
            double original = params.getDouble(0, i);
            params.putScalar(0, i, original + H);
            double plus = loss(model.predict(x, Model.Mode.TRAIN), w, v);
            params.putScalar(0, i, original - H);
            double minus = loss(model.predict(x, Model.Mode.TRAIN), w, v);
            params.putScalar(0, i, original);
            assertClose((plus - minus) / (2 * H), dTheta.getDouble(0, i), "dL/dθ[" + i + "]");
            checked++;
        }
        assertTrue(checked >= 15, "too few parameters checked: " + checked);

        // inputGradient in each mode (STOCHASTIC = EVAL here: no dropout; batch norm uses running statistics).
        for (Model.Mode mode : Model.Mode.values()) {
            INDArray g = model.inputGradient(x, o -> w, mode);
            INDArray gv = model.inputGradient(x, o -> w, mode);
            assertClose(g, gv, "inputGradient repeatable in " + mode);
            checkInputGradient(model, x, w, Nd4j.zeros(DataType.DOUBLE, n, model.featureSize()), mode, g, maxInputs, rng,
                    "inputGradient in " + mode);
        }
    }

    private static void checkInputGradient(Model model, INDArray x, INDArray w, INDArray v, Model.Mode mode,
                                           INDArray analytic, int maxInputs, Random rng, String what) {
        assertEquals(java.util.Arrays.toString(x.shape()), java.util.Arrays.toString(analytic.shape()), what + ": shape");
        INDArray flat = x.dup().reshape(x.length());
        INDArray a = analytic.reshape(analytic.length());
        long total = flat.length();
        for (int k = 0; k < Math.min(total, maxInputs); k++) {
            long i = total <= maxInputs ? k : (long) (rng.nextDouble() * total);
            double original = flat.getDouble(i);
            flat.putScalar(i, original + H);
            double plus = loss(model.predict(flat.reshape(x.shape()), mode), w, v);
            flat.putScalar(i, original - H);
            double minus = loss(model.predict(flat.reshape(x.shape()), mode), w, v);
            flat.putScalar(i, original);
            assertClose((plus - minus) / (2 * H), a.getDouble(i), what + "[" + i + "]");
        }
    }

    private static double loss(Model.Outputs o, INDArray w, INDArray v) {
        return o.logits().mul(w).sumNumber().doubleValue() + o.features().mul(v).sumNumber().doubleValue();
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertEquals(expected.length(), actual.length(), what + ": length");
        INDArray e = expected.reshape(expected.length()), a = actual.reshape(actual.length());
        for (long i = 0; i < e.length(); i++) assertClose(e.getDouble(i), a.getDouble(i), what + "[" + i + "]");
    }

    private static void assertClose(double expected, double actual, String what) {
        double scale = Math.max(1e-6, Math.abs(expected) + Math.abs(actual));
        assertTrue(Math.abs(expected - actual) / scale < 1e-5,
                what + ": numeric " + expected + " vs analytic " + actual);
    }
}
