package org.semisup4j.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * Forward and backward pass of a convolution without activation (every conv of {@link Models}: batch
 * norm and the activation are layers of their own), each as one libnd4j op ({@code conv2d},
 * {@code conv2d_bp}), which runs on oneDNN where the native build has it.
 *
 * <p>Why (JFR of the small-CNN steps, BENCHMARKS.md): DL4J M2.1 never uses its oneDNN helpers — it
 * looks for {@code org.nd4j.nativeblas.Nd4jCpu$Environment}, a class the M2.1 backend no longer has —
 * so its convolutions run as Java-side im2col + gemm with copies, and {@code backpropGradient} first
 * recomputes that whole forward convolution only to feed the activation's derivative, which for the
 * identity needs nothing. The ops take the arguments DL4J's own helper would pass; {@code
 * ConvolutionsTest} checks outputs and gradients against DL4J's path.
 */
final class Convolutions {
    private Convolutions() {}

    /** Layers whose gradient this class computes; the others go through DL4J's own backprop. */
    static boolean applies(Layer layer) {
        if (layer.getClass() != ConvolutionLayer.class) return false;
        var conf = (org.deeplearning4j.nn.conf.layers.ConvolutionLayer) layer.conf().getLayer();
        return conf.getActivationFn() instanceof ActivationIdentity
                && conf.getIDropout() == null && conf.getWeightNoise() == null
                && conf.getCnn2dDataFormat() == CNN2DFormat.NCHW
                && (conf.getConvolutionMode() == ConvolutionMode.Same || conf.getConvolutionMode() == ConvolutionMode.Truncate);
    }

    /** The layer's output for {@code input}, which it keeps (as DL4J's own forward does) for {@link #backprop}. */
    static INDArray forward(Layer layer, INDArray input, LayerWorkspaceMgr workspaces) {
        var conf = (org.deeplearning4j.nn.conf.layers.ConvolutionLayer) layer.conf().getLayer();
        // oneDNN wants dense NCHW; views (a slice of a concatenated batch) are copied once here.
        layer.setInput(input.ordering() == 'c' && !input.isView() ? input : input.dup('c'), workspaces);
        INDArray x = layer.input();
        INDArray weights = layer.getParam(ConvolutionParamInitializer.WEIGHT_KEY);
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d").addIntegerArguments(arguments(conf));
        if (conf.hasBias()) {
            INDArray b = layer.getParam(ConvolutionParamInitializer.BIAS_KEY);
            op.addInputs(x, weights, b.reshape(b.length()));
        } else {
            op.addInputs(x, weights);
        }
        return Nd4j.exec(op.build())[0];
    }

    /** conv2d / conv2d_bp integer arguments: kernel, stride, padding, dilation, same mode, NCHW, weights [out, in, kH, kW]. */
    private static int[] arguments(org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf) {
        int[] k = conf.getKernelSize(), s = conf.getStride(), d = conf.getDilation(), p = conf.getPadding();
        boolean same = conf.getConvolutionMode() == ConvolutionMode.Same;
        return new int[] {k[0], k[1], s[0], s[1], same ? 0 : p[0], same ? 0 : p[1], d[0], d[1], same ? 1 : 0, 0, 1};
    }

    /** The parameter gradient (written into the layer's gradient views) and dLoss/dinput. */
    static Pair<Gradient, INDArray> backprop(Layer layer, INDArray epsilon) {
        var conf = (org.deeplearning4j.nn.conf.layers.ConvolutionLayer) layer.conf().getLayer();
        INDArray input = layer.input();
        INDArray weights = layer.getParam(ConvolutionParamInitializer.WEIGHT_KEY);
        Map<String, INDArray> views = ConvolutionParamInitializer.getInstance()
                .getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
        INDArray weightGradient = views.get(ConvolutionParamInitializer.WEIGHT_KEY);
        boolean bias = conf.hasBias();
        INDArray inputGradient = Nd4j.createUninitialized(input.dataType(), input.shape());
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d_bp").addIntegerArguments(arguments(conf));
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradient);
        INDArray epsilonC = epsilon.ordering() == 'c' && !epsilon.isView() ? epsilon : epsilon.dup('c');
        if (bias) {
            INDArray b = layer.getParam(ConvolutionParamInitializer.BIAS_KEY);
            INDArray biasGradient = views.get(ConvolutionParamInitializer.BIAS_KEY);
            op.addInputs(input, weights, b.reshape(b.length()), epsilonC)
                    .addOutputs(inputGradient, weightGradient, biasGradient.reshape(biasGradient.length()));
            gradient.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradient);
        } else {
            op.addInputs(input, weights, epsilonC).addOutputs(inputGradient, weightGradient);
        }
        Nd4j.exec(op.build());
        return new Pair<>(gradient, inputGradient);
    }
}
