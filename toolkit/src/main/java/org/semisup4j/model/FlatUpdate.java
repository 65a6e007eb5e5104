package org.semisup4j.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;

import java.util.ArrayList;
import java.util.List;

/**
 * One optimizer step for the whole model: θ ← θ − u(g) over the model's flat parameter and gradient arrays,
 * with the optimizer's own ND4J updater instantiated once over all parameters (Adam: one {@code adam_updater}
 * op, then one subtraction).
 *
 * <p>Why: on the two-moons MLP a step is per-op and per-call overhead (BENCHMARKS.md, engine notes); DL4J's
 * updater runs once per network (backbone, head, projection) and per block of layers, each time with a
 * mini-batch division, hash maps and per-block views. The arithmetic is DL4J's: the same updater class on
 * the same elements, weight regularisation through the layers' own {@link Regularization} objects at the
 * step DL4J applies them, and where DL4J's updater is a {@link NoOp} — batch-norm running statistics, whose
 * gradient slots hold the moving-average step — the raw gradient is subtracted, as there. {@code
 * FlatUpdateTest} checks parameters against DL4J's per-block updater in double precision.
 *
 * <p>The optimizer state is laid out per parameter ([m | v] over all parameters for Adam); {@link #exportState}
 * and {@link #importState} translate it to and from the networks' DL4J updater state, the layout that
 * {@code Model.save} writes.
 */
final class FlatUpdate {
    private final INDArray params;
    private final INDArray gradients;
    private final GradientUpdater<?> updater;
    /** [k · n] for an optimizer keeping k values per parameter (Adam 2, momentum 1), or null (plain SGD). */
    private final INDArray state;
    /** 1 where DL4J's updater passes the gradient through unchanged (NoOp), and its complement; null when none. */
    private final INDArray rawMask, updatedMask;
    private final List<UpdaterBlock.ParamState> regularized = new ArrayList<>();
    /** The optimizer's blocks of each network, with the network's offset in the flat arrays (for the state layout). */
    private final List<NetBlock> blocks = new ArrayList<>();

    private record NetBlock(Net net, long offset, UpdaterBlock block) {}

    private FlatUpdate(INDArray params, INDArray gradients, IUpdater config, INDArray rawMask) {
        this.params = params;
        this.gradients = gradients;
        long stateSize = config.stateSize(params.length());
        this.state = stateSize == 0 ? null : Nd4j.zeros(params.dataType(), 1, stateSize);
        this.updater = config.instantiate(state, true);
        this.rawMask = rawMask;
        this.updatedMask = rawMask == null ? null : rawMask.rsub(1.0);
    }

    /**
     * The model-wide update for networks laid out one after another on {@code params} and {@code gradients}
     * (each network's gradient array a view of {@code gradients}, see {@link Net#gradientsOn}), or null when a
     * network's DL4J updater does something this class does not reproduce (gradient normalisation, an updater
     * other than the optimizer's or a NoOp); then the networks update themselves.
     */
    static FlatUpdate of(INDArray params, INDArray gradients, List<Net> nets, Optimizer optimizer) {
        IUpdater config = optimizer.updater();
        INDArray rawMask = Nd4j.zeros(params.dataType(), params.shape());
        boolean anyRaw = false;
        List<NetBlock> blocks = new ArrayList<>();
        long offset = 0;
        for (Net net : nets) {
            for (Layer layer : net.layers())
                if (layer.conf().getLayer() instanceof BaseLayer conf && conf.getGradientNormalization() != null
                        && conf.getGradientNormalization() != GradientNormalization.None) return null;
            for (UpdaterBlock block : net.updater().getUpdaterBlocks()) {
                IUpdater blockConfig = block.getGradientUpdater().getConfig();
                if (blockConfig instanceof NoOp) {
                    interval(rawMask, offset + block.getParamOffsetStart(), offset + block.getParamOffsetEnd()).assign(1);
                    anyRaw = true;
                } else if (blockConfig.getClass() == config.getClass()) {
                    blocks.add(new NetBlock(net, offset, block));
                } else {
                    return null;
                }
            }
            offset += net.params().length();
        }
        if (offset != params.length())
            throw new IllegalStateException("the networks hold " + offset + " parameters, the flat array " + params.length());
        FlatUpdate flat = new FlatUpdate(params, gradients, config, anyRaw ? rawMask : null);
        flat.blocks.addAll(blocks);
        for (NetBlock b : blocks)
            for (UpdaterBlock.ParamState p : b.block().getLayersAndVariablesInBlock()) {
                List<Regularization> r = p.getLayer().getConfig().getRegularizationByParam(p.getParamName());
                if (r != null && !r.isEmpty()) flat.regularized.add(p);
            }
        return flat;
    }

    /** θ ← θ − u(g) at this step's learning rate; {@code iteration} counts from 0 (Adam's bias correction). */
    void apply(double learningRate, int iteration) {
        updater.getConfig().setLrAndSchedule(learningRate, null);
        regularize(Regularization.ApplyStep.BEFORE_UPDATER, learningRate, iteration);
        INDArray raw = rawMask == null ? null : gradients.mul(rawMask);
        updater.applyUpdater(gradients, iteration, 0);
        if (raw != null) gradients.muli(updatedMask).addi(raw);
        regularize(Regularization.ApplyStep.POST_UPDATER, learningRate, iteration);
        params.subi(gradients);
    }

    private void regularize(Regularization.ApplyStep step, double learningRate, int iteration) {
        for (UpdaterBlock.ParamState p : regularized)
            for (Regularization r : p.getLayer().getConfig().getRegularizationByParam(p.getParamName()))
                if (r.applyStep() == step) r.apply(p.getParamView(), p.getGradView(), learningRate, iteration, 0);
    }

    /** Writes the state into each network's DL4J updater state (blockwise [m | v] for Adam). */
    void exportState() {
        copyState(true);
    }

    /** Reads the state back from the networks' DL4J updater state (after {@code Model.load} filled it). */
    void importState() {
        copyState(false);
    }

    private void copyState(boolean toNetworks) {
        if (state == null) return;
        long n = params.length();
        long perParameter = state.length() / n;
        for (NetBlock b : blocks) {
            long from = b.block().getParamOffsetStart(), length = b.block().getParamOffsetEnd() - from;
            INDArray netState = b.net().updaterState();
            for (long j = 0; j < perParameter; j++) {
                INDArray dl4j = interval(netState, b.block().getUpdaterViewOffsetStart() + j * length,
                        b.block().getUpdaterViewOffsetStart() + (j + 1) * length);
                INDArray flat = interval(state, j * n + b.offset() + from, j * n + b.offset() + from + length);
                if (toNetworks) dl4j.assign(flat);
                else flat.assign(dl4j);
            }
        }
    }

    private static INDArray interval(INDArray row, long from, long to) {
        return row.reshape(1, row.length()).get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(from, to));
    }
}
