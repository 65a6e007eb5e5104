package org.semisup4j.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** State handling: what changes parameters, what must not, copies, files, seeds, optimizers. */
class NetworkModelTest {

    private static NetworkModel mlp(long seed, Optimizer optimizer) {
        return Models.mlp(Models.options().seed(seed).optimizer(optimizer), 2, 16, 16, 3);
    }

    private static NetworkModel bnCnn(long seed) {
        return Models.smallCnn(Models.options().seed(seed).dropout(0.3).optimizer(Optimizer.sgd(0.1)), 1, 8, 8, 3);
    }

    private static INDArray input(long... shape) {
        return Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
    }

    /** One forward/backward with dLogits = w (and no feature gradient). */
    private static void backprop(Model m, INDArray x, INDArray w) {
        m.forward(x);
        m.backward(w, null, false);
    }

    @Test
    void outputShapesAndInputCheck() {
        NetworkModel m = Models.mlp(Models.options(), 2, 100, 100, 2);
        Model.Outputs o = m.forward(input(7, 2));
        assertArrayEquals(new long[] {7, 2}, o.logits().shape());
        assertArrayEquals(new long[] {7, 100}, o.features().shape());
        assertEquals(DataType.FLOAT, o.logits().dataType());
        assertArrayEquals(new long[] {7, 2}, m.backward(Nd4j.ones(DataType.FLOAT, 7, 2), null, true).shape());

        NetworkModel cnn = Models.smallCnn(Models.options(), 3, 32, 32, 10);
        Model.Outputs c = cnn.predict(input(2, 3, 32, 32), Model.Mode.EVAL);
        assertArrayEquals(new long[] {2, 10}, c.logits().shape());
        assertArrayEquals(new long[] {2, 128}, c.features().shape());
        assertArrayEquals(new long[] {3, 32, 32}, cnn.inputShape());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cnn.predict(input(2, 1, 28, 28), Model.Mode.EVAL));
        assertTrue(e.getMessage().contains("[2, 1, 28, 28]") && e.getMessage().contains("3, 32, 32"), e.getMessage());
        cnn.forward(input(2, 3, 32, 32));
        assertThrows(IllegalArgumentException.class, () -> cnn.backward(Nd4j.ones(DataType.FLOAT, 3, 10), null, false));
    }

    @Test
    void architecturesHaveTheirPublishedSize() {
        NetworkModel wrn = Models.wideResNet(Models.options(), 28, 2, 3, 32, 32, 10);
        // WRN-28-2 as in FixMatch/MixMatch: 1.47 M trained parameters (running statistics not counted).
        long trained = wrn.params().length() - wrn.runningStatisticsMask().sumNumber().longValue();
        assertEquals(1.47e6, trained, 0.01e6, "WRN-28-2 parameters: " + trained);
        assertEquals(128, wrn.featureSize());
        NetworkModel large = Models.convLarge(Models.options().dropout(0.5), 3, 32, 32, 10);
        assertEquals(128, large.featureSize());
        Model.Outputs o = large.predict(input(2, 3, 32, 32), Model.Mode.STOCHASTIC);
        assertArrayEquals(new long[] {2, 10}, o.logits().shape());
        assertEquals(784L * 1200 + 1200 + 1200L * 1200 + 1200 + 1200L * 10 + 10,
                Models.mlp(Models.options(), 784, 1200, 1200, 10).params().length(), "784-1200-1200-10 parameter count");
    }

    @Test
    void predictAndInputGradientChangeNothing() {
        // No dropout: the comparison with a twin below needs the same masks.
        NetworkModel m = Models.smallCnn(Models.options().seed(3).optimizer(Optimizer.sgd(0.1)), 1, 8, 8, 3);
        INDArray x = input(6, 1, 8, 8);
        INDArray w = input(6, 3);
        INDArray before = m.params().dup();
        for (Model.Mode mode : Model.Mode.values()) {
            m.predict(x, mode);
            m.inputGradient(x, o -> w, mode);
        }
        assertEquals(before, m.params(), "predict/inputGradient changed parameters or batch-norm statistics");
        backprop(m, x, w);
        assertEquals(before, m.params(), "forward+backward alone must not move running statistics");

        // A pending gradient survives predict/inputGradient: the update equals that of a model without them.
        NetworkModel twin = m.copy();
        backprop(twin, x, w);
        for (Model.Mode mode : Model.Mode.values()) {
            m.predict(input(5, 1, 8, 8), mode);
            m.inputGradient(input(5, 1, 8, 8), o -> input(5, 3), mode);
        }
        m.update(0.1, 0);
        twin.update(0.1, 0);
        INDArray mask = m.runningStatisticsMask();
        assertEquals(twin.params(), m.params());
        assertTrue(m.params().sub(before).mul(mask).norm1Number().doubleValue() > 0, "update moves running statistics");
        assertTrue(m.params().sub(before).mul(mask.rsub(1)).norm1Number().doubleValue() > 0, "update moves weights");
    }

    @Test
    void inputGradientInTrainModeEqualsBackward() {
        NetworkModel m = Models.mlp(Models.options().seed(5).batchNorm(true), 4, 10, 10, 3);
        INDArray x = input(8, 4);
        INDArray w = input(8, 3);
        m.forward(x);
        INDArray dx = m.backward(w, null, true);
        assertEquals(dx, m.inputGradient(x, o -> w, Model.Mode.TRAIN));
        assertNotEquals(dx, m.inputGradient(x, o -> w, Model.Mode.EVAL), "EVAL must use running statistics");
    }

    @Test
    void skippingTheInputGradientLeavesTheParameterGradientUnchanged() {
        NetworkModel m = Models.mlp(Models.options().seed(2).dataType(DataType.DOUBLE), 2, 16, 16, 3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 9, 2).subi(0.5), w = Nd4j.rand(DataType.DOUBLE, 9, 3).subi(0.5);
        m.forward(x);
        INDArray dx = m.backward(w, null, true);
        assertNotNull(dx);
        INDArray withInputGradient = m.lastParameterGradient();
        m.forward(x);
        assertNull(m.backward(w, null, false), "no input gradient asked for, none returned");
        assertEquals(0.0, withInputGradient.sub(m.lastParameterGradient()).amaxNumber().doubleValue(), 0.0,
                "the first dense layer's dLoss/dinput is skipped, its weight and bias gradients are not");
    }

    @Test
    void sgdUpdateMovesParamsByMinusLearningRateTimesGradient() {
        NetworkModel m = mlp(1, Optimizer.sgd(0.5));
        INDArray x = input(9, 2);
        for (double lr : new double[] {0.1, 0.025}) {     // the rate of each step is the one passed in
            backprop(m, x, input(9, 3));
            INDArray expected = m.params().sub(m.lastParameterGradient().mul(lr));
            m.update(lr, 0);
            assertEquals(expected, m.params(), "lr " + lr);
        }
        assertThrows(IllegalStateException.class, () -> m.update(0.1, 1), "update twice without backward");
    }

    @Test
    void momentumFollowsPyTorch() {
        for (boolean nesterov : new boolean[] {false, true}) {
            double mu = 0.9;
            NetworkModel m = mlp(2, Optimizer.sgd(0.1, mu, nesterov, 0));
            INDArray x = input(9, 2);
            INDArray buffer = Nd4j.zeros(DataType.FLOAT, m.params().shape());
            for (int step = 0; step < 3; step++) {
                double lr = 0.1 / (step + 1);
                backprop(m, x, input(9, 3));
                INDArray g = m.lastParameterGradient();
                buffer.muli(mu).addi(g);
                INDArray direction = nesterov ? g.add(buffer.mul(mu)) : buffer;
                INDArray expected = m.params().sub(direction.mul(lr));
                m.update(lr, step);
                assertTrue(expected.equalsWithEps(m.params(), 1e-6), "nesterov=" + nesterov + " step " + step);
            }
        }
    }

    @Test
    void weightDecayTouchesWeightsNotBiases() {
        double lr = 0.1, wd = 0.5;
        NetworkModel m = Models.mlp(Models.options().seed(3).optimizer(Optimizer.sgd(lr, 0, false, wd)), 2, 4, 3);
        assertDecayOnWeightsOnly(m, lr * wd);
        NetworkModel adam = Models.mlp(Models.options().seed(3).optimizer(Optimizer.adam(lr, wd)), 2, 4, 3);
        assertDecayOnWeightsOnly(adam, lr * wd);   // with a zero gradient the Adam step itself is 0
    }

    /** With a zero loss gradient one step shrinks the 2·4 + 4·3 weights by (1 − factor) and keeps the 4 + 3 biases. */
    private static void assertDecayOnWeightsOnly(NetworkModel m, double factor) {
        m.params().assign(Nd4j.rand(DataType.FLOAT, m.params().shape()).addi(0.5));   // biases start at 0: make them visible
        INDArray before = m.params().dup();
        backprop(m, input(5, 2), Nd4j.zeros(DataType.FLOAT, 5, 3));
        m.update(0.1, 0);
        int decayed = 0, kept = 0;
        for (long i = 0; i < before.length(); i++) {
            double b = before.getDouble(0, i), a = m.params().getDouble(0, i);
            if (Math.abs(a - b * (1 - factor)) < 1e-6) decayed++;
            else if (Math.abs(a - b) < 1e-7) kept++;
            else fail("parameter " + i + " moved from " + b + " to " + a);
        }
        assertEquals(20, decayed, "weights decayed");
        assertEquals(7, kept, "biases kept");
    }

    @Test
    void copyIsIndependent() {
        NetworkModel m = bnCnn(4);
        INDArray x = input(4, 1, 8, 8);
        NetworkModel c = m.copy();
        assertEquals(m.params(), c.params());
        assertEquals(m.describe(), c.describe());
        INDArray copyBefore = c.params().dup();
        backprop(m, x, input(4, 3));
        m.update(0.1, 0);
        assertEquals(copyBefore, c.params(), "training the original changed the copy");
        INDArray originalNow = m.params().dup();
        c.params().muli(0.5);
        assertEquals(originalNow, m.params(), "changing the copy changed the original");
        // params() is live: writing into it changes what the model computes.
        INDArray out = c.predict(x, Model.Mode.EVAL).logits();
        c.params().muli(2);
        assertNotEquals(out, c.predict(x, Model.Mode.EVAL).logits());
    }

    @Test
    void saveLoadRoundTripAndErrors(@TempDir Path dir) throws IOException {
        NetworkModel m = Models.mlp(Models.options().seed(6).batchNorm(true).optimizer(Optimizer.adam(0.01, 0)), 3, 8, 3);
        INDArray x = input(5, 3);
        backprop(m, x, input(5, 3));
        m.update(0.01, 0);
        Path file = dir.resolve("m.zip");
        m.save(file);
        assertEquals(1, Files.list(dir).count(), "no temporary file left behind");

        NetworkModel loaded = Models.mlp(Models.options().seed(99).batchNorm(true).optimizer(Optimizer.adam(0.01, 0)), 3, 8, 3);
        loaded.load(file);
        assertEquals(m.params(), loaded.params());
        assertEquals(m.predict(x, Model.Mode.EVAL).logits(), loaded.predict(x, Model.Mode.EVAL).logits());
        // Optimizer state came along: the next step is the same.
        INDArray w = input(5, 3);
        backprop(m, x, w);
        backprop(loaded, x, w);
        m.update(0.01, 1);
        loaded.update(0.01, 1);
        assertEquals(m.params(), loaded.params());

        byte[] bytes = Files.readAllBytes(file);
        Path truncated = dir.resolve("truncated.zip");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class, () -> loaded.load(truncated));
        assertTrue(e.getMessage().contains(truncated.toString()), e.getMessage());

        NetworkModel other = Models.mlp(Models.options(), 3, 9, 3);
        IOException mismatch = assertThrows(IOException.class, () -> other.load(file));
        assertTrue(mismatch.getMessage().contains(file.toString()) && mismatch.getMessage().contains("parameters"),
                mismatch.getMessage());
    }

    @Test
    void seedDecidesInitialWeights() {
        assertEquals(mlp(11, Optimizer.sgd(0.1)).params(), mlp(11, Optimizer.sgd(0.1)).params());
        assertNotEquals(mlp(11, Optimizer.sgd(0.1)).params(), mlp(12, Optimizer.sgd(0.1)).params());
        assertEquals(bnCnn(1).params(), bnCnn(1).params());
        assertNotEquals(bnCnn(1).params(), bnCnn(2).params());
    }

    @Test
    void stochasticModeUsesDropoutAndRunningStatistics() {
        NetworkModel m = bnCnn(8);
        INDArray x = input(4, 1, 8, 8);
        assertEquals(m.predict(x, Model.Mode.EVAL).logits(), m.predict(x, Model.Mode.EVAL).logits());
        assertNotEquals(m.predict(x, Model.Mode.STOCHASTIC).logits(), m.predict(x, Model.Mode.STOCHASTIC).logits(),
                "dropout on");
        // Running statistics: without dropout effects features (before the head's dropout) equal EVAL's.
        assertEquals(m.predict(x, Model.Mode.EVAL).features(), m.predict(x, Model.Mode.STOCHASTIC).features());
        assertNotEquals(m.predict(x, Model.Mode.EVAL).features(), m.predict(x, Model.Mode.TRAIN).features());
    }

    @Test
    void optimizerDescribesItself() {
        assertEquals("sgd lr=0.03 momentum=0.9 nesterov l2=5.0E-4", Optimizer.sgd(0.03, 0.9, true, 5e-4).describe());
        assertThrows(IllegalArgumentException.class, () -> Optimizer.sgd(0.1, 0, true, 0));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.sgd(0.1, 1.0, false, 0));
    }
}
