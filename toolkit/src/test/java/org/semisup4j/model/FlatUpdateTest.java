package org.semisup4j.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model-wide {@link FlatUpdate} against DL4J's per-network, per-block updater (the reference), in double precision. */
class FlatUpdateTest {
    private static final int STEPS = 6;

    private static Models.Options doubles(long seed, Optimizer optimizer) {
        return Models.options().seed(seed).dataType(DataType.DOUBLE).optimizer(optimizer);
    }

    /** Trains the model and its twin on the DL4J path with the same batches; returns the largest parameter difference. */
    private static double difference(NetworkModel flat, NetworkModel reference, long[] inputShape) {
        assertTrue(flat.flatUpdates(), "the flat update applies to " + flat.describe());
        reference.perNetworkUpdates(true);
        assertFalse(reference.flatUpdates());
        assertTrue(flat.params().sub(reference.params()).amaxNumber().doubleValue() < 1e-12, "same start");
        Nd4j.getRandom().setSeed(11);
        for (int step = 0; step < STEPS; step++) {
            long[] shape = new long[inputShape.length + 1];
            shape[0] = 7;
            System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
            INDArray x = Nd4j.rand(DataType.DOUBLE, shape).subi(0.5);
            INDArray dLogits = Nd4j.rand(DataType.DOUBLE, 7, flat.numClasses()).subi(0.5);
            double lr = 0.05 / (step + 1);
            for (NetworkModel m : new NetworkModel[] {flat, reference}) {
                m.forward(x);
                m.backward(dLogits, null, false);
                m.update(lr, step);
            }
        }
        return flat.params().sub(reference.params()).amaxNumber().doubleValue();
    }

    private static void assertSameTraining(Supplier<NetworkModel> build, long... inputShape) {
        NetworkModel flat = build.get(), reference = build.get();
        INDArray start = flat.params().dup();
        double diff = difference(flat, reference, inputShape);
        assertTrue(diff < 1e-12, flat + ": parameters differ from DL4J's updater by " + diff);
        assertTrue(flat.params().sub(start).amaxNumber().doubleValue() > 1e-4, "the parameters moved");
    }

    @Test
    void adamEqualsDl4jsUpdater() {
        assertSameTraining(() -> Models.mlp(doubles(1, Optimizer.adam(0.01, 0)), 2, 16, 16, 3), 2);
    }

    @Test
    void adamWithDecoupledWeightDecayEqualsDl4jsUpdater() {
        assertSameTraining(() -> Models.mlp(doubles(2, Optimizer.adam(0.01, 0.05)), 2, 16, 16, 3), 2);
    }

    @Test
    void nesterovSgdWithL2EqualsDl4jsUpdater() {
        assertSameTraining(() -> Models.mlp(doubles(3, Optimizer.sgd(0.1, 0.9, true, 5e-3)), 2, 16, 16, 3), 2);
    }

    @Test
    void plainSgdAndHeavyBallEqualDl4jsUpdater() {
        assertSameTraining(() -> Models.mlp(doubles(4, Optimizer.sgd(0.1)), 2, 8, 3), 2);
        assertSameTraining(() -> Models.mlp(doubles(4, Optimizer.sgd(0.1, 0.9, false, 0)), 2, 8, 3), 2);
    }

    /** Batch-norm running statistics are not optimized: they take DL4J's moving-average step (a NoOp update). */
    @Test
    void batchNormRunningStatisticsFollowTheirMovingAverageNotTheOptimizer() {
        Supplier<NetworkModel> cnn = () -> Models.smallCnn(doubles(5, Optimizer.adam(0.01, 1e-3)), 1, 8, 8, 3);
        NetworkModel probe = cnn.get();
        INDArray statistics = probe.runningStatisticsMask();
        assertTrue(statistics.sumNumber().doubleValue() > 0, "the small CNN has batch-norm statistics");
        INDArray before = probe.params().mul(statistics);
        assertSameTraining(cnn, 1, 8, 8);
        NetworkModel flat = cnn.get();
        difference(flat, cnn.get(), new long[] {1, 8, 8});
        assertTrue(flat.params().mul(statistics).sub(before).amaxNumber().doubleValue() > 1e-6,
                "the running statistics moved with the batches");
    }

    /** A residual network is a ComputationGraph backbone: its gradient array is a view of the model's too. */
    @Test
    void graphBackboneEqualsDl4jsUpdater() {
        assertSameTraining(() -> Models.wideResNet(doubles(8, Optimizer.sgd(0.05, 0.9, true, 5e-4)), 10, 1, 1, 8, 8, 3), 1, 8, 8);
    }

    @Test
    void projectionHeadIsPartOfTheUpdate() {
        assertSameTraining(() -> Models.mlp(doubles(6, Optimizer.adam(0.01, 0)), 2, 16, 3).withProjection(4, 9), 2);
    }

    /** The optimizer state survives copy and save/load in DL4J's layout: continuing on either path gives the same model. */
    @Test
    void optimizerStateCarriesOverThroughCopySaveAndLoad(@TempDir Path dir) throws IOException {
        Supplier<NetworkModel> build = () -> Models.mlp(doubles(7, Optimizer.adam(0.01, 0)), 2, 16, 3);
        NetworkModel flat = build.get(), reference = build.get();
        difference(flat, reference, new long[] {2});
        Path file = dir.resolve("m.zip");
        flat.save(file);
        NetworkModel loaded = build.get();
        loaded.load(file);
        NetworkModel copy = flat.copy();
        reference.perNetworkUpdates(true);
        NetworkModel referenceCopy = reference.copy();
        // Both continue from the saved Adam moments; the DL4J twin continues from its own.
        assertTrue(difference(loaded, referenceCopy, new long[] {2}) < 1e-12, "loaded, then trained");
        assertTrue(difference(copy, reference, new long[] {2}) < 1e-12, "copied, then trained");
    }
}
