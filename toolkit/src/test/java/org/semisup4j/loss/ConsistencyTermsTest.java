package org.semisup4j.loss;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.semisup4j.loss.GradientCheck.assertClose;
import static org.semisup4j.loss.GradientCheck.numerical;

/** The terms added for the consistency family: finite differences (double) and automatic forms. */
class ConsistencyTermsTest {
    private static final int N = 6, C = 3;

    private static INDArray logits(long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, N, C).muli(2);
    }

    private static final INDArray MASK = Nd4j.createFromArray(1.0, 0.0, 1.0, 1.0, 0.0, 1.0);
    private static final int[] LABELS = {0, 1, 1, 2, 0, 1};

    private static void check(String name, Function<Output, Loss> term, Loss autoLoss, Output autoOut) {
        INDArray z = autoOut.value();
        Output out = Output.of(z);
        Loss loss = term.apply(out);
        INDArray fd = numerical(x -> term.apply(Output.of(x)).value(), z, 1e-6);
        assertClose(name + " gradient vs finite differences", fd, loss.gradient(out), 1e-6, 1e-9);
        assertEquals(autoLoss.value(), loss.value(), 1e-9, name + " value vs automatic form");
        assertClose(name + " gradient vs automatic form", autoLoss.gradient(autoOut), loss.gradient(out), 1e-6, 1e-9);
    }

    @Test
    void maskedSoftmaxMseMatchesFiniteDifferencesAndAutodiff() {
        INDArray target = Probabilities.softmax(logits(2));
        Autodiff auto = Autodiff.define("masked-mse", (sd, in) -> {
            SDVariable d = sd.nn.softmax(in[0], 1).sub(in[1]);
            SDVariable m = in[2];
            return d.mul(d).sum(1).mul(m).sum().div(m.sum().mul(2).add(1e-16));
        });
        Output autoOut = Output.of(logits(1));
        check("MaskedSoftmaxMse", o -> MaskedSoftmaxMse.of(o, target, MASK), auto.apply(autoOut, target, MASK), autoOut);
    }

    @Test
    void maskedSoftmaxMseValueByHand() {
        // Two rows of two classes, logits 0 → p = (0.5, 0.5); targets (1, 0) and (0, 1); only row 0 kept.
        INDArray z = Nd4j.zeros(DataType.DOUBLE, 2, 2);
        INDArray t = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}});
        double expected = (0.25 + 0.25) / (2 * 1 + 1e-16);
        assertEquals(expected, MaskedSoftmaxMse.of(Output.of(z), t, Nd4j.createFromArray(1.0, 0.0)).value(), 1e-12);
        assertEquals(0.0, MaskedSoftmaxMse.of(Output.of(z), t, Nd4j.createFromArray(0.0, 0.0)).value(), 0.0,
                "an empty mask gives 0, not NaN");
        assertThrows(IllegalArgumentException.class, () -> MaskedSoftmaxMse.of(Output.of(z), t, Nd4j.createFromArray(1.0)));
    }

    @Test
    void softDiceMatchesFiniteDifferencesAndAutodiff() {
        INDArray y1 = Nd4j.createFromArray(0.0, 1.0, 1.0, 0.0, 0.0, 1.0);
        Autodiff auto = Autodiff.define("dice", (sd, in) -> {
            SDVariable p = sd.nn.softmax(in[0], 1).get(org.nd4j.autodiff.samediff.SDIndex.all(), org.nd4j.autodiff.samediff.SDIndex.point(1));
            SDVariable inter = p.mul(in[1]).sum();
            SDVariable den = p.mul(p).sum().add(in[1].mul(in[1]).sum()).add(SoftDice.SMOOTH);
            return inter.mul(2).add(SoftDice.SMOOTH).div(den).rsub(1.0);
        });
        Output autoOut = Output.of(logits(3));
        check("SoftDice", o -> SoftDice.of(o, LABELS, 1), auto.apply(autoOut, y1), autoOut);
    }

    @Test
    void softDiceForegroundAveragesClassesAndIsZeroWhenPerfect() {
        INDArray z = logits(4);
        double mean = (SoftDice.of(Output.of(z), LABELS, 1).value() + SoftDice.of(Output.of(z), LABELS, 2).value()) / 2;
        assertEquals(mean, SoftDice.foreground(Output.of(z), LABELS).value(), 1e-12);
        INDArray confident = Probabilities.oneHot(LABELS, C, DataType.DOUBLE).muli(40);
        assertEquals(0.0, SoftDice.foreground(Output.of(confident), LABELS).value(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> SoftDice.of(Output.of(z), LABELS, 3));
    }
}
