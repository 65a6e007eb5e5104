package org.semisup4j.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A small fully convolutional segmentation network presenting its per-pixel logits as rows: for input
 * [N, C_in, H, W] the logits are [N·H·W, classes] in (n, y, x) order, so every loss term and helper
 * written over rows (cross-entropy, {@link org.semisup4j.loss.MaskedSoftmaxMse}, {@link
 * org.semisup4j.teacher.McDropoutTeacher}, the EMA teacher) works per pixel.
 *
 * <p>Architecture: four 3×3 convolutions with 'same' padding and dilations 1, 2, 4, 8 (receptive field
 * 31 pixels, no down-sampling), ReLU, dropout on the inputs of the last two; then a 1×1 convolution to the
 * classes. Features = the last hidden layer's per-pixel activations. No batch norm, so
 * {@link Model.Mode#STOCHASTIC} and {@link Model.Mode#TRAIN} coincide (dropout on).
 *
 * <p>It is not a {@link NetworkModel} because that model's head is a dense layer over pooled features.
 * The trainer's {@code Pass} slices views by input rows, so this model is trained by
 * {@link org.semisup4j.method.SegmentationTraining}, not by the {@link org.semisup4j.train.Trainer}.
 */
public final class FullyConvolutionalModel implements Model {
    private final MultiLayerConfiguration conf;
    private final MultiLayerNetwork net;
    private MultiLayerNetwork twin;
    private final int channels, size, classes, width;
    private final double dropout;
    private final LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();
    private long lastBatch = -1;
    private Gradient pending;

    /**
     * @param channels input channels; {@code size} image height = width; {@code width} hidden channels;
     * @param dropout  probability of dropping a unit on the inputs of the last two hidden convolutions
     */
    public static FullyConvolutionalModel create(int channels, int size, int classes, int width, double dropout,
                                                 double learningRate, long seed) {
        if (classes < 2) throw new IllegalArgumentException("classes must be >= 2, got " + classes);
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU).updater(new Adam(learningRate)).convolutionMode(ConvolutionMode.Same).list();
        int[] dilations = {1, 2, 4, 8};
        for (int i = 0; i < dilations.length; i++) {
            ConvolutionLayer.Builder c = new ConvolutionLayer.Builder(3, 3).dilation(dilations[i], dilations[i]).nOut(width)
                    .activation(new ActivationReLU());
            if (i >= 2 && dropout > 0) c.dropOut(new Dropout(1 - dropout)); // DL4J takes the keep probability
            list.layer(c.build());
        }
        list.layer(new ConvolutionLayer.Builder(1, 1).nOut(classes).activation(new ActivationIdentity())
                .weightInit(WeightInit.XAVIER).build());
        MultiLayerConfiguration conf = list.setInputType(InputType.convolutional(size, size, channels)).build();
        return new FullyConvolutionalModel(conf, null, channels, size, classes, width, dropout);
    }

    private FullyConvolutionalModel(MultiLayerConfiguration conf, INDArray params, int channels, int size, int classes,
                                    int width, double dropout) {
        this.conf = conf;
        this.net = new MultiLayerNetwork(conf.clone());
        if (params == null) net.init();
        else net.init(params, false);
        net.initGradientsView();
        this.channels = channels;
        this.size = size;
        this.classes = classes;
        this.width = width;
        this.dropout = dropout;
    }

    @Override
    public Outputs forward(INDArray x) {
        INDArray input = checked(x);
        net.setInput(input);
        List<INDArray> acts = net.feedForward(true, false);
        lastBatch = input.size(0);
        pending = null;
        return outputs(acts);
    }

    @Override
    public INDArray backward(INDArray dLogits, INDArray dFeatures, boolean wantInputGradient) {
        if (lastBatch < 0) throw new IllegalStateException("backward() needs a forward() first");
        if (dFeatures != null) throw new UnsupportedOperationException(describe() + ": terms over features are not supported");
        Pair<Gradient, INDArray> p = net.backpropGradient(toImages(dLogits, lastBatch, classes), workspaces);
        pending = p.getFirst();
        lastBatch = -1;
        return wantInputGradient ? p.getSecond() : null;
    }

    @Override
    public void update(double learningRate, int iteration) {
        if (pending == null) throw new IllegalStateException("update() needs a backward() first (or was already applied)");
        for (org.deeplearning4j.nn.api.Layer layer : net.getLayers())
            if (layer.conf().getLayer() instanceof BaseLayer c && c.getIUpdater() != null) c.getIUpdater().setLrAndSchedule(learningRate, null);
        // Batch size 1: the gradient given to backward is already that of the caller's (mean) loss.
        net.getUpdater().update(net, pending, iteration, 0, 1, workspaces);
        net.params().subi(net.getFlattenedGradients().reshape(net.params().shape()));
        pending = null;
    }

    @Override
    public Outputs predict(INDArray x, Mode mode) {
        INDArray input = checked(x);
        MultiLayerNetwork t = twin();
        t.setInput(input);
        try {
            return outputs(t.feedForward(mode != Mode.EVAL, false));
        } finally {
            t.clear();
        }
    }

    @Override
    public INDArray inputGradient(INDArray x, Function<Outputs, INDArray> dLossDLogits, Mode mode) {
        INDArray input = checked(x);
        MultiLayerNetwork t = twin();
        t.setInput(input);
        try {
            Outputs out = outputs(t.feedForward(mode != Mode.EVAL, false));
            return t.backpropGradient(toImages(dLossDLogits.apply(out), input.size(0), classes), workspaces).getSecond();
        } finally {
            t.clear();
        }
    }

    /** Per-pixel class probabilities of images as [N, classes, H, W] → argmax map per image [N][H·W]. */
    public int[] predictPixels(INDArray x) {
        return org.semisup4j.loss.Probabilities.argmax(predict(x, Mode.EVAL).logits());
    }

    private MultiLayerNetwork twin() {
        // A second network on the same parameter array: its layer inputs and gradient buffer are its own,
        // so side passes never disturb a pending forward/backward of the training network.
        if (twin == null) {
            twin = new MultiLayerNetwork(conf.clone());
            twin.init(net.params(), false);
            twin.initGradientsView();
        }
        return twin;
    }

    private Outputs outputs(List<INDArray> acts) {
        INDArray logits = acts.get(acts.size() - 1);
        INDArray features = acts.get(acts.size() - 2);
        return new Outputs(toRows(logits), toRows(features));
    }

    /** [N, C, H, W] → [N·H·W, C] rows in (n, y, x) order. */
    public static INDArray toRows(INDArray images) {
        long n = images.size(0), c = images.size(1), h = images.size(2), w = images.size(3);
        return images.permute(0, 2, 3, 1).dup('c').reshape(n * h * w, c);
    }

    /** [N·H·W, C] rows → [N, C, H, W]. */
    private INDArray toImages(INDArray rows, long n, long c) {
        if (rows.rank() != 2 || rows.size(0) != n * size * size || rows.size(1) != c)
            throw new IllegalArgumentException("logit gradient must have shape [" + n * size * size + ", " + c + "], got "
                    + Arrays.toString(rows.shape()));
        return rows.castTo(DataType.FLOAT).reshape(n, size, size, c).permute(0, 3, 1, 2).dup('c');
    }

    private INDArray checked(INDArray x) {
        if (x == null || x.rank() != 4 || x.size(1) != channels || x.size(2) != size || x.size(3) != size)
            throw new IllegalArgumentException("input must have shape [batch, " + channels + ", " + size + ", " + size + "] for "
                    + describe() + ", got " + (x == null ? "null" : Arrays.toString(x.shape())));
        return x.dataType() == DataType.FLOAT ? x : x.castTo(DataType.FLOAT);
    }

    @Override
    public INDArray params() {
        return net.params();
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public int featureSize() {
        return width;
    }

    @Override
    public long[] inputShape() {
        return new long[] {channels, size, size};
    }

    @Override
    public FullyConvolutionalModel copy() {
        FullyConvolutionalModel c = new FullyConvolutionalModel(conf, net.params().dup(), channels, size, classes, width, dropout);
        INDArray state = net.getUpdater().getStateViewArray();
        if (state != null) c.net.getUpdater().getStateViewArray().assign(state);
        return c;
    }

    /** Writes the parameters (not the optimizer state) to a file, atomically. */
    @Override
    public void save(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                Nd4j.write(out, net.params());
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void load(Path file) throws IOException {
        INDArray p;
        try (InputStream in = Files.newInputStream(file)) {
            p = Nd4j.read(in);
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a parameter file written by FullyConvolutionalModel.save (" + e.getMessage() + ")", e);
        }
        if (p.length() != net.params().length())
            throw new IOException(file + " holds " + p.length() + " parameters but " + describe() + " has " + net.params().length());
        net.params().assign(p.reshape(net.params().shape()));
    }

    @Override
    public String describe() {
        return "fcn " + channels + "x" + size + "x" + size + " -> " + classes + " per pixel, width " + width
                + " dilations 1-2-4-8" + (dropout > 0 ? " (dropout " + dropout + ")" : "");
    }

    @Override
    public String toString() {
        return describe() + " [" + net.numParams() + " params]";
    }
}
