package org.semisup4j.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Map;

/**
 * A {@link ComputationGraph} with one input and one output (residual networks), run vertex by vertex.
 *
 * <p>ComputationGraph M2.1 has no public input gradient: its {@code backpropGradient} hands the input
 * vertex its epsilon and then clears it. Walking the vertices in topological order ourselves, as
 * the graph does internally, keeps that epsilon — and lets batch norm and dropout differ per mode.
 */
final class GraphNet extends Net {
    private final Graph graph;
    private final int inputIndex;
    private final int outputIndex;
    private Model.Mode lastMode;

    GraphNet(ComputationGraphConfiguration conf, INDArray params) {
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1)
            throw new IllegalArgumentException("a graph backbone needs exactly one input and one output, got inputs "
                    + conf.getNetworkInputs() + " and outputs " + conf.getNetworkOutputs());
        graph = new Graph(conf);
        if (params == null) graph.init();
        else graph.init(params, false);
        graph.initGradientsView();
        inputIndex = graph.getVertex(conf.getNetworkInputs().get(0)).getVertexIndex();
        outputIndex = graph.getVertex(conf.getNetworkOutputs().get(0)).getVertexIndex();
    }

    ComputationGraph network() {
        return graph;
    }

    @Override
    INDArray forward(INDArray x, Model.Mode mode) {
        lastMode = mode;
        GraphVertex[] vertices = graph.getVertices();
        INDArray result = null;
        for (int index : graph.topologicalSortOrder()) {
            GraphVertex v = vertices[index];
            INDArray out = v.isInputVertex() ? x
                    : convolution(v) ? Convolutions.forward(v.getLayer(), v.getInputs()[0], workspaces)
                    : v.doForward(training(v, mode), workspaces);
            if (index == outputIndex) result = out;
            VertexIndices[] next = v.getOutputVertices();
            if (next == null) continue;
            for (VertexIndices n : next) vertices[n.getVertexIndex()].setInput(n.getVertexEdgeNumber(), out, workspaces);
        }
        return result;
    }

    /** A convolution vertex that {@link Convolutions} runs (forward and backward alike). */
    private static boolean convolution(GraphVertex v) {
        return v.hasLayer() && v instanceof LayerVertex lv && lv.getLayerPreProcessor() == null && Convolutions.applies(v.getLayer());
    }

    private static boolean training(GraphVertex v, Model.Mode mode) {
        return !v.hasLayer() ? mode != Model.Mode.EVAL : Net.training(v.getLayer(), mode);
    }

    @Override
    GradientAndEpsilon backpropagate(INDArray epsilon, boolean wantInputGradient) {
        if (lastMode == null) throw new IllegalStateException("backward() needs a forward() first");
        GraphVertex[] vertices = graph.getVertices();
        INDArray[] epsilons = new INDArray[vertices.length];
        epsilons[outputIndex] = epsilon;
        Gradient gradient = new DefaultGradient(graph.getFlattenedGradients());
        int[] order = graph.topologicalSortOrder();
        int batchSize = (int) epsilon.size(0);
        for (int k = order.length - 1; k >= 0; k--) {
            GraphVertex v = vertices[order[k]];
            INDArray eps = epsilons[v.getVertexIndex()];
            if (v.isInputVertex() || eps == null) continue;
            INDArray[] inputEpsilons;
            if (v.hasLayer() && inferenceBatchNorm(v.getLayer(), lastMode)) {
                INDArray dx = InferenceBatchNorm.inputGradient(v.getLayer(), eps);
                InputPreProcessor pre = ((LayerVertex) v).getLayerPreProcessor();
                if (pre != null) dx = pre.backprop(dx, batchSize, workspaces);
                inputEpsilons = new INDArray[] {dx};
            } else if (convolution(v)) {
                Pair<Gradient, INDArray> p = Convolutions.backprop(v.getLayer(), eps);
                for (Map.Entry<String, INDArray> e : p.getFirst().gradientForVariable().entrySet())
                    gradient.setGradientFor(v.getVertexName() + "_" + e.getKey(), e.getValue());
                inputEpsilons = new INDArray[] {p.getSecond()};
            } else {
                v.setEpsilon(eps);
                Pair<Gradient, INDArray[]> p = v.doBackward(false, workspaces);
                if (p.getFirst() != null) {
                    // Keys "<vertex name>_<param>" as ComputationGraph names them for its updater.
                    for (Map.Entry<String, INDArray> e : p.getFirst().gradientForVariable().entrySet())
                        gradient.setGradientFor(v.getVertexName() + "_" + e.getKey(), e.getValue());
                }
                inputEpsilons = p.getSecond();
            }
            VertexIndices[] inputs = v.getInputVertices();
            for (int j = 0; j < inputs.length; j++) {
                int from = inputs[j].getVertexIndex();
                // Fan-out (a residual shortcut) sums the epsilons; never add in place into a layer's array.
                epsilons[from] = epsilons[from] == null ? inputEpsilons[j] : epsilons[from].add(inputEpsilons[j]);
            }
        }
        return new GradientAndEpsilon(gradient, epsilons[inputIndex]);
    }

    @Override
    void clearState() {
        for (GraphVertex v : graph.getVertices()) v.clear();
        lastMode = null;
    }

    @Override
    Iterable<Layer> layers() {
        return Arrays.asList(graph.getLayers());
    }

    @Override
    INDArray params() {
        return graph.params();
    }

    @Override
    INDArray flattenedGradients() {
        return graph.getFlattenedGradients();
    }

    @Override
    BaseMultiLayerUpdater<?> updater() {
        return graph.getUpdater();
    }

    @Override
    void resetUpdater() {
        graph.setUpdater(null);
    }

    @Override
    DataType dataType() {
        return graph.getConfiguration().getDataType();
    }

    @Override
    Net sharingParameters(INDArray sameParams) {
        return new GraphNet(graph.getConfiguration().clone(), sameParams);
    }

    @Override
    Net onParameters(INDArray params) {
        return new GraphNet(graph.getConfiguration().clone(), params);
    }

    @Override
    void gradientsOn(INDArray view) {
        graph.gradientsOn(view);
    }

    /** M2.1 has no setter for the flat gradient array that its updater and layers share; the field is protected. */
    private static final class Graph extends ComputationGraph {
        Graph(ComputationGraphConfiguration conf) {
            super(conf);
        }

        void gradientsOn(INDArray view) {
            flattenedGradients = view;
            setBackpropGradientsViewArray(view);
        }
    }
}
