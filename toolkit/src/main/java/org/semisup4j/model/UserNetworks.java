package org.semisup4j.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Splits a user's DL4J network into the backbone (input → features) and head (features → logits) that a
 * {@link NetworkModel} runs, both living on the user's own parameter array. The user's network therefore
 * stays live: whatever the toolkit trains, {@code net.output(x)} sees.
 *
 * <p>A final {@link OutputLayer} with softmax becomes a dense layer with identity activation over the same
 * weights (its loss function is not used: the toolkit's methods bring their own terms over the logits).
 * After the split the wrapped model is checked against {@code net.output} on a probe batch, so a layout the
 * split got wrong fails here, not silently in training.
 */
final class UserNetworks {
    private UserNetworks() {}

    static NetworkModel wrap(MultiLayerNetwork net, String featureLayer, Optimizer optimizer, long[] inputShape) {
        if (net.getLayers() == null || net.params() == null) net.init();
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        List<NeuralNetConfiguration> confs = conf.getConfs();
        int n = confs.size();
        if (n < 2)
            throw new IllegalArgumentException("a MultiLayerNetwork needs at least two layers (a backbone and a last layer giving the logits), got " + n);
        int k = featureLayer == null ? n - 2 : layerIndex(confs, featureLayer);
        if (k > n - 2)
            throw new IllegalArgumentException("feature layer '" + featureLayer + "' is the last layer: features must come before the logits");
        if (conf.getInputPreProcess(k + 1) != null)
            throw new IllegalArgumentException("the output of layer " + name(confs, k) + " is not a flat vector (layer " + (k + 1)
                    + " reshapes it with " + conf.getInputPreProcess(k + 1).getClass().getSimpleName()
                    + "): name a dense layer as the feature layer");

        List<NeuralNetConfiguration> backbone = new ArrayList<>(), head = new ArrayList<>();
        Map<Integer, InputPreProcessor> backbonePre = new LinkedHashMap<>(), headPre = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            NeuralNetConfiguration c = confs.get(i).clone();
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (i <= k) {
                backbone.add(c);
                if (pre != null) backbonePre.put(i, pre.clone());
            } else {
                head.add(c);
                if (pre != null) headPre.put(i - k - 1, pre.clone());
            }
        }
        NeuralNetConfiguration last = head.get(head.size() - 1);
        last.setLayer(asLogits(last.getLayer(), "layer " + name(confs, n - 1)));
        int features = (int) ((FeedForwardLayer) head.get(0).getLayer()).getNIn();
        int classes = (int) ((FeedForwardLayer) last.getLayer()).getNOut();
        long[] shape = inputShape != null && inputShape.length > 0 ? inputShape : flatInputShape(confs.get(0).getLayer(), conf.getInputPreProcess(0));

        Net b = new StackNet(stack(backbone, backbonePre, conf), null);
        Net h = new StackNet(stack(head, headPre, conf), null);
        String description = "user MultiLayerNetwork (" + n + " layers; features: layer " + name(confs, k) + ", "
                + features + " → " + classes + " logits)";
        NetworkModel model = NetworkModel.onParameters(net.params(), b, h, classes, features, shape, description,
                optimizer != null ? optimizer : optimizerOf(confs));
        verify(model, x -> net.output(x, false), "MultiLayerNetwork.output");
        return model;
    }

    static NetworkModel wrap(ComputationGraph graph, Optimizer optimizer, long[] inputShape) {
        if (graph.getVertices() == null || graph.params() == null) graph.init();
        ComputationGraphConfiguration conf = graph.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1)
            throw new IllegalArgumentException("a ComputationGraph needs exactly one input and one output, got inputs "
                    + conf.getNetworkInputs() + " and outputs " + conf.getNetworkOutputs());
        String output = conf.getNetworkOutputs().get(0);
        if (!(conf.getVertices().get(output) instanceof LayerVertex outputVertex))
            throw new IllegalArgumentException("the graph's output '" + output + "' must be a layer (an OutputLayer with softmax, or a dense layer giving logits)");
        List<String> inputs = conf.getVertexInputs().get(output);
        if (inputs.size() != 1 || conf.getNetworkInputs().contains(inputs.get(0)))
            throw new IllegalArgumentException("the graph's output layer '" + output + "' must read one hidden vertex (its features), got " + inputs);
        if (outputVertex.getPreProcessor() != null)
            throw new IllegalArgumentException("the input of output layer '" + output + "' is not a flat vector (it is reshaped by "
                    + outputVertex.getPreProcessor().getClass().getSimpleName() + "): end the graph with a dense feature layer");
        String featureVertex = inputs.get(0);

        // Backbone: the graph without its output layer, ending at the feature vertex. The output layer is the
        // last vertex in topological order (every other vertex feeds it), so its parameters are the array's tail.
        ComputationGraphConfiguration backbone = conf.clone();
        backbone.getVertices().remove(output);
        backbone.getVertexInputs().remove(output);
        backbone.setNetworkOutputs(new ArrayList<>(List.of(featureVertex)));
        backbone.setTopologicalOrder(null);
        backbone.setTopologicalOrderStr(null);

        NeuralNetConfiguration headConf = outputVertex.getLayerConf().clone();
        headConf.setLayer(asLogits(headConf.getLayer(), "output layer '" + output + "'"));
        int features = (int) ((FeedForwardLayer) headConf.getLayer()).getNIn();
        int classes = (int) ((FeedForwardLayer) headConf.getLayer()).getNOut();
        long[] shape = inputShape != null && inputShape.length > 0 ? inputShape : graphInputShape(conf);

        Net b = new GraphNet(backbone, null);
        Net h = new StackNet(stack(List.of(headConf), Map.of(), null), null);
        String description = "user ComputationGraph (" + conf.getVertices().size() + " vertices; features: '" + featureVertex
                + "', " + features + " → " + classes + " logits)";
        List<NeuralNetConfiguration> layerConfs = new ArrayList<>();
        for (GraphVertex v : conf.getVertices().values())
            if (v instanceof LayerVertex lv) layerConfs.add(lv.getLayerConf());
        NetworkModel model = NetworkModel.onParameters(graph.params(), b, h, classes, features, shape, description,
                optimizer != null ? optimizer : optimizerOf(layerConfs));
        verify(model, x -> graph.outputSingle(false, x), "ComputationGraph.outputSingle");
        return model;
    }

    private static MultiLayerConfiguration stack(List<NeuralNetConfiguration> confs, Map<Integer, InputPreProcessor> pre,
                                                 MultiLayerConfiguration like) {
        MultiLayerConfiguration.Builder b = new MultiLayerConfiguration.Builder().confs(new ArrayList<>(confs))
                .inputPreProcessors(new LinkedHashMap<>(pre)).validateOutputLayerConfig(false);
        if (like != null) b.dataType(like.getDataType());
        else b.dataType(confs.get(0).getDataType());
        return b.build();
    }

    /** The last layer as a dense layer giving logits: an OutputLayer's softmax (and loss) are dropped. */
    private static Layer asLogits(Layer last, String where) {
        if (last instanceof OutputLayer o) {
            if (!(o.getActivationFn() instanceof ActivationSoftmax))
                throw new IllegalArgumentException(where + " must use softmax (a classifier), got " + o.getActivationFn());
            DenseLayer dense = new DenseLayer.Builder().nIn(o.getNIn()).nOut(o.getNOut()).hasBias(o.hasBias())
                    .activation(new ActivationIdentity()).build();
            dense.setLayerName(o.getLayerName());
            dense.setIDropout(o.getIDropout());
            dense.setIUpdater(o.getIUpdater());
            dense.setWeightInitFn(o.getWeightInitFn());
            return dense;
        }
        if (last instanceof DenseLayer d && d.getActivationFn() instanceof ActivationIdentity) return last;
        throw new IllegalArgumentException(where + " must be an OutputLayer with softmax, or a DenseLayer with identity"
                + " activation giving logits; got " + last.getClass().getSimpleName());
    }

    private static int layerIndex(List<NeuralNetConfiguration> confs, String name) {
        for (int i = 0; i < confs.size(); i++)
            if (name.equals(confs.get(i).getLayer().getLayerName()) || name.equals(Integer.toString(i))) return i;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < confs.size(); i++) names.add(name(confs, i));
        throw new IllegalArgumentException("no layer named '" + name + "'; the layers are " + names);
    }

    private static String name(List<NeuralNetConfiguration> confs, int i) {
        String n = confs.get(i).getLayer().getLayerName();
        return n == null ? Integer.toString(i) : "'" + n + "' (" + i + ")";
    }

    private static long[] flatInputShape(Layer first, InputPreProcessor pre) {
        if (pre instanceof FeedForwardToCnnPreProcessor p)
            return new long[] {p.getNumChannels() * p.getInputHeight() * p.getInputWidth()};
        if (pre == null && first instanceof FeedForwardLayer f && !(first instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer))
            return new long[] {f.getNIn()};
        throw new IllegalArgumentException("cannot tell the shape of one input example from the network's first layer ("
                + first.getClass().getSimpleName() + "): pass it, e.g. NetworkModel.of(net, null, 1, 28, 28)");
    }

    private static long[] graphInputShape(ComputationGraphConfiguration conf) {
        String input = conf.getNetworkInputs().get(0);
        for (Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
            if (!e.getValue().contains(input)) continue;
            if (conf.getVertices().get(e.getKey()) instanceof LayerVertex lv)
                return flatInputShape(lv.getLayerConf().getLayer(), lv.getPreProcessor());
        }
        throw new IllegalArgumentException("cannot tell the shape of one input example from the graph: pass it, e.g. NetworkModel.of(graph, 1, 28, 28)");
    }

    /** The user's optimizer as far as the toolkit models it (Adam, SGD, Nesterov momentum); Adam 1e-3 otherwise. */
    private static Optimizer optimizerOf(List<NeuralNetConfiguration> confs) {
        for (NeuralNetConfiguration c : confs) {
            if (!(c.getLayer() instanceof BaseLayer l) || l.getIUpdater() == null) continue;
            IUpdater u = l.getIUpdater();
            if (u instanceof Adam a) return Optimizer.adam(a.getLearningRate(), 0);
            if (u instanceof Nesterovs m) return Optimizer.sgd(m.getLearningRate(), m.getMomentum(), true, 0);
            if (u instanceof Sgd s) return Optimizer.sgd(s.getLearningRate());
        }
        return Optimizer.adam(1e-3, 0);
    }

    /** The wrapped model's softmax must be the user's network output, on a probe batch in evaluation mode. */
    private static void verify(NetworkModel model, java.util.function.Function<INDArray, INDArray> userOutput, String what) {
        long[] shape = new long[model.inputShape().length + 1];
        shape[0] = 3;
        System.arraycopy(model.inputShape(), 0, shape, 1, shape.length - 1);
        long size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        SplittableRandom r = new SplittableRandom(11);   // never ND4J's global generator: a user's cell keeps its randomness
        double[] values = new double[(int) size];
        for (int i = 0; i < values.length; i++) values[i] = r.nextDouble(-1, 1);
        INDArray probe = Nd4j.create(values, shape, model.dataType());
        INDArray expected = userOutput.apply(probe).castTo(model.dataType());
        INDArray actual = Transforms.softmax(model.predict(probe, Model.Mode.EVAL).logits(), true);
        double gap = expected.sub(actual).amaxNumber().doubleValue();
        if (!(gap < 1e-4))
            throw new IllegalStateException("the wrapped network disagrees with " + what + " by " + gap
                    + " on a probe batch: its layers could not be split into backbone and head (" + model.describe() + ")");
    }
}
