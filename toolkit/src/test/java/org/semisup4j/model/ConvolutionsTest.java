package org.semisup4j.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-op convolution passes give DL4J's own output and gradients (input, weights, bias), in every layout we build. */
class ConvolutionsTest {

    @Test
    void sameAsDl4jWithoutBiasStrideOne() {
        compare(conv(ConvolutionMode.Same, 3, 1, false), new long[] {4, 2, 7, 7});
    }

    @Test
    void sameAsDl4jWithBiasAndStrideTwo() {
        compare(conv(ConvolutionMode.Same, 3, 2, true), new long[] {3, 2, 8, 8});
    }

    @Test
    void sameAsDl4jTruncateOneByOne() {
        compare(conv(ConvolutionMode.Truncate, 1, 1, true), new long[] {3, 2, 5, 5});
        compare(conv(ConvolutionMode.Truncate, 3, 1, true), new long[] {3, 2, 6, 6});
    }

    @Test
    void onlyIdentityConvolutionsTakeTheShortcut() {
        assertTrue(Convolutions.applies(conv(ConvolutionMode.Same, 3, 1, false).network().getLayer(0)));
        MultiLayerConfiguration relu = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(new ActivationReLU()).build())
                .setInputType(InputType.convolutional(5, 5, 2)).build();
        assertFalse(Convolutions.applies(new StackNet(relu, null).network().getLayer(0)));
    }

    private static StackNet conv(ConvolutionMode mode, int kernel, int stride, boolean bias) {
        MultiLayerConfiguration c = new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.DOUBLE)
                .convolutionMode(mode).list()
                .layer(new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(5)
                        .activation(new ActivationIdentity()).hasBias(bias).build())
                .layer(new ActivationLayer.Builder().activation(new ActivationReLU()).build())
                .setInputType(InputType.convolutional(8, 8, 2)).build();
        return new StackNet(c, null);
    }

    private static void compare(StackNet net, long[] xShape) {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, xShape).subi(0.5);
        Layer layer = net.network().getLayer(0);
        INDArray out = layer.activate(x, true, LayerWorkspaceMgr.noWorkspaces()).dup();
        assertClose(out, Convolutions.forward(layer, x, LayerWorkspaceMgr.noWorkspaces()), "output");
        // A strided view as input (a slice of a larger batch) gives the same output.
        INDArray padded = Nd4j.concat(0, x, x);
        INDArray view = padded.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(xShape[0], 2 * xShape[0]));
        assertClose(out, Convolutions.forward(layer, view, LayerWorkspaceMgr.noWorkspaces()), "output of a view");
        layer.activate(x, true, LayerWorkspaceMgr.noWorkspaces());
        INDArray eps = Nd4j.rand(DataType.DOUBLE, out.shape()).subi(0.5);
        // DL4J's path first: both write into the same gradient views, so keep copies.
        Pair<Gradient, INDArray> dl4j = layer.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces());
        INDArray dl4jDx = dl4j.getSecond().dup();
        INDArray dl4jFlat = net.flattenedGradients().dup();
        var dl4jGradients = new java.util.HashMap<String, INDArray>();
        dl4j.getFirst().gradientForVariable().forEach((k, v) -> dl4jGradients.put(k, v.dup()));
        net.flattenedGradients().assign(0);
        Pair<Gradient, INDArray> ours = Convolutions.backprop(layer, eps);
        assertEquals(dl4jGradients.keySet(), ours.getFirst().gradientForVariable().keySet());
        assertClose(dl4jDx, ours.getSecond(), "input gradient");
        for (var e : dl4jGradients.entrySet())
            assertClose(e.getValue(), ours.getFirst().getGradientFor(e.getKey()), e.getKey());
        // The flat gradient the updater reads holds our gradient (not a detached copy).
        assertClose(dl4jFlat, net.flattenedGradients(), "flattened gradient");
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what + " shape");
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        double scale = Math.max(1e-12, expected.amaxNumber().doubleValue());
        assertTrue(diff / scale < 1e-9, what + ": relative difference " + diff / scale);
    }
}
