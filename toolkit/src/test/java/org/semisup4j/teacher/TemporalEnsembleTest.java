package org.semisup4j.teacher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class TemporalEnsembleTest {
    private static INDArray rows(double[]... r) {
        return Nd4j.createFromArray(r).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
    }

    @Test
    void accumulatesOncePerEpochWithBiasCorrectionByHand() {
        double a = 0.6;
        TemporalEnsemble e = new TemporalEnsemble(2, a);
        // Epoch 0: example 7 predicted twice; only the latest (0.9, 0.1) counts. No target yet.
        e.record(new int[] {7}, rows(new double[] {0.2, 0.8}));
        e.record(new int[] {7}, rows(new double[] {0.9, 0.1}));
        assertEquals(0.0, e.targets(new int[] {7}).weights().getDouble(0), "no target before the first fold");
        e.advanceTo(0);
        assertEquals(0, e.folds(7), "same epoch: nothing folded");
        e.advanceTo(1);
        // Z = 0.6·0 + 0.4·(0.9, 0.1) = (0.36, 0.04); target = Z / (1 − 0.6) = (0.9, 0.1).
        assertArrayEquals(new float[] {0.36f, 0.04f}, e.raw(7), 1e-6f);
        TemporalEnsemble.Targets t = e.targets(new int[] {7, 3});
        assertEquals(0.9, t.probabilities().getDouble(0, 0), 1e-6);
        assertEquals(1.0, t.weights().getDouble(0));
        assertEquals(0.0, t.weights().getDouble(1), "example 3 never seen");
        assertEquals(0.5, t.coverage(), 1e-12);
        // Epoch 1: (0.5, 0.5). Z = 0.6·(0.36, 0.04) + 0.4·(0.5, 0.5) = (0.416, 0.224); t = 2:
        // target = Z / (1 − 0.36) = (0.65, 0.35).
        e.record(new int[] {7}, rows(new double[] {0.5, 0.5}));
        assertEquals(0.9, e.targets(new int[] {7}).probabilities().getDouble(0, 0), 1e-6, "targets fixed within an epoch");
        e.advanceTo(2);
        assertArrayEquals(new float[] {0.416f, 0.224f}, e.raw(7), 1e-6f);
        assertEquals(0.65, e.targets(new int[] {7}).probabilities().getDouble(0, 0), 1e-6);
        assertEquals(0.35, e.targets(new int[] {7}).probabilities().getDouble(0, 1), 1e-6);
        assertEquals(2, e.folds(7));
    }

    @Test
    void anExampleMissingAnEpochKeepsItsOwnCount() {
        TemporalEnsemble e = new TemporalEnsemble(2, 0.5);
        e.record(new int[] {0, 1}, rows(new double[] {1, 0}, new double[] {0, 1}));
        e.advanceTo(1);
        e.record(new int[] {0}, rows(new double[] {1, 0}));
        e.advanceTo(3); // example 1 not seen in epoch 1, epoch 2 empty
        assertEquals(2, e.folds(0));
        assertEquals(1, e.folds(1));
        // A constant prediction is reproduced exactly by the bias-corrected target, whatever the count.
        assertEquals(1.0, e.targets(new int[] {0}).probabilities().getDouble(0, 0), 1e-6);
        assertEquals(1.0, e.targets(new int[] {1}).probabilities().getDouble(0, 1), 1e-6);
    }

    @Test
    void badInputIsRejected() {
        TemporalEnsemble e = new TemporalEnsemble(3, 0.6);
        assertThrows(IllegalArgumentException.class, () -> e.record(new int[] {0, 1}, rows(new double[] {1, 0, 0})));
        assertThrows(IllegalArgumentException.class, () -> e.record(new int[] {-1}, rows(new double[] {1, 0, 0})));
        e.advanceTo(2);
        assertThrows(IllegalArgumentException.class, () -> e.advanceTo(1));
        assertThrows(IllegalArgumentException.class, () -> new TemporalEnsemble(3, 1.0));
    }

    @Test
    void savedAndLoadedEnsembleGivesTheSameTargetsAndFoldsTheSamePendingPredictions(@TempDir Path dir) throws Exception {
        TemporalEnsemble e = new TemporalEnsemble(3, 0.6);
        e.record(new int[] {0, 4}, Nd4j.createFromArray(new float[][] {{0.2f, 0.3f, 0.5f}, {1f, 0f, 0f}}));
        e.advanceTo(1);
        e.record(new int[] {4}, Nd4j.createFromArray(new float[][] {{0f, 1f, 0f}})); // pending at save time
        Path file = dir.resolve("te.bin");
        e.save(file);
        TemporalEnsemble back = TemporalEnsemble.load(file, 0.6);
        int[] rows = {0, 1, 4};
        assertEquals(e.targets(rows).probabilities(), back.targets(rows).probabilities());
        assertEquals(e.targets(rows).weights(), back.targets(rows).weights());
        assertEquals(1, back.epoch());
        e.advanceTo(2);
        back.advanceTo(2);
        assertArrayEquals(e.raw(4), back.raw(4), "the pending prediction was saved and folds the same way");
        assertEquals(2, back.folds(4));
    }

    @Test
    void loadingNamesTheFileAndFieldThatDoNotMatch(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("te.bin");
        new TemporalEnsemble(2, 0.6).save(file);
        IOException alpha = assertThrows(IOException.class, () -> TemporalEnsemble.load(file, 0.5));
        assertTrue(alpha.getMessage().contains("te.bin") && alpha.getMessage().contains("'alpha'"), alpha.getMessage());
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        IOException magic = assertThrows(IOException.class, () -> TemporalEnsemble.load(file, 0.6));
        assertTrue(magic.getMessage().contains("not a temporal-ensemble file"), magic.getMessage());
    }
}
