package org.semisup4j.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.HashMap;

/**
 * One DL4J network (a stack or a graph) driven layer by layer, so that each pass can choose per layer
 * whether it trains (dropout and batch normalisation can differ in {@link Model.Mode#STOCHASTIC}) and
 * so that the gradient with respect to the input comes out of the same backward pass as the parameter
 * gradients.
 *
 * <p>Running batch-norm statistics in DL4J M2.1 change only when the updater applies the gradient
 * (the layer's backward pass writes the moving-average step into the "mean"/"var" gradient slots), so
 * a forward or backward pass alone never moves them.
 */
abstract class Net {
    /** Arrays live outside workspaces: activations are handed to callers and kept until backward. */
    protected final LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces(new HashMap<>());
    private Gradient pendingGradient;

    /** Forward pass; layer inputs, dropout masks and batch-norm caches are kept for {@link #backward}. */
    abstract INDArray forward(INDArray x, Model.Mode mode);

    /** Backward pass of the last forward; keeps the parameter gradient for {@link #update}; returns dLoss/dinput. */
    final INDArray backward(INDArray epsilon) {
        return backward(epsilon, true);
    }

    /**
     * As {@link #backward(INDArray)}; without {@code wantInputGradient} a network may skip dLoss/dinput (one
     * gemm on a dense first layer) and return null.
     */
    final INDArray backward(INDArray epsilon, boolean wantInputGradient) {
        GradientAndEpsilon r = backpropagate(epsilon, wantInputGradient);
        pendingGradient = r.gradient();
        return r.inputEpsilon();
    }

    record GradientAndEpsilon(Gradient gradient, INDArray inputEpsilon) {}

    /** @param wantInputGradient false: inputEpsilon may be null (only {@link StackNet} skips it, on a dense first layer) */
    abstract GradientAndEpsilon backpropagate(INDArray epsilon, boolean wantInputGradient);

    /** Drops layer inputs, dropout masks and caches of the last pass (they can be large). */
    abstract void clearState();

    abstract Iterable<Layer> layers();

    /** Live flat parameter vector (batch-norm running statistics included). */
    abstract INDArray params();

    abstract INDArray flattenedGradients();

    /**
     * Makes {@code view} (a [1, numParams] slice of the model's gradient array) this network's flat gradient
     * array, so that one update can run over the whole model. Call before the updater is built.
     */
    abstract void gradientsOn(INDArray view);

    abstract BaseMultiLayerUpdater<?> updater();

    /** Drops the updater so the next {@link #updater()} builds it from the layer configurations. */
    abstract void resetUpdater();

    abstract DataType dataType();

    /** A second network on the same parameter array with its own pass state and gradient buffer. */
    abstract Net sharingParameters(INDArray sameParams);

    /** A network of the same architecture on the given (already filled) parameter array. */
    abstract Net onParameters(INDArray params);

    boolean hasPendingGradient() {
        return pendingGradient != null;
    }

    /** Puts the optimizer into every layer configuration; the updater (and its state) is rebuilt. */
    void setOptimizer(Optimizer optimizer) {
        for (Layer layer : layers()) {
            if (layer.conf().getLayer() instanceof BaseLayer conf) {
                conf.setIUpdater(optimizer.updater());
                conf.setBiasUpdater(null);
                conf.setRegularization(new ArrayList<>(optimizer.weightRegularization()));
                conf.setRegularizationBias(new ArrayList<>());
            }
        }
        resetUpdater();
    }

    /** Applies the pending gradient at the given learning rate: params −= updater(gradient). */
    void update(double learningRate, int iteration) {
        if (pendingGradient == null)
            throw new IllegalStateException("update() needs a backward() first (or was already applied)");
        // The updater reads the rate from the layer configurations it was built from: set it in place
        // rather than rebuilding the updater every step.
        for (Layer layer : layers()) {
            if (layer.conf().getLayer() instanceof BaseLayer conf && conf.getIUpdater() != null
                    && conf.getIUpdater().hasLearningRate())
                conf.getIUpdater().setLrAndSchedule(learningRate, null);
        }
        // Mini-batch size 1: the gradient given to backward is already that of the caller's (mean) loss.
        updater().update(pendingGradient, iteration, 0, 1, workspaces);
        INDArray params = params();
        params.subi(flattenedGradients().reshape(params.shape()));
        pendingGradient = null;
    }

    /** The pending gradient was applied by the caller (a model-wide {@link FlatUpdate}). */
    void gradientApplied() {
        if (pendingGradient == null)
            throw new IllegalStateException("update() needs a backward() first (or was already applied)");
        pendingGradient = null;
    }

    /** Whether a layer runs in training form in this mode (STOCHASTIC: dropout yes, batch norm no). */
    static boolean training(Layer layer, Model.Mode mode) {
        return switch (mode) {
            case TRAIN -> true;
            case EVAL -> false;
            case STOCHASTIC -> !(layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization);
        };
    }

    /** Batch norm that ran in inference form must be backpropagated as the affine map it was. */
    static boolean inferenceBatchNorm(Layer layer, Model.Mode mode) {
        return layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization && !training(layer, mode);
    }

    /** The updater state (null when the optimizer keeps none). */
    INDArray updaterState() {
        return updater().getStateViewArray();
    }
}
