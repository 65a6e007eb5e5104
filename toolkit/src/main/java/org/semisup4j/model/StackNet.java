package org.semisup4j.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Map;

/** A {@link MultiLayerNetwork} whose last layer is a plain layer (no loss), run layer by layer. */
final class StackNet extends Net {
    private final Network net;
    private Model.Mode lastMode;
    private int lastBatchSize;
    /** Each layer's output of the last forward pass (DenseLayers backpropagates from it). */
    private INDArray[] outputs;

    /** Builds the network on {@code params} (not copied), or with fresh seeded weights when null. */
    StackNet(MultiLayerConfiguration conf, INDArray params) {
        net = new Network(conf);
        if (params == null) net.init();
        else net.init(params, false);
        net.initGradientsView();
    }

    MultiLayerNetwork network() {
        return net;
    }

    @Override
    INDArray forward(INDArray x, Model.Mode mode) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        lastMode = mode;
        lastBatchSize = (int) x.size(0);
        net.setInputMiniBatchSize(lastBatchSize);
        INDArray a = x;
        Layer[] layers = net.getLayers();
        outputs = new INDArray[layers.length];
        for (int i = 0; i < layers.length; i++) {
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (pre != null) a = pre.preProcess(a, lastBatchSize, workspaces);
            a = Convolutions.applies(layers[i]) ? Convolutions.forward(layers[i], a, workspaces)
                    : DenseLayers.applies(layers[i]) ? DenseLayers.forward(layers[i], a, workspaces)
                    : layers[i].activate(a, training(layers[i], mode), workspaces);
            outputs[i] = a;
        }
        return a;
    }

    @Override
    GradientAndEpsilon backpropagate(INDArray epsilon, boolean wantInputGradient) {
        if (lastMode == null) throw new IllegalStateException("backward() needs a forward() first");
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        Layer[] layers = net.getLayers();
        Gradient gradient = new DefaultGradient(net.getFlattenedGradients());
        INDArray eps = epsilon;
        for (int i = layers.length - 1; i >= 0; i--) {
            if (inferenceBatchNorm(layers[i], lastMode)) {
                eps = InferenceBatchNorm.inputGradient(layers[i], eps);
            } else {
                Pair<Gradient, INDArray> p = Convolutions.applies(layers[i]) ? Convolutions.backprop(layers[i], eps)
                        : DenseLayers.applies(layers[i]) ? DenseLayers.backprop(layers[i], outputs[i], eps, i > 0 || wantInputGradient)
                        : layers[i].backpropGradient(eps, workspaces);
                // Keys "<layer index>_<param>" as MultiLayerNetwork names them for its updater.
                for (Map.Entry<String, INDArray> e : p.getFirst().gradientForVariable().entrySet())
                    gradient.setGradientFor(i + "_" + e.getKey(), e.getValue());
                eps = p.getSecond();
            }
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (pre != null && eps != null) eps = pre.backprop(eps, lastBatchSize, workspaces);
        }
        return new GradientAndEpsilon(gradient, eps);
    }

    @Override
    void clearState() {
        // Layers only: MultiLayerNetwork.clear() also drops its solver, and with it the optimizer state.
        for (Layer l : net.getLayers()) l.clear();
        lastMode = null;
        outputs = null;
    }

    @Override
    Iterable<Layer> layers() {
        return Arrays.asList(net.getLayers());
    }

    @Override
    INDArray params() {
        return net.params();
    }

    @Override
    INDArray flattenedGradients() {
        return net.getFlattenedGradients();
    }

    @Override
    BaseMultiLayerUpdater<?> updater() {
        return (BaseMultiLayerUpdater<?>) net.getUpdater();
    }

    @Override
    void resetUpdater() {
        net.setUpdater(null);
    }

    @Override
    DataType dataType() {
        return net.getLayerWiseConfigurations().getDataType();
    }

    @Override
    Net sharingParameters(INDArray sameParams) {
        return new StackNet(net.getLayerWiseConfigurations().clone(), sameParams);
    }

    @Override
    Net onParameters(INDArray params) {
        return new StackNet(net.getLayerWiseConfigurations().clone(), params);
    }

    long numParams() {
        return net.numParams();
    }

    @Override
    void gradientsOn(INDArray view) {
        net.gradientsOn(view);
    }

    /** M2.1 has no setter for the flat gradient array that its updater and layers share; the field is protected. */
    private static final class Network extends MultiLayerNetwork {
        Network(MultiLayerConfiguration conf) {
            super(conf);
        }

        void gradientsOn(INDArray view) {
            flattenedGradients = view;
            setBackpropGradientsViewArray(view);
        }
    }
}
