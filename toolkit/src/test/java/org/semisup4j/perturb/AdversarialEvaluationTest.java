package org.semisup4j.perturb;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.semisup4j.eval.RobustAccuracy;
import org.semisup4j.loss.Kl;
import org.semisup4j.loss.Output;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.model.Model;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** TRADES' inner attack (PGD on KL) and robust accuracy under a PGD attack with restarts. */
class AdversarialEvaluationTest {
    private static LinearSoftmaxModel model() {
        Nd4j.getRandom().setSeed(31);
        return new LinearSoftmaxModel(Nd4j.randn(DataType.FLOAT, 3, 8));
    }

    private static INDArray inputs(int n) {
        Nd4j.getRandom().setSeed(32);
        return Nd4j.randn(DataType.FLOAT, n, 8);
    }

    private static int[] predicted(Model m, INDArray x) {
        return Probabilities.argmax(m.predict(x, Model.Mode.EVAL).logits());
    }

    @Test
    void theKlAttackStaysInTheLInfBallAndMovesThePredictionAway() {
        LinearSoftmaxModel m = model();
        INDArray x = inputs(6);
        INDArray clean = Probabilities.softmax(m.predict(x, Model.Mode.EVAL).logits());
        INDArray adv = new Pgd(Pgd.Norm.LINF, 0.2, 0.05, 10, true).attack(m, x, clean, new SplittableRandom(3));
        assertTrue(Perturbations.maxNorms(adv.sub(x)).maxNumber().doubleValue() <= 0.2 + 1e-6, "outside the ε-ball");
        double before = Kl.toTarget(clean, Output.of(m.predict(x, Model.Mode.EVAL).logits())).value();
        double after = Kl.toTarget(clean, Output.of(m.predict(adv, Model.Mode.EVAL).logits())).value();
        assertEquals(0, before, 1e-6);
        assertTrue(after > 0.05, "KL(p(x) ‖ p(x̃)) after the attack: " + after);
    }

    @Test
    void robustAccuracyIsAtMostCleanAccuracyAndFallsWithTheRadius() {
        LinearSoftmaxModel m = model();
        INDArray x = inputs(200);
        int[] y = predicted(m, x);
        for (int i = 0; i < y.length; i += 4) y[i] = (y[i] + 1) % 3; // a quarter wrong: clean accuracy 0.75
        double previous = 1;
        for (double eps : new double[] {1e-4, 0.1, 0.3, 1.0}) {
            RobustAccuracy r = RobustAccuracy.of(m, x, y, new Pgd(Pgd.Norm.LINF, eps, eps / 4, 20, true), 3, new SplittableRandom(4));
            assertEquals(0.75, r.clean(), 1e-9);
            assertTrue(r.robust() <= r.clean(), "ε = " + eps + ": robust " + r.robust() + " > clean " + r.clean());
            assertTrue(r.robust() <= previous, "ε = " + eps + ": robust accuracy rose to " + r.robust() + " from " + previous);
            previous = r.robust();
            if (eps == 1e-4) assertEquals(0.75, r.robust(), 0.02, "a vanishing radius leaves almost every prediction");
            assertEquals(eps, r.settings().get("epsilon"));
            assertEquals(3, r.settings().get("restarts"));
        }
        assertTrue(previous < 0.4, "at ε = 1 a linear model on unit-variance inputs loses most points, robust " + previous);
    }

    @Test
    void badInputIsNamed() {
        LinearSoftmaxModel m = model();
        Pgd pgd = new Pgd(Pgd.Norm.LINF, 0.1, 0.05, 2, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RobustAccuracy.of(m, inputs(4), new int[] {0, 1}, pgd, 1, new SplittableRandom(0)));
        assertTrue(e.getMessage().contains("2 labels for 4 inputs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RobustAccuracy.of(m, inputs(4), new int[4], pgd, 0, new SplittableRandom(0)));
        assertTrue(e.getMessage().contains("restart"), e.getMessage());
    }
}
