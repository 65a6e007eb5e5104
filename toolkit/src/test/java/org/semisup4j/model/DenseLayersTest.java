package org.semisup4j.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.HashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dense forward pass gives DL4J's output, and the backward pass from it DL4J's own gradients (input, weights, bias). */
class DenseLayersTest {

    @Test
    void reluWithBias() {
        compare(dense(new ActivationReLU(), true));
    }

    @Test
    void identityWithAndWithoutBias() {
        compare(dense(new ActivationIdentity(), true));
        compare(dense(new ActivationIdentity(), false));
    }

    @Test
    void otherActivationsKeepDl4jsPath() {
        assertFalse(DenseLayers.applies(dense(new ActivationLReLU(0.1), true).network().getLayer(0)));
        assertTrue(DenseLayers.applies(dense(new ActivationReLU(), true).network().getLayer(0)));
    }

    private static StackNet dense(IActivation act, boolean bias) {
        MultiLayerConfiguration c = new NeuralNetConfiguration.Builder().seed(9).dataType(DataType.DOUBLE).list()
                .layer(new DenseLayer.Builder().nOut(7).activation(act).hasBias(bias).build())
                .setInputType(InputType.feedForward(5)).build();
        return new StackNet(c, null);
    }

    private static void compare(StackNet net) {
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 5).subi(0.5);
        Layer layer = net.network().getLayer(0);
        INDArray out = layer.activate(x, true, LayerWorkspaceMgr.noWorkspaces()).dup();
        INDArray eps = Nd4j.rand(DataType.DOUBLE, out.shape()).subi(0.5);
        Pair<Gradient, INDArray> dl4j = layer.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces());
        INDArray dl4jDx = dl4j.getSecond().dup();
        INDArray dl4jFlat = net.flattenedGradients().dup();
        var dl4jGradients = new HashMap<String, INDArray>();
        dl4j.getFirst().gradientForVariable().forEach((k, v) -> dl4jGradients.put(k, v.dup()));
        net.flattenedGradients().assign(0);
        INDArray ourOut = DenseLayers.forward(layer, x, LayerWorkspaceMgr.noWorkspaces());
        assertClose(out, ourOut, "output");
        Pair<Gradient, INDArray> ours = DenseLayers.backprop(layer, ourOut, eps);
        assertEquals(dl4jGradients.keySet(), ours.getFirst().gradientForVariable().keySet());
        assertClose(dl4jDx, ours.getSecond(), "input gradient");
        for (var e : dl4jGradients.entrySet()) assertClose(e.getValue(), ours.getFirst().getGradientFor(e.getKey()), e.getKey());
        assertClose(dl4jFlat, net.flattenedGradients(), "flattened gradient the updater reads");
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what + " shape");
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff / Math.max(1e-12, expected.amaxNumber().doubleValue()) < 1e-9, what + ": difference " + diff);
    }
}
