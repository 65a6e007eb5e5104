package org.semisup4j.method;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/** Noisy Student's pseudo-label selection: the confidence threshold, then class balancing by duplicating or filtering. */
class PoolLabelsTest {
    /** Pool rows 10..16 with these class-0 probabilities (two classes). */
    private static final int[] ROWS = {10, 11, 12, 13, 14, 15, 16};
    private static final INDArray P = probs(0.95, 0.9, 0.8, 0.55, 0.45, 0.2, 0.05);

    private static INDArray probs(double... p0) {
        double[][] p = new double[p0.length][];
        for (int i = 0; i < p0.length; i++) p[i] = new double[]{p0[i], 1 - p0[i]};
        return Nd4j.createFromArray(p);
    }

    @Test
    void rowsBelowTheThresholdAreDroppedAndTheOthersKeptOnce() {
        PoolLabels pool = PoolLabels.select(ROWS, P, 0.7, false);
        int[] expected = {1, 1, 1, 0, 0, 1, 1}; // confidence 0.95 0.9 0.8 0.55 0.55 0.8 0.95
        for (int i = 0; i < ROWS.length; i++) assertEquals(expected[i], pool.copies(ROWS[i]), "row " + ROWS[i]);
        assertEquals(5, pool.keptRows());
        assertArrayEquals(new int[]{3, 2}, pool.perClass());
        assertEquals(0, pool.label(12));
        assertEquals(1, pool.label(15));
        assertEquals(0.8f, pool.soft(new int[]{12}).getFloat(0, 0), 1e-6);
        assertArrayEquals(new float[]{0, 1}, pool.hard(new int[]{16}).toFloatVector());
        assertEquals(7, PoolLabels.select(ROWS, P, 0, false).keptRows(), "threshold 0 keeps every row");
    }

    @Test
    void balancingDuplicatesTheRareClassAndKeepsTheMostConfidentOfTheCommonOne() {
        // Threshold 0.3 keeps all 7: class 0 has 4 (0.95 0.9 0.8 0.55), class 1 has 3 (0.55 0.8 0.95); K = round(7/2) = 4.
        PoolLabels pool = PoolLabels.select(ROWS, P, 0.3, true);
        assertArrayEquals(new int[]{4, 4}, pool.perClass());
        assertEquals(2, pool.copies(16), "class 1's most confident row is duplicated");
        assertEquals(1, pool.copies(15));
        assertEquals(1, pool.copies(14));
        // Threshold 0.85: class 0 keeps 2, class 1 keeps 1; K = round(3/2) = 2: class 1's row twice, class 0 unchanged.
        PoolLabels strict = PoolLabels.select(ROWS, P, 0.85, true);
        assertArrayEquals(new int[]{2, 2}, strict.perClass());
        assertEquals(2, strict.copies(16));
        // Class 0 with 5 confident rows vs class 1 with 1: K = 3, class 0 keeps its 3 most confident only.
        PoolLabels skewed = PoolLabels.select(new int[]{0, 1, 2, 3, 4, 5}, probs(0.99, 0.97, 0.95, 0.9, 0.85, 0.1), 0.5, true);
        assertArrayEquals(new int[]{3, 3}, skewed.perClass());
        assertArrayEquals(new int[]{1, 1, 1, 0, 0, 3}, java.util.stream.IntStream.range(0, 6).map(skewed::copies).toArray());
    }

    @Test
    void weightsAreCopiesOverTheirPoolMeanSoUniformDrawsSeeTheSelectedSet() {
        PoolLabels pool = PoolLabels.select(new int[]{0, 1, 2, 3, 4, 5}, probs(0.99, 0.97, 0.95, 0.9, 0.85, 0.1), 0.5, true);
        // copies 1 1 1 0 0 3: mean 1, so weights equal copies and average 1 over the pool
        assertArrayEquals(new float[]{1, 1, 1, 0, 0, 3}, pool.weights(new int[]{0, 1, 2, 3, 4, 5}).toFloatVector(), 1e-6f);
        assertEquals(1.0, pool.accuracy(new int[]{0, 0, 0, 0, 0, 1}), 1e-12);
        assertEquals(3.0 / 6, pool.accuracy(new int[]{0, 0, 0, 0, 0, 0}), 1e-12, "the duplicated row counts three times");
    }

    @Test
    void aRowOutsideThePoolAndABadThresholdAreClearErrors() {
        PoolLabels pool = PoolLabels.select(ROWS, P, 0.3, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.weights(new int[]{3}));
        assertTrue(e.getMessage().contains("row 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PoolLabels.select(ROWS, P, 1.5, true));
    }
}
