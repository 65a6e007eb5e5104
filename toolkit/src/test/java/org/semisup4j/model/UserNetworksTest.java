package org.semisup4j.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.train.RunConfig;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's own DL4J networks (built the usual way, ending in a softmax OutputLayer) through
 * {@link NetworkModel#of}: same outputs as the network, gradients against finite differences, live
 * parameters, training under methods, checkpoints.
 */
class UserNetworksTest {

    /** 2 → 16 → 8 ("hidden") → softmax 2, tanh (smooth, for finite differences). */
    static MultiLayerNetwork userMlp(DataType type, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(type).updater(new Adam(0.01))
                .list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(16).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().name("hidden").nIn(16).nOut(8).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(2).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** A residual graph: x → a → b; a + b → softmax output. */
    static ComputationGraph userGraph(DataType type) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(type).updater(new Adam(0.01))
                .graphBuilder().addInputs("x")
                .addLayer("a", new DenseLayer.Builder().nIn(2).nOut(8).activation(Activation.TANH).build(), "x")
                .addLayer("b", new DenseLayer.Builder().nIn(8).nOut(8).activation(Activation.TANH).build(), "a")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "a", "b")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "sum")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static INDArray input(DataType type, long rows) {
        return Nd4j.linspace(-1.5, 1.5, rows * 2, type).reshape(rows, 2).mul(Nd4j.linspace(1, -1, rows * 2, type).reshape(rows, 2).add(0.3));
    }

    @Test
    void logitsAndFeaturesAreThoseOfTheUsersNetwork() {
        MultiLayerNetwork net = userMlp(DataType.DOUBLE, 1);
        NetworkModel model = NetworkModel.of(net);
        INDArray x = input(DataType.DOUBLE, 7);
        Model.Outputs out = model.predict(x, Model.Mode.EVAL);
        assertTrue(Transforms.softmax(out.logits(), true).equalsWithEps(net.output(x, false), 1e-10), "softmax(logits) is the network's output");
        assertTrue(out.features().equalsWithEps(net.feedForward(x, false).get(2), 1e-10), "features are the output of the layer before the last");
        assertEquals(2, model.numClasses());
        assertEquals(8, model.featureSize());

        NetworkModel early = NetworkModel.of(userMlp(DataType.DOUBLE, 1), "0");
        assertEquals(16, early.featureSize(), "features at a named layer (by index)");
        assertTrue(early.predict(x, Model.Mode.EVAL).features().equalsWithEps(net.feedForward(x, false).get(1), 1e-10));
        assertEquals(8, NetworkModel.of(userMlp(DataType.DOUBLE, 1), "hidden").featureSize(), "by name");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkModel.of(userMlp(DataType.DOUBLE, 1), "nope"));
        assertTrue(e.getMessage().contains("no layer named 'nope'"), e.getMessage());

        ComputationGraph g = userGraph(DataType.DOUBLE);
        NetworkModel graphModel = NetworkModel.of(g);
        Model.Outputs gOut = graphModel.predict(x, Model.Mode.EVAL);
        assertTrue(Transforms.softmax(gOut.logits(), true).equalsWithEps(g.outputSingle(false, x), 1e-10));
        assertTrue(gOut.features().equalsWithEps(g.feedForward(x, false).get("sum"), 1e-10), "graph features are the output layer's input");
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        // Input, feature and parameter gradients of L = Σ w·logits + Σ v·features (backward and inputGradient).
        GradientCheckTest.check(NetworkModel.of(userMlp(DataType.DOUBLE, 2)), new long[] {5, 2}, Integer.MAX_VALUE, Integer.MAX_VALUE);
        GradientCheckTest.check(NetworkModel.of(userGraph(DataType.DOUBLE)), new long[] {5, 2}, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    @Test
    void parametersAreTheNetworksOwnLiveArray() {
        MultiLayerNetwork net = userMlp(DataType.FLOAT, 3);
        NetworkModel model = NetworkModel.of(net);
        INDArray x = input(DataType.FLOAT, 4);
        INDArray before = net.output(x, false).dup();
        model.params().muli(1.5);   // what an EMA teacher's in-place update does
        assertTrue(same(net.params(), model.params()), "one array");
        assertNotEquals(before, net.output(x, false), "the user's network sees the change");

        ComputationGraph g = userGraph(DataType.FLOAT);
        NetworkModel gm = NetworkModel.of(g);
        gm.params().addi(0.25);
        assertTrue(same(g.params(), gm.params()), "one array");
    }

    @Test
    void aUserNetworkTrainsUnderVatAndFixMatchAndItsOwnOutputFollows() {
        RunConfig c = RunConfig.of("two-moons").labels(6).steps(100).batchSize(32).unlabeledRatio(2).seed(0).testSize(300);
        for (String method : new String[] {"vat", "fixmatch"}) {
            MultiLayerNetwork net = userMlp(DataType.FLOAT, 4);
            Experiment e = Experiment.prepare(c.method(method), NetworkModel.of(net));
            double untrained = accuracy(net, e);
            double accuracy = e.trainer(null).run().accuracy();
            System.out.printf("%s on a user network: untrained %.3f, trained %.3f%n", method, untrained, accuracy);
            assertTrue(accuracy > 0.8 && accuracy > untrained + 0.2, method + ": trained " + accuracy + " vs untrained " + untrained);
            assertEquals(accuracy, accuracy(net, e), 1e-9, method + ": the user's network is the trained one");
        }
    }

    private static double accuracy(MultiLayerNetwork net, Experiment e) {
        INDArray predicted = net.output(e.test().features(), false).argMax(1);
        int correct = 0;
        for (int i = 0; i < e.test().size(); i++) if (predicted.getInt(i) == e.test().label(i)) correct++;
        return (double) correct / e.test().size();
    }

    @Test
    void aResumedRunOfAUserNetworkEndsWhereAnUninterruptedOneEnds(@TempDir Path dir) throws Exception {
        RunConfig c = RunConfig.of("two-moons").method("vat").labels(6).steps(40).seed(1);
        Experiment full = Experiment.prepare(c, NetworkModel.of(userMlp(DataType.FLOAT, 6)));
        full.trainer(dir.resolve("full")).run();
        Path checkpoint = dir.resolve("full/checkpoints/step-000030");
        assertTrue(Files.isDirectory(checkpoint));

        MultiLayerNetwork fresh = userMlp(DataType.FLOAT, 6);
        Experiment resumed = Experiment.prepare(c, NetworkModel.of(fresh));
        resumed.trainer(dir.resolve("again")).resumeFrom(checkpoint).run();
        assertTrue(same(full.model().params(), resumed.model().params()), "same weights as the uninterrupted run");
        assertTrue(same(full.model().params(), fresh.params()), "the user's network holds the resumed weights");
    }

    private static boolean same(INDArray a, INDArray b) {
        return a.reshape(-1).equals(b.reshape(-1));
    }

    @Test
    void aNetworkThatIsNotASoftmaxClassifierIsRefusedWithTheReason() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(4).nOut(1).activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkModel.of(net));
        assertTrue(e.getMessage().contains("must use softmax"), e.getMessage());
    }
}
