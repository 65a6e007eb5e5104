package org.semisup4j.loss;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;
import static org.semisup4j.loss.GradientCheck.assertClose;
import static org.semisup4j.loss.GradientCheck.numerical;

/** TRADES' KL(softmax(z) ‖ softmax(z̃)): value by hand, gradients w.r.t. both sides against finite differences. */
class TradesKlTest {
    private static INDArray randn(long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, 5, 4).muli(2);
    }

    @Test
    void valueIsTheMeanKlFromCleanToAttackedPredictions() {
        INDArray z = randn(1), zAdv = randn(2);
        INDArray p = Probabilities.softmax(z), q = Probabilities.softmax(zAdv);
        double expected = 0;
        for (int i = 0; i < 5; i++)
            for (int c = 0; c < 4; c++) expected += p.getDouble(i, c) * Math.log(p.getDouble(i, c) / q.getDouble(i, c));
        assertEquals(expected / 5, TradesKl.of(Output.of(z), Output.of(zAdv)).value(), 1e-10);
        assertEquals(0, TradesKl.of(Output.of(z), Output.of(z.dup())).value(), 1e-12, "no attack, no robustness loss");
    }

    @Test
    void gradientsWithRespectToBothSidesMatchFiniteDifferences() {
        INDArray z = randn(3), zAdv = randn(4);
        Output clean = Output.of(z), attacked = Output.of(zAdv);
        Loss loss = TradesKl.of(clean, attacked);
        assertClose("∂/∂ clean logits", numerical(a -> TradesKl.of(Output.of(a), Output.of(zAdv)).value(), z, 1e-6),
                loss.gradient(clean), 1e-5, 1e-8);
        assertClose("∂/∂ attacked logits", numerical(b -> TradesKl.of(Output.of(z), Output.of(b)).value(), zAdv, 1e-6),
                loss.gradient(attacked), 1e-5, 1e-8);
        // Not a stop-gradient target: the clean side does receive gradient (it would be zero for Kl.toTarget).
        assertTrue(loss.gradient(clean).amaxNumber().doubleValue() > 1e-3);
    }

    @Test
    void mismatchedShapesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TradesKl.of(Output.of(randn(5)), Output.of(Nd4j.zeros(DataType.DOUBLE, 5, 3))));
        assertTrue(e.getMessage().contains("TradesKl"), e.getMessage());
    }
}
