package org.semisup4j.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Map;

/**
 * A dense layer with identity or ReLU activation in the fewest native ops: forward a = act(xW + b) as one
 * {@code xw_plus_b} op (plus an in-place ReLU); backward from the output the forward already produced:
 * δ = ε (identity) or ε · 1[a > 0] (ReLU, a = relu(z), so a > 0 exactly where z > 0), then dW = xᵀδ,
 * db = Σδ, dx = δWᵀ, each product one gemm written straight into its destination.
 *
 * <p>Why: the MLP step is per-op overhead (~38 µs per native op, BENCHMARKS.md). DL4J M2.1's forward runs
 * {@code mmuli} into a fresh array and then copies it ({@code old_assign}) before a separate broadcast add;
 * its {@code backpropGradient} recomputes z = xW + b to feed the activation's derivative; and a
 * {@code mmul} with a transposed view copies again. {@code DenseLayersTest} checks outputs and gradients
 * against DL4J's path.
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

    /** The layer's output for {@code input}, which it keeps (as DL4J's own forward does) for {@link #backprop}. */
    static INDArray forward(Layer layer, INDArray input, LayerWorkspaceMgr workspaces) {
        var conf = (org.deeplearning4j.nn.conf.layers.DenseLayer) layer.conf().getLayer();
        layer.setInput(input, workspaces);
        INDArray weights = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
        INDArray out = Nd4j.createUninitialized(weights.dataType(), input.size(0), weights.size(1));
        if (conf.hasBias()) {
            INDArray b = layer.getParam(DefaultParamInitializer.BIAS_KEY);
            Nd4j.exec(DynamicCustomOp.builder("xw_plus_b").addInputs(input, weights, b.reshape(b.length()))
                    .addOutputs(out).build());
        } else {
            Nd4j.gemm(input, weights, out, false, false, 1.0, 0.0);
        }
        return conf.getActivationFn() instanceof ActivationReLU ? Transforms.relu(out, false) : out;
    }

    /** Parameter gradient (into the layer's gradient views) and dLoss/dinput, given the layer's forward output. */
    static Pair<Gradient, INDArray> backprop(Layer layer, INDArray output, INDArray epsilon) {
        return backprop(layer, output, epsilon, true);
    }

    /** As above; without {@code wantInputGradient} dLoss/dinput is null (the first layer of a training step). */
    static Pair<Gradient, INDArray> backprop(Layer layer, INDArray output, INDArray epsilon, boolean wantInputGradient) {
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
        if (!wantInputGradient) return new Pair<>(gradient, null);
        INDArray inputGradient = Nd4j.createUninitialized(delta.dataType(), input.size(0), weights.size(0));
        Nd4j.gemm(delta, weights, inputGradient, false, true, 1.0, 0.0);
        return new Pair<>(gradient, inputGradient);
    }
}
