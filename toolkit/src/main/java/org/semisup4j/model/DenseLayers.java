package org.semisup4j.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * The backward pass of a dense layer with identity or ReLU activation from the output its forward pass
 * already produced: δ = ε (identity) or ε · 1[a > 0] (ReLU, a = relu(z), so a > 0 exactly where z > 0),
 * then dW = xᵀδ, db = Σδ, dx = δWᵀ.
 *
 * <p>Why: DL4J M2.1's {@code BaseLayer.backpropGradient} first recomputes z = xW + b (a gemm and a
 * broadcast) to feed the activation's derivative; the MLP step is per-op overhead (BENCHMARKS.md), so two
 * ops fewer per layer show. {@code DenseLayersTest} checks the gradients against DL4J's path.
 */
final class DenseLayers {
    private DenseLayers() {}

    static boolean applies(Layer layer) {
        if (layer.getClass() != DenseLayer.class) return false;
        var conf = (org.deeplearning4j.nn.conf.layers.DenseLayer) layer.conf().getLayer();
        IActivation act = conf.getActivationFn();
        return (act instanceof ActivationIdentity || act.equals(new ActivationReLU()))
                && conf.getIDropout() == null && conf.getWeightNoise() == null && !conf.hasLayerNorm()
                && layer.getMaskArray() == null;
    }

    /** Parameter gradient (into the layer's gradient views) and dLoss/dinput, given the layer's forward output. */
    static Pair<Gradient, INDArray> backprop(Layer layer, INDArray output, INDArray epsilon) {
        var conf = (org.deeplearning4j.nn.conf.layers.DenseLayer) layer.conf().getLayer();
        INDArray delta = epsilon;
        if (conf.getActivationFn() instanceof ActivationReLU) {
            delta = Nd4j.createUninitialized(epsilon.dataType(), epsilon.shape());
            Nd4j.exec(new ThresholdReluBp(output, epsilon, delta, 0.0));
        }
        INDArray input = layer.input();
        INDArray weights = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
        Map<String, INDArray> views = DefaultParamInitializer.getInstance()
                .getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
        Gradient gradient = new DefaultGradient();
        INDArray weightGradient = views.get(DefaultParamInitializer.WEIGHT_KEY);
        Nd4j.gemm(input, delta, weightGradient, true, false, 1.0, 0.0);
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGradient);
        if (conf.hasBias()) {
            INDArray biasGradient = views.get(DefaultParamInitializer.BIAS_KEY);
            delta.sum(biasGradient, 0);
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGradient);
        }
        return new Pair<>(gradient, delta.mmul(weights.transpose()));
    }
}
