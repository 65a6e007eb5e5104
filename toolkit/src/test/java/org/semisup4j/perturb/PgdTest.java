package org.semisup4j.perturb;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.semisup4j.loss.CrossEntropy;
import org.semisup4j.loss.Output;
import org.semisup4j.model.Model;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class PgdTest {
    private static final int[] LABELS = {0, 1, 2, 1, 0};

    private static LinearSoftmaxModel model() {
        Nd4j.getRandom().setSeed(21);
        return new LinearSoftmaxModel(Nd4j.randn(DataType.FLOAT, 3, 8));
    }

    private static INDArray inputs() {
        Nd4j.getRandom().setSeed(22);
        return Nd4j.rand(DataType.FLOAT, 5, 8);
    }

    private static double loss(Model m, INDArray x) {
        return CrossEntropy.of(Output.of(m.predict(x, Model.Mode.EVAL).logits()), LABELS).value();
    }

    @Test
    void l2AttackStaysInTheBallAndRaisesTheLoss() {
        LinearSoftmaxModel m = model();
        INDArray x = inputs();
        INDArray adv = new Pgd(Pgd.Norm.L2, 0.5, 0.2, 10, true).attack(m, x, LABELS, new SplittableRandom(1));
        INDArray norms = Perturbations.l2Norms(adv.sub(x));
        assertTrue(norms.maxNumber().doubleValue() <= 0.5 + 1e-5, "L2 norms " + norms);
        assertTrue(loss(m, adv) > loss(m, x) + 0.1, "loss " + loss(m, x) + " -> " + loss(m, adv));
    }

    @Test
    void lInfAttackStaysInTheBoxAndTheDataRange() {
        LinearSoftmaxModel m = model();
        INDArray x = inputs();
        INDArray adv = new Pgd(Pgd.Norm.LINF, 0.1, 0.03, 10, true).clampTo(0, 1).attack(m, x, LABELS, new SplittableRandom(2));
        assertTrue(Perturbations.maxNorms(adv.sub(x)).maxNumber().doubleValue() <= 0.1 + 1e-6);
        assertTrue(adv.minNumber().doubleValue() >= 0 && adv.maxNumber().doubleValue() <= 1);
        assertTrue(loss(m, adv) > loss(m, x), "loss " + loss(m, x) + " -> " + loss(m, adv));
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Pgd(Pgd.Norm.L2, 0, 0.1, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new Pgd(Pgd.Norm.L2, 1, 0.1, 0, false));
        assertThrows(IllegalArgumentException.class,
                () -> new Pgd(Pgd.Norm.L2, 1, 0.1, 1, false).attack(model(), inputs(), new int[] {0}, new SplittableRandom(0)));
    }
}
