package org.semisup4j.loss;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;
import static org.semisup4j.loss.GradientCheck.assertClose;
import static org.semisup4j.loss.GradientCheck.numerical;

/** The distillation terms: values by hand, gradients against central finite differences (double precision). */
class DistillationTermsTest {
    private static final double EPS = 1e-6;

    private static INDArray randn(long seed, int n, int c) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, n, c).muli(2);
    }

    @Test
    void knowledgeDistillationIsTauSquaredTimesTheTemperedKlAndItsGradientMatchesFiniteDifferences() {
        double tau = 3;
        INDArray z = randn(1, 5, 4);
        INDArray teacher = Probabilities.softmax(randn(2, 5, 4), tau);
        INDArray w = Nd4j.createFromArray(1.0, 0.0, 0.25, 0.5, 1.0);
        Loss loss = KnowledgeDistillation.of(Output.of(z), teacher, tau, w);

        double expected = 0;
        INDArray logP = Probabilities.logSoftmax(z.div(tau));
        for (int i = 0; i < 5; i++) {
            double kl = 0;
            for (int c = 0; c < 4; c++) {
                double q = teacher.getDouble(i, c);
                kl += q * (Math.log(q) - logP.getDouble(i, c));
            }
            expected += w.getDouble(i) * tau * tau * kl;
        }
        assertEquals(expected / 5, loss.value(), 1e-10);

        Output out = Output.of(z);
        INDArray analytic = KnowledgeDistillation.of(out, teacher, tau, w).gradient(out);
        INDArray fd = numerical(x -> KnowledgeDistillation.of(Output.of(x), teacher, tau, w).value(), z, EPS);
        assertClose("KD gradient", fd, analytic, 1e-5, 1e-8);
    }

    @Test
    void theTauSquaredFactorKeepsTheGradientScaleAcrossTemperatures() {
        // For large τ the KD gradient tends to (z_s − z_t)/(N·C) (Hinton et al.): the same order at τ = 5 and τ = 20.
        INDArray z = randn(3, 4, 3).muli(0.1), zt = randn(4, 4, 3).muli(0.1);
        Output a = Output.of(z), b = Output.of(z.dup());
        INDArray g5 = KnowledgeDistillation.of(a, Probabilities.softmax(zt, 5), 5, null).gradient(a);
        INDArray g20 = KnowledgeDistillation.of(b, Probabilities.softmax(zt, 20), 20, null).gradient(b);
        INDArray limit = z.sub(zt.sub(zt.mean(true, 1)).add(z.mean(true, 1))).div(4 * 3);
        assertClose("τ = 20 gradient vs its high-temperature limit", limit, g20, 0.02, 1e-9);
        assertClose("τ = 5 gradient vs τ = 20", g20, g5, 0.2, 1e-9);
    }

    @Test
    void logitL2IsHalfTheMeanSquaredDistanceAndItsGradientMatchesFiniteDifferences() {
        INDArray z = randn(5, 6, 3), t = randn(6, 6, 3);
        double expected = z.sub(t).norm2Number().doubleValue();
        assertEquals(0.5 * expected * expected / 6, LogitL2.toTarget(t, Output.of(z)).value(), 1e-10);
        Output out = Output.of(z);
        INDArray analytic = LogitL2.toTarget(t, out).gradient(out);
        INDArray fd = numerical(x -> LogitL2.toTarget(t, Output.of(x)).value(), z, EPS);
        assertClose("logit L2 gradient", fd, analytic, 1e-6, 1e-9);
    }

    @Test
    void logitL2SeesWhatSoftmaxHides() {
        // Shifting every logit of a row leaves the probabilities (so KL) unchanged but not the logit regression.
        INDArray t = randn(7, 2, 3), shifted = t.add(5.0);
        assertEquals(0, KnowledgeDistillation.of(Output.of(shifted), Probabilities.softmax(t, 1), 1, null).value(), 1e-9);
        assertEquals(0.5 * 25 * 3, LogitL2.toTarget(t, Output.of(shifted)).value(), 1e-9);
    }

    @Test
    void badArgumentsAreNamed() {
        INDArray z = randn(8, 2, 3);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> LogitL2.toTarget(randn(9, 2, 4), Output.of(z)));
        assertTrue(shape.getMessage().contains("LogitL2: targetLogits has shape [2, 4]"), shape.getMessage());
        IllegalArgumentException tau = assertThrows(IllegalArgumentException.class,
                () -> KnowledgeDistillation.of(Output.of(z), Probabilities.softmax(z), 0, null));
        assertTrue(tau.getMessage().contains("temperature must be > 0"), tau.getMessage());
    }
}
