package org.semisup4j.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Properties;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A {@link Model} made of two DL4J networks: a backbone (input → features) and a head
 * (features → logits, a plain dense layer). Build one with {@link Models}.
 *
 * <p>Both networks live on one flat parameter array ({@link #params()}), so an EMA teacher updates
 * the whole model with one in-place operation. {@link #predict} and {@link #inputGradient} run on
 * twin networks that share that array but keep their own layer inputs, dropout masks and gradient
 * buffers: they cannot disturb a pending forward/backward/update, whatever order the caller uses.
 * An optional projection head ({@link #withProjection}) is one more network on one more slice of the
 * array, reading the features: trained, checkpointed and EMA-averaged with the rest.
 */
public final class NetworkModel implements Model {
    private static final String FORMAT = "semisup4j-model/1";

    private final INDArray allParams;
    /** The networks' parameter gradients, laid out like {@link #allParams} (each network's gradient array is a view). */
    private final INDArray allGradients;
    /** One update over {@link #allParams}, or null when the networks' DL4J updaters must run (see {@link FlatUpdate#of}). */
    private FlatUpdate flatUpdate;
    /** Tests only: DL4J's per-network updaters even where a {@link FlatUpdate} applies (the reference path). */
    private boolean perNetworkUpdates;
    private final Net backbone;
    private final Net head;
    /** Features → projections, or null. */
    private final Net projection;
    private int projectionSize;
    private Net backboneTwin;
    private Net headTwin;
    private Net projectionTwin;
    private final int numClasses;
    private final int featureSize;
    private final long[] inputShape;
    private final String description;
    private Optimizer optimizer;
    private long lastBatchSize = -1;
    private boolean gradientPending;

    /** Takes freshly initialised networks (their weights are copied into the shared array). */
    NetworkModel(Net freshBackbone, Net freshHead, int numClasses, int featureSize, long[] inputShape,
                 String description, Optimizer optimizer) {
        this(concatenate(freshBackbone.params(), freshHead.params()), freshBackbone, freshHead, null, numClasses,
                featureSize, inputShape, description, optimizer);
    }

    /** Layout of {@code allParams}: backbone, head, then the projection head (when there is one). */
    private NetworkModel(INDArray allParams, Net backboneTemplate, Net headTemplate, Net projectionTemplate, int numClasses,
                         int featureSize, long[] inputShape, String description, Optimizer optimizer) {
        long nb = backboneTemplate.params().length(), nh = headTemplate.params().length();
        this.allParams = allParams;
        this.backbone = backboneTemplate.onParameters(slice(allParams, 0, nb));
        this.head = headTemplate.onParameters(slice(allParams, nb, nb + nh));
        this.projection = projectionTemplate == null ? null
                : projectionTemplate.onParameters(slice(allParams, nb + nh, allParams.length()));
        this.allGradients = Nd4j.create(allParams.dataType(), allParams.shape());
        backbone.gradientsOn(slice(allGradients, 0, nb));
        head.gradientsOn(slice(allGradients, nb, nb + nh));
        if (projection != null) projection.gradientsOn(slice(allGradients, nb + nh, allGradients.length()));
        this.numClasses = numClasses;
        this.featureSize = featureSize;
        this.inputShape = inputShape.clone();
        this.description = description;
        setOptimizer(optimizer);
    }

    /**
     * A user's own {@link MultiLayerNetwork} as a toolkit model: logits are the input of its final softmax
     * {@code OutputLayer} (or the output of a last dense layer with identity activation), features the
     * output of the layer before it. The model lives on the network's own parameter array, so training it
     * trains {@code net}. The optimizer follows the network's updater (Adam, SGD, Nesterov; Adam 1e-3 for
     * others); {@link #setOptimizer} replaces it.
     */
    public static NetworkModel of(MultiLayerNetwork net) {
        return UserNetworks.wrap(net, null, null, null);
    }

    /**
     * As {@link #of(MultiLayerNetwork)}, with the features taken at the named layer (its name, or its index
     * as text; null for the layer before the last), which must output a flat vector. {@code inputShape} is the
     * shape of one example (e.g. 1, 28, 28 for a network that starts with a convolution); it may be left out
     * when the first layer is dense or reads a flattened image.
     */
    public static NetworkModel of(MultiLayerNetwork net, String featureLayer, long... inputShape) {
        return UserNetworks.wrap(net, featureLayer, null, inputShape);
    }

    /**
     * A user's own {@link ComputationGraph} (one input, one output) as a toolkit model, on the graph's own
     * parameter array. The output vertex must be a softmax {@code OutputLayer} (or a dense layer with identity
     * activation) reading one vertex, whose output are the features. The input gradient comes from walking
     * the graph's vertices in topological order (ComputationGraph has no public input gradient in M2.1).
     */
    public static NetworkModel of(ComputationGraph graph, long... inputShape) {
        return UserNetworks.wrap(graph, null, inputShape);
    }

    /** A model on an existing parameter array (a user's network); the templates give the architecture. */
    static NetworkModel onParameters(INDArray params, Net backbone, Net head, int numClasses, int featureSize,
                                     long[] inputShape, String description, Optimizer optimizer) {
        long expected = backbone.params().length() + head.params().length();
        if (params.length() != expected)
            throw new IllegalStateException(description + ": the split has " + expected + " parameters but the network "
                    + params.length());
        if (params.rank() != 2 || params.size(0) != 1) params = params.reshape(1, params.length());
        return new NetworkModel(params, backbone, head, null, numClasses, featureSize, inputShape, description, optimizer);
    }

    @Override
    public NetworkModel withProjection(int size, long seed) {
        if (projection != null) throw new IllegalStateException(description + " already has a projection head");
        if (size < 1) throw new IllegalArgumentException("projection head size must be >= 1, got " + size);
        Net fresh = Models.projectionHead(featureSize, size, seed, dataType(), optimizer);
        NetworkModel m = new NetworkModel(concatenate(allParams, fresh.params()), backbone, head, fresh, numClasses,
                featureSize, inputShape, description + " + projection " + featureSize + "-" + size, optimizer);
        m.projectionSize = size;
        return m;
    }

    @Override
    public int projectionSize() {
        return projectionSize;
    }

    private static INDArray concatenate(INDArray... parts) {
        long n = 0;
        for (INDArray p : parts) n += p.length();
        INDArray all = Nd4j.create(parts[0].dataType(), 1, n);
        long from = 0;
        for (INDArray p : parts) {
            slice(all, from, from + p.length()).assign(p.reshape(1, p.length()));
            from += p.length();
        }
        return all;
    }

    private static INDArray slice(INDArray row, long from, long to) {
        // [1, n] view (DL4J wants row-vector parameter arrays); never a copy, so both networks stay live.
        return row.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(from, to));
    }

    @Override
    public Outputs forward(INDArray x) {
        INDArray input = checkedInput(x);
        INDArray features = backbone.forward(input, Mode.TRAIN);
        INDArray logits = head.forward(features, Mode.TRAIN);
        INDArray projections = projection == null ? null : projection.forward(features, Mode.TRAIN);
        lastBatchSize = input.size(0);
        gradientPending = false;
        return new Outputs(logits, features, projections);
    }

    @Override
    public INDArray backward(INDArray dLogits, INDArray dFeatures, boolean wantInputGradient) {
        return backward(dLogits, dFeatures, null, wantInputGradient);
    }

    @Override
    public INDArray backward(INDArray dLogits, INDArray dFeatures, INDArray dProjections, boolean wantInputGradient) {
        if (lastBatchSize < 0) throw new IllegalStateException("backward() needs a forward() first");
        checkShape("dLogits", dLogits, lastBatchSize, numClasses);
        if (dFeatures != null) checkShape("dFeatures", dFeatures, lastBatchSize, featureSize);
        if (dProjections != null && projection == null)
            throw new IllegalArgumentException(description + " has no projection head to send a gradient to");
        if (dProjections != null) checkShape("dProjections", dProjections, lastBatchSize, projectionSize);
        INDArray eps = head.backward(cast(dLogits));
        if (dFeatures != null) eps = eps.add(cast(dFeatures));
        if (projection != null) {
            // Always backpropagated (zeros when no term used it), so update() applies one gradient to every part.
            INDArray dP = dProjections != null ? cast(dProjections) : Nd4j.zeros(allParams.dataType(), lastBatchSize, projectionSize);
            eps.addi(projection.backward(dP));
            projection.clearState();
        }
        INDArray dx = backbone.backward(eps, wantInputGradient);
        head.clearState();
        backbone.clearState();
        lastBatchSize = -1;
        gradientPending = true;
        return wantInputGradient ? dx : null;
    }

    @Override
    public void update(double learningRate, int iteration) {
        if (!gradientPending) throw new IllegalStateException("update() needs a backward() first (or was already applied)");
        if (flatUpdate != null && !perNetworkUpdates) {
            flatUpdate.apply(learningRate, iteration);
            for (Net net : parts()) net.gradientApplied();
        } else {
            for (Net net : parts()) net.update(learningRate, iteration);
        }
        gradientPending = false;
    }

    @Override
    public Outputs predict(INDArray x, Mode mode) {
        INDArray input = checkedInput(x);
        twins();
        try {
            INDArray features = backboneTwin.forward(input, mode);
            INDArray logits = headTwin.forward(features, mode);
            INDArray projections = projectionTwin == null ? null : projectionTwin.forward(features, mode);
            return new Outputs(logits, features, projections);
        } finally {
            if (projectionTwin != null) projectionTwin.clearState();
            headTwin.clearState();
            backboneTwin.clearState();
        }
    }

    @Override
    public INDArray inputGradient(INDArray x, Function<Outputs, INDArray> dLossDLogits, Mode mode) {
        INDArray input = checkedInput(x);
        twins();
        try {
            INDArray features = backboneTwin.forward(input, mode);
            INDArray logits = headTwin.forward(features, mode);
            INDArray dLogits = dLossDLogits.apply(new Outputs(logits, features));
            checkShape("the gradient returned by dLossDLogits", dLogits, input.size(0), numClasses);
            INDArray dFeatures = headTwin.backward(cast(dLogits));
            return backboneTwin.backward(dFeatures);
        } finally {
            headTwin.clearState();
            backboneTwin.clearState();
        }
    }

    private void twins() {
        if (backboneTwin == null) {
            long nb = backbone.params().length(), nh = head.params().length();
            backboneTwin = backbone.sharingParameters(slice(allParams, 0, nb));
            headTwin = head.sharingParameters(slice(allParams, nb, nb + nh));
            if (projection != null) projectionTwin = projection.sharingParameters(slice(allParams, nb + nh, allParams.length()));
        }
    }

    @Override
    public INDArray params() {
        return allParams;
    }

    /**
     * 1 where {@link #params()} holds a batch-norm running statistic (mean, variance), 0 for trained
     * parameters: EMA teachers and checks treat the two kinds differently.
     */
    public INDArray runningStatisticsMask() {
        INDArray mask = Nd4j.zeros(allParams.dataType(), allParams.shape());
        for (Net net : parts()) {
            for (org.deeplearning4j.nn.api.Layer layer : net.layers()) {
                if (!(layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization)) continue;
                for (java.util.Map.Entry<String, INDArray> e : layer.paramTable().entrySet()) {
                    String name = e.getKey();
                    if (!name.equals("mean") && !name.equals("var") && !name.equals("log10stdev")) continue;
                    long from = e.getValue().offset() - allParams.offset();
                    slice(mask, from, from + e.getValue().length()).assign(1);
                }
            }
        }
        return mask;
    }

    /** The parameter gradient of the last {@link #backward}, laid out like {@link #params()} (a copy; for checks). */
    INDArray lastParameterGradient() {
        return Nd4j.hstack(parts().stream().map(n -> n.flattenedGradients().reshape(1, -1)).toArray(INDArray[]::new));
    }

    /** The networks in the order of {@link #params()}. */
    private java.util.List<Net> parts() {
        return projection == null ? java.util.List.of(backbone, head) : java.util.List.of(backbone, head, projection);
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public int featureSize() {
        return featureSize;
    }

    @Override
    public long[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public void setOptimizer(Optimizer optimizer) {
        if (optimizer == null) throw new IllegalArgumentException("optimizer must not be null");
        for (Net net : parts()) net.setOptimizer(optimizer);
        this.flatUpdate = FlatUpdate.of(allParams, allGradients, parts(), optimizer);
        this.optimizer = optimizer;
    }

    @Override
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The data type of parameters and outputs (FLOAT unless built otherwise, e.g. DOUBLE for gradient checks). */
    public DataType dataType() {
        return allParams.dataType();
    }

    @Override
    public NetworkModel copy() {
        NetworkModel c = new NetworkModel(allParams.dup(), backbone, head, projection, numClasses, featureSize, inputShape,
                description, optimizer);
        c.projectionSize = projectionSize;
        c.perNetworkUpdates = perNetworkUpdates;
        exportOptimizerState();
        copyState(backbone.updaterState(), c.backbone.updaterState());
        copyState(head.updaterState(), c.head.updaterState());
        if (projection != null) copyState(projection.updaterState(), c.projection.updaterState());
        c.importOptimizerState();
        return c;
    }

    /** The optimizer state into the networks' DL4J updaters, whose layout copy, save and load use. */
    private void exportOptimizerState() {
        if (flatUpdate != null && !perNetworkUpdates) flatUpdate.exportState();
    }

    private void importOptimizerState() {
        if (flatUpdate != null && !perNetworkUpdates) flatUpdate.importState();
    }

    /** Tests only: whether {@link #update} runs DL4J's per-network updaters (the reference) instead of one flat update. */
    void perNetworkUpdates(boolean on) {
        exportOptimizerState();
        perNetworkUpdates = on;
        importOptimizerState();
    }

    /** Whether {@link #update} is one update over the flat parameter array (false: DL4J's per-network updaters). */
    boolean flatUpdates() {
        return flatUpdate != null && !perNetworkUpdates;
    }

    private static void copyState(INDArray from, INDArray to) {
        if (from != null && to != null) to.assign(from);
    }

    @Override
    public void save(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
                Properties p = new Properties();
                p.setProperty("format", FORMAT);
                p.setProperty("model", description);
                p.setProperty("optimizer", optimizer.describe());
                p.setProperty("params", Long.toString(allParams.length()));
                exportOptimizerState();
                zip.putNextEntry(new ZipEntry("model.properties"));
                p.store(zip, null);
                zip.closeEntry();
                writeArray(zip, "params.bin", allParams);
                writeArray(zip, "updater-backbone.bin", backbone.updaterState());
                writeArray(zip, "updater-head.bin", head.updaterState());
                if (projection != null) writeArray(zip, "updater-projection.bin", projection.updaterState());
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeArray(ZipOutputStream zip, String name, INDArray array) throws IOException {
        if (array == null) return;
        zip.putNextEntry(new ZipEntry(name));
        Nd4j.write(new NonClosing(zip), array);
        zip.closeEntry();
    }

    @Override
    public void load(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            INDArray params = readArray(zip, "params.bin", file);
            if (params == null) throw new Mismatch(file + " is not a model written by Model.save (no params.bin)");
            if (params.length() != allParams.length())
                throw new Mismatch(file + " holds " + params.length() + " parameters but " + description
                        + " has " + allParams.length() + ": a different architecture");
            INDArray backboneState = readArray(zip, "updater-backbone.bin", file);
            INDArray headState = readArray(zip, "updater-head.bin", file);
            checkState(file, "backbone", backboneState, backbone.updaterState());
            checkState(file, "head", headState, head.updaterState());
            INDArray projectionState = projection == null ? null : readArray(zip, "updater-projection.bin", file);
            if (projection != null) checkState(file, "projection head", projectionState, projection.updaterState());
            allParams.assign(params.reshape(allParams.shape()).castTo(allParams.dataType()));
            copyState(backboneState, backbone.updaterState());
            copyState(headState, head.updaterState());
            if (projection != null) copyState(projectionState, projection.updaterState());
            importOptimizerState();
            gradientPending = false;
        } catch (Mismatch e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot read model file " + file + " (truncated, or not written by Model.save): "
                    + e.getMessage(), e);
        }
    }

    private void checkState(Path file, String part, INDArray saved, INDArray current) throws IOException {
        long s = saved == null ? 0 : saved.length();
        long c = current == null ? 0 : current.length();
        if (saved != null && s != c)
            throw new Mismatch(file + " holds optimizer state of " + s + " values for the " + part + " but the current"
                    + " optimizer (" + optimizer.describe() + ") keeps " + c + ": set the optimizer it was saved with ("
                    + readOptimizerName(file) + ") before load");
    }

    private static String readOptimizerName(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry("model.properties");
            if (e == null) return "unknown";
            Properties p = new Properties();
            try (InputStream in = zip.getInputStream(e)) {
                p.load(new java.io.InputStreamReader(in, StandardCharsets.ISO_8859_1));
            }
            return p.getProperty("optimizer", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static INDArray readArray(ZipFile zip, String name, Path file) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) return null;
        try (InputStream in = zip.getInputStream(e)) {
            return Nd4j.read(in);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return describe() + " [" + allParams.length() + " params, " + optimizer.describe() + "]";
    }

    private INDArray checkedInput(INDArray x) {
        if (x == null) throw new IllegalArgumentException("input must not be null");
        long[] shape = x.shape();
        if (shape.length != inputShape.length + 1
                || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), inputShape))
            throw new IllegalArgumentException("input of shape " + Arrays.toString(shape) + " does not fit " + description
                    + ": expected [batch, " + Arrays.toString(inputShape).replaceAll("[\\[\\]]", "") + "]");
        return cast(x);
    }

    private INDArray cast(INDArray a) {
        return a.dataType() == allParams.dataType() ? a : a.castTo(allParams.dataType());
    }

    private static void checkShape(String what, INDArray a, long rows, long columns) {
        if (a == null || a.rank() != 2 || a.size(0) != rows || a.size(1) != columns)
            throw new IllegalArgumentException(what + " must have shape [" + rows + ", " + columns + "], got "
                    + (a == null ? "null" : Arrays.toString(a.shape())));
    }

    /** A readable file that does not fit this model (its message names the file). */
    private static final class Mismatch extends IOException {
        Mismatch(String message) {
            super(message);
        }
    }

    /** Nd4j.write closes its stream; a zip entry must stay open. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
