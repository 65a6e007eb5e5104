package org.semisup4j.loss;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;
import static org.semisup4j.loss.GradientCheck.assertClose;
import static org.semisup4j.loss.GradientCheck.numerical;

/**
 * Every built-in term against (1) central finite differences and (2) the same formula written with
 * SameDiff and differentiated automatically. Double precision, random logits of moderate scale.
 */
class LossTermsTest {
    private static final int N = 5, C = 4;
    private static final double EPS = 1e-6;

    private static INDArray logits(long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, N, C).muli(2);
    }

    private static INDArray probs(long seed) {
        return Probabilities.softmax(logits(seed));
    }

    private static final int[] LABELS = {0, 3, 1, 1, 2};
    private static final INDArray WEIGHTS = Nd4j.createFromArray(1.0, 0.0, 0.5, 1.0, 2.0);

    /** Checks value and gradient of a one-output term against finite differences and an automatic form. */
    private static void check(String name, Function<Output, Loss> term, Autodiff auto, Object... constants) {
        INDArray z = logits(1);
        Output out = Output.of(z);
        Loss loss = term.apply(out);
        INDArray fd = numerical(x -> term.apply(Output.of(x)).value(), z, EPS);
        assertClose(name + " gradient vs finite differences", fd, loss.gradient(out), 1e-6, 1e-8);

        Object[] args = new Object[constants.length + 1];
        Output autoOut = Output.of(z);
        args[0] = autoOut;
        System.arraycopy(constants, 0, args, 1, constants.length);
        Loss autoLoss = auto.apply(args);
        assertEquals(autoLoss.value(), loss.value(), 1e-9, name + " value vs automatic form");
        assertClose(name + " gradient vs automatic form", autoLoss.gradient(autoOut), loss.gradient(out), 1e-6, 1e-9);
    }

    private static SDVariable weightedMean(SDVariable perRow, SDVariable w) {
        return perRow.mul(w).sum().div(N);
    }

    @Test
    void crossEntropyHardLabels() {
        INDArray onehot = Probabilities.oneHot(LABELS, C, DataType.DOUBLE);
        Autodiff auto = Autodiff.define("ce", (sd, in) ->
                weightedMean(sd.nn.logSoftmax(in[0]).mul(in[1]).sum(1).neg(), in[2]));
        check("CrossEntropy", o -> CrossEntropy.of(o, LABELS, WEIGHTS), auto, onehot, WEIGHTS);
    }

    @Test
    void crossEntropyValueIsMinusLogProbability() {
        INDArray z = logits(3);
        double expected = 0;
        INDArray p = Probabilities.softmax(z);
        for (int i = 0; i < N; i++) expected -= Math.log(p.getDouble(i, LABELS[i]));
        assertEquals(expected / N, CrossEntropy.of(Output.of(z), LABELS).value(), 1e-12);
    }

    @Test
    void crossEntropyOverNoRowsIsZeroWithoutGradient() {
        Output none = Output.of(Nd4j.create(DataType.DOUBLE, 0, C));
        Loss ce = CrossEntropy.of(none, new int[0]);
        assertEquals(0.0, ce.value(), "a mean over no rows is taken as 0, not NaN");
    }

    @Test
    void softCrossEntropyWithTargetsThatDoNotSumToOne() {
        INDArray q = probs(2).muli(0.7); // rows sum to 0.7: the gradient must not assume they sum to 1
        Autodiff auto = Autodiff.define("soft-ce", (sd, in) ->
                weightedMean(sd.nn.logSoftmax(in[0]).mul(in[1]).sum(1).neg(), in[2]));
        check("SoftCrossEntropy", o -> SoftCrossEntropy.of(o, q, WEIGHTS), auto, q, WEIGHTS);
    }

    @Test
    void klToTargetWithTemperature() {
        INDArray q = probs(2);
        double t = 2.0;
        Autodiff auto = Autodiff.define("kl", (sd, in) -> {
            SDVariable logQ = sd.math.log(in[1]);
            SDVariable logP = sd.nn.logSoftmax(in[0].div(t));
            return weightedMean(in[1].mul(logQ.sub(logP)).sum(1), in[2]);
        });
        check("Kl", o -> Kl.toTarget(q, o, t, WEIGHTS), auto, q, WEIGHTS);
    }

    @Test
    void klIsZeroAtTheTargetAndPositiveElsewhere() {
        INDArray z = logits(4);
        assertEquals(0.0, Kl.toTarget(Probabilities.softmax(z), Output.of(z)).value(), 1e-12);
        assertTrue(Kl.toTarget(probs(5), Output.of(z)).value() > 0);
    }

    @Test
    void softmaxMseToTarget() {
        INDArray t = probs(2);
        Autodiff auto = Autodiff.define("mse", (sd, in) ->
                weightedMean(sd.math.square(sd.nn.softmax(in[0]).sub(in[1])).sum(1).div(C), in[2]));
        check("SoftmaxMse", o -> SoftmaxMse.toTarget(o, t, WEIGHTS), auto, t, WEIGHTS);
    }

    @Test
    void softmaxMseBetweenTwoPassesSendsGradientToBoth() {
        INDArray za = logits(6), zb = logits(7);
        Output a = Output.of(za), b = Output.of(zb);
        Loss loss = SoftmaxMse.between(a, b);
        assertClose("d/da", numerical(x -> SoftmaxMse.between(Output.of(x), Output.of(zb)).value(), za, EPS),
                loss.gradient(a), 1e-6, 1e-9);
        assertClose("d/db", numerical(x -> SoftmaxMse.between(Output.of(za), Output.of(x)).value(), zb, EPS),
                loss.gradient(b), 1e-6, 1e-9);
        Autodiff auto = Autodiff.define("mse2", (sd, in) ->
                sd.math.square(sd.nn.softmax(in[0]).sub(sd.nn.softmax(in[1]))).sum(1).div(C).mean());
        Output a2 = Output.of(za), b2 = Output.of(zb);
        Loss autoLoss = auto.apply(a2, b2);
        assertEquals(autoLoss.value(), loss.value(), 1e-9);
        assertClose("auto d/db", autoLoss.gradient(b2), loss.gradient(b), 1e-6, 1e-9);
    }

    @Test
    void marginalEntropy() {
        Autodiff auto = Autodiff.define("marginal-entropy", (sd, in) -> {
            SDVariable mean = sd.nn.softmax(in[0]).mean(0);
            return mean.mul(sd.math.log(mean)).sum().add(Math.log(C));
        });
        check("MarginalEntropy", MarginalEntropy::of, auto);
        // balanced predictions (each row one class, every class once) give 0, one class for every row log C
        INDArray balanced = Nd4j.eye(C).castTo(DataType.DOUBLE).muli(30);
        assertEquals(0, MarginalEntropy.of(Output.of(balanced)).value(), 1e-9);
        INDArray oneClass = Nd4j.zeros(DataType.DOUBLE, C, C);
        oneClass.getColumn(2).assign(30);
        assertEquals(Math.log(C), MarginalEntropy.of(Output.of(oneClass)).value(), 1e-9);
    }

    @Test
    void entropy() {
        Autodiff auto = Autodiff.define("entropy", (sd, in) -> {
            SDVariable logP = sd.nn.logSoftmax(in[0]);
            return weightedMean(sd.math.exp(logP).mul(logP).sum(1).neg(), in[1]);
        });
        check("Entropy", o -> Entropy.of(o, WEIGHTS), auto, WEIGHTS);
    }

    @Test
    void backwardAccumulatesWeightedGradientsIntoTheOutput() {
        INDArray z = logits(8);
        Output out = Output.of(z);
        Loss ce = CrossEntropy.of(out, LABELS);
        Loss ent = Entropy.of(out);
        ce.backward(1.0);
        ent.backward(0.5);
        assertClose("accumulated", ce.gradient(out).add(ent.gradient(out).mul(0.5)), out.gradient(), 1e-12, 1e-15);
    }

    @Test
    void zeroWeightsGiveZeroLossAndGradient() {
        Output out = Output.of(logits(9));
        Loss loss = CrossEntropy.of(out, LABELS, Nd4j.zeros(DataType.DOUBLE, N));
        assertEquals(0.0, loss.value());
        assertEquals(0.0, loss.gradient(out).amaxNumber().doubleValue());
    }

    @Test
    void badShapesAreNamed() {
        Output out = Output.of(logits(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SoftCrossEntropy.of(out, Nd4j.zeros(DataType.DOUBLE, N, C + 1)));
        assertTrue(e.getMessage().contains("targets"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CrossEntropy.of(out, new int[]{0, 1}));
        assertTrue(e.getMessage().contains("labels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CrossEntropy.of(out, new int[]{0, 1, 2, 3, 9}));
        assertTrue(e.getMessage().contains("label 9"), e.getMessage());
    }
}
