package org.semisup4j.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The architectures of the reference papers, each a backbone plus a dense classification head.
 * The same {@link Options#seed} gives the same initial weights.
 *
 * <pre>{@code
 * Model m = Models.mlp(Models.options().seed(1).dropout(0.1), 2, 100, 100, 2);
 * Model cnn = Models.smallCnn(Models.options().seed(7), 1, 28, 28, 10);
 * }</pre>
 */
public final class Models {
    private Models() {}

    /**
     * Choices shared by all architectures. {@code batchNorm} and {@code leakySlope} left unset take the
     * architecture's default (MLP: no batch norm, ReLU; CNNs: batch norm; conv-large and WRN: leaky 0.1).
     *
     * @param dropout probability of dropping a unit (0 = no dropout), at the places each factory names
     */
    public record Options(long seed, double dropout, Boolean batchNorm, Double leakySlope, DataType dataType,
                          Optimizer optimizer) {
        public Options {
            if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            if (leakySlope != null && !(leakySlope >= 0 && leakySlope < 1))
                throw new IllegalArgumentException("leakySlope must be in [0, 1), got " + leakySlope);
            if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE)
                throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + dataType);
            if (optimizer == null) throw new IllegalArgumentException("optimizer must not be null");
        }

        public Options seed(long seed) { return new Options(seed, dropout, batchNorm, leakySlope, dataType, optimizer); }
        public Options dropout(double p) { return new Options(seed, p, batchNorm, leakySlope, dataType, optimizer); }
        public Options batchNorm(boolean on) { return new Options(seed, dropout, on, leakySlope, dataType, optimizer); }
        /** Leaky ReLU with this negative slope; 0 = plain ReLU. */
        public Options leakyRelu(double slope) { return new Options(seed, dropout, batchNorm, slope, dataType, optimizer); }
        /** FLOAT (default) or DOUBLE (finite-difference checks). */
        public Options dataType(DataType t) { return new Options(seed, dropout, batchNorm, leakySlope, t, optimizer); }
        public Options optimizer(Optimizer o) { return new Options(seed, dropout, batchNorm, leakySlope, dataType, o); }

        boolean batchNormOr(boolean fallback) { return batchNorm != null ? batchNorm : fallback; }
        double slopeOr(double fallback) { return leakySlope != null ? leakySlope : fallback; }
    }

    /** Seed 0, no dropout, FLOAT, Adam lr 1e-3 (the trainer usually sets its own optimizer). */
    public static Options options() {
        return new Options(0, 0, null, null, DataType.FLOAT, Optimizer.adam(1e-3, 0));
    }

    // ------------------------------------------------------------------------------------------ MLP

    /**
     * A multilayer perceptron, e.g. {@code mlp(o, 2, 100, 100, 2)} or {@code mlp(o, 784, 1200, 1200, 10)}:
     * sizes are input, hidden layers, classes. Features = last hidden layer. Dropout acts on the output of
     * every hidden layer; batch norm (if on) sits between each dense layer and its activation.
     */
    public static NetworkModel mlp(Options o, int... sizes) {
        if (sizes.length < 3) throw new IllegalArgumentException("mlp sizes must be input, at least one hidden, classes; got "
                + Arrays.toString(sizes));
        for (int s : sizes) if (s <= 0) throw new IllegalArgumentException("mlp sizes must be positive, got " + Arrays.toString(sizes));
        boolean bn = o.batchNormOr(false);
        IActivation act = activation(o.slopeOr(0));
        NeuralNetConfiguration.ListBuilder list = base(o, o.seed()).list();
        for (int i = 1; i < sizes.length - 1; i++) {
            DenseLayer.Builder dense = new DenseLayer.Builder().nOut(sizes[i]).activation(bn ? new ActivationIdentity() : act)
                    .hasBias(!bn);
            if (i > 1) dropout(dense, o);
            list.layer(dense.build());
            if (bn) {
                list.layer(new BatchNormalization.Builder().build());
                list.layer(new ActivationLayer.Builder().activation(act).build());
            }
        }
        MultiLayerConfiguration backbone = list.setInputType(InputType.feedForward(sizes[0])).build();
        int features = sizes[sizes.length - 2];
        int classes = sizes[sizes.length - 1];
        String name = "mlp " + Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining("-"))
                + " " + activationName(o.slopeOr(0)) + (bn ? " bn" : "") + dropoutName(o);
        return assemble(o, new StackNet(backbone, null), features, classes, true, new long[] {sizes[0]}, name);
    }

    /**
     * Ba &amp; Caruana's shallow mimic student with a linear bottleneck: inputs → {@code bottleneck} linear
     * units (no bias, no activation: a low-rank factorisation of the wide layer's weights, which speeds
     * up learning) → {@code width} ReLU units → classes. Features = the wide layer.
     */
    public static NetworkModel bottleneckMlp(Options o, int inputs, int bottleneck, int width, int classes) {
        for (int s : new int[] {inputs, bottleneck, width})
            if (s <= 0) throw new IllegalArgumentException("bottleneckMlp sizes must be positive, got " + inputs + ", " + bottleneck + ", " + width);
        IActivation act = activation(o.slopeOr(0));
        MultiLayerConfiguration backbone = base(o, o.seed()).list()
                .layer(new DenseLayer.Builder().nOut(bottleneck).activation(new ActivationIdentity()).hasBias(false).build())
                .layer(new DenseLayer.Builder().nOut(width).activation(act).build())
                .setInputType(InputType.feedForward(inputs)).build();
        String name = "mlp " + inputs + "-(linear " + bottleneck + ")-" + width + "-" + classes + " " + activationName(o.slopeOr(0))
                + dropoutName(o);
        return assemble(o, new StackNet(backbone, null), width, classes, true, new long[] {inputs}, name);
    }

    // ------------------------------------------------------------------------------------ small CNN

    /**
     * A small CNN for 1×28×28 or 3×32×32: three blocks conv 3×3 (32, 64, 128) → batch norm → ReLU, the
     * first two followed by 2×2 max-pooling, then global average pooling → 128 features. Dropout acts on
     * the features (the head's input).
     */
    public static NetworkModel smallCnn(Options o, int channels, int height, int width, int classes) {
        boolean bn = o.batchNormOr(true);
        IActivation act = activation(o.slopeOr(0));
        NeuralNetConfiguration.ListBuilder list = base(o, o.seed()).convolutionMode(ConvolutionMode.Same).list();
        int[] widths = {32, 64, 128};
        for (int b = 0; b < widths.length; b++) {
            convBlock(list, widths[b], 3, 1, bn, act, 0);
            if (b < widths.length - 1) list.layer(maxPool());
        }
        list.layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
        MultiLayerConfiguration backbone = list.setInputType(InputType.convolutional(height, width, channels)).build();
        String name = "small-cnn " + channels + "x" + height + "x" + width + " -> " + classes + " "
                + activationName(o.slopeOr(0)) + (bn ? " bn" : "") + dropoutName(o);
        return assemble(o, new StackNet(backbone, null), 128, classes, true, new long[] {channels, height, width}, name);
    }

    // ----------------------------------------------------------------------------------- conv-large

    /**
     * "conv-large" (CNN-13) of the Π-model, Mean Teacher and VAT papers: 3×[conv 3×3 128] → max-pool →
     * dropout → 3×[conv 3×3 256] → max-pool → dropout → conv 3×3 512 (valid) → conv 1×1 256 → conv 1×1
     * 128 → global average pool → 128 features; batch norm and leaky ReLU 0.1 after every conv. The papers
     * use dropout 0.5 (set it with {@link Options#dropout}).
     */
    public static NetworkModel convLarge(Options o, int channels, int height, int width, int classes) {
        boolean bn = o.batchNormOr(true);
        double slope = o.slopeOr(0.1);
        IActivation act = activation(slope);
        NeuralNetConfiguration.ListBuilder list = base(o, o.seed()).convolutionMode(ConvolutionMode.Same).list();
        for (int i = 0; i < 3; i++) convBlock(list, 128, 3, 1, bn, act, 0);
        list.layer(maxPool());
        for (int i = 0; i < 3; i++) convBlock(list, 256, 3, 1, bn, act, i == 0 ? o.dropout() : 0);
        list.layer(maxPool());
        list.layer(conv(512, 3, 1, bn, o.dropout()).convolutionMode(ConvolutionMode.Truncate).build());
        if (bn) list.layer(new BatchNormalization.Builder().build());
        list.layer(new ActivationLayer.Builder().activation(act).build());
        convBlock(list, 256, 1, 1, bn, act, 0);
        convBlock(list, 128, 1, 1, bn, act, 0);
        list.layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
        MultiLayerConfiguration backbone = list.setInputType(InputType.convolutional(height, width, channels)).build();
        String name = "conv-large " + channels + "x" + height + "x" + width + " -> " + classes + " "
                + activationName(slope) + (bn ? " bn" : "") + dropoutName(o);
        return assemble(o, new StackNet(backbone, null), 128, classes, false, new long[] {channels, height, width}, name);
    }

    // ------------------------------------------------------------------------------------------ WRN

    /**
     * Wide ResNet (pre-activation, as in the FixMatch/MixMatch code): conv 3×3 16 → 3 groups of
     * (depth−4)/6 residual blocks of width 16k, 32k, 64k (strides 1, 2, 2) → batch norm → leaky ReLU
     * 0.1 → global average pool → 64k features. A block is BN → act → conv 3×3 → BN → act → dropout →
     * conv 3×3, plus the input (or a 1×1 conv of the activated input when the shape changes).
     * {@code wideResNet(o, 28, 2, 3, 32, 32, 10)} is WRN-28-2 (1.47 M parameters).
     */
    public static NetworkModel wideResNet(Options o, int depth, int widen, int channels, int height, int width,
                                          int classes) {
        if (depth < 10 || (depth - 4) % 6 != 0)
            throw new IllegalArgumentException("wide resnet depth must be 6n+4 (e.g. 28), got " + depth);
        if (widen < 1) throw new IllegalArgumentException("widen factor must be >= 1, got " + widen);
        int blocks = (depth - 4) / 6;
        double slope = o.slopeOr(0.1);
        IActivation act = activation(slope);
        ComputationGraphConfiguration.GraphBuilder g = base(o, o.seed()).convolutionMode(ConvolutionMode.Same)
                .graphBuilder().addInputs("x").setInputTypes(InputType.convolutional(height, width, channels));
        g.addLayer("stem", conv(16, 3, 1, true, 0).build(), "x");
        String previous = "stem";
        int in = 16;
        for (int group = 0; group < 3; group++) {
            int out = 16 * widen << group;
            for (int b = 0; b < blocks; b++) {
                int stride = b == 0 && group > 0 ? 2 : 1;
                String n = "g" + group + "b" + b;
                g.addLayer(n + "_bn1", new BatchNormalization.Builder().build(), previous);
                g.addLayer(n + "_act1", new ActivationLayer.Builder().activation(act).build(), n + "_bn1");
                g.addLayer(n + "_conv1", conv(out, 3, stride, true, 0).build(), n + "_act1");
                g.addLayer(n + "_bn2", new BatchNormalization.Builder().build(), n + "_conv1");
                g.addLayer(n + "_act2", new ActivationLayer.Builder().activation(act).build(), n + "_bn2");
                g.addLayer(n + "_conv2", conv(out, 3, 1, true, o.dropout()).build(), n + "_act2");
                String shortcut = previous;
                if (in != out || stride != 1) {
                    shortcut = n + "_shortcut";
                    g.addLayer(shortcut, conv(out, 1, stride, true, 0).build(), n + "_act1");
                }
                g.addVertex(n + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), n + "_conv2", shortcut);
                previous = n + "_add";
                in = out;
            }
        }
        g.addLayer("bn_final", new BatchNormalization.Builder().build(), previous);
        g.addLayer("act_final", new ActivationLayer.Builder().activation(act).build(), "bn_final");
        g.addLayer("features", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "act_final");
        g.setOutputs("features");
        String name = "wrn-" + depth + "-" + widen + " " + channels + "x" + height + "x" + width + " -> " + classes
                + " " + activationName(slope) + dropoutName(o);
        return assemble(o, new GraphNet(g.build(), null), in, classes, false, new long[] {channels, height, width}, name);
    }

    // -------------------------------------------------------------------------------------- helpers

    private static NeuralNetConfiguration.Builder base(Options o, long seed) {
        // DL4J M2.1 treats a configuration seed of 0 as "not set" and initialises from the clock, so the
        // user's seed is mapped to a non-zero one (same seed in, same weights out).
        return new NeuralNetConfiguration.Builder().seed(seed * 0x9E3779B1L + 0x632BE5AB).dataType(o.dataType()).weightInit(WeightInit.RELU)
                .updater(o.optimizer().updater());
    }

    /** Head: one dense layer features → logits (dropout on its input when {@code dropoutOnFeatures}). */
    private static NetworkModel assemble(Options o, Net backbone, int features, int classes, boolean dropoutOnFeatures,
                                         long[] inputShape, String name) {
        if (classes < 2) throw new IllegalArgumentException("classes must be >= 2, got " + classes);
        DenseLayer.Builder dense = new DenseLayer.Builder().nIn(features).nOut(classes).activation(new ActivationIdentity())
                .weightInit(WeightInit.XAVIER);
        if (dropoutOnFeatures) dropout(dense, o);
        // A different seed than the backbone's, derived from it: same model seed → same head.
        MultiLayerConfiguration head = base(o, o.seed() * 31 + 17).list().layer(dense.build())
                .setInputType(InputType.feedForward(features)).build();
        return new NetworkModel(backbone, new StackNet(head, null), classes, features, inputShape, name, o.optimizer());
    }

    /** A projection head: one dense layer features → size, identity activation, Xavier weights drawn from {@code seed}. */
    static Net projectionHead(int features, int size, long seed, org.nd4j.linalg.api.buffer.DataType dataType, Optimizer optimizer) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed * 0x9E3779B1L + 0x5DEECE66DL)
                .dataType(dataType).updater(optimizer.updater()).list()
                .layer(new DenseLayer.Builder().nIn(features).nOut(size).activation(new ActivationIdentity())
                        .weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.feedForward(features)).build();
        return new StackNet(conf, null);
    }

    private static void convBlock(NeuralNetConfiguration.ListBuilder list, int width, int kernel, int stride, boolean bn,
                                  IActivation act, double dropout) {
        list.layer(conv(width, kernel, stride, bn, dropout).build());
        if (bn) list.layer(new BatchNormalization.Builder().build());
        list.layer(new ActivationLayer.Builder().activation(act).build());
    }

    /** Convolution without activation (the block adds BN and activation); no bias in front of BN. */
    private static ConvolutionLayer.Builder conv(int width, int kernel, int stride, boolean noBias, double dropout) {
        ConvolutionLayer.Builder c = new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(width)
                .activation(new ActivationIdentity()).hasBias(!noBias);
        if (dropout > 0) c.dropOut(new Dropout(1 - dropout));
        return c;
    }

    private static Layer maxPool() {
        return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
    }

    private static void dropout(Layer.Builder<?> layer, Options o) {
        // DL4J's Dropout takes the probability of *keeping* a unit.
        if (o.dropout() > 0) layer.dropOut(new Dropout(1 - o.dropout()));
    }

    private static IActivation activation(double slope) {
        return slope == 0 ? new ActivationReLU() : new ActivationLReLU(slope);
    }

    private static String activationName(double slope) {
        return slope == 0 ? "relu" : "lrelu" + slope;
    }

    private static String dropoutName(Options o) {
        return o.dropout() > 0 ? " (dropout " + o.dropout() + ")" : "";
    }

}
