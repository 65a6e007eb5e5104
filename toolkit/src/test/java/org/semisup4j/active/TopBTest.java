package org.semisup4j.active;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The loop labels the b highest-scoring rows of the unlabeled pool, and only those. */
class TopBTest {
    @Test
    void picksTheHighestScoresHighestFirstWithTiesToTheLowerRow() {
        int[] pool = {3, 8, 9, 12, 20};
        double[] scores = {0.1, 0.9, 0.5, 0.9, 0.2};
        assertArrayEquals(new int[]{8, 12, 9}, Acquisition.topB(scores, pool, 3));
        assertArrayEquals(new int[0], Acquisition.topB(scores, pool, 0));
        assertArrayEquals(new int[]{8, 12, 9, 20, 3}, Acquisition.topB(scores, pool, 5));
    }

    @Test
    void onlyPoolRowsCanBeChosen() {
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7};
        int[] labeled = {1, 4, 6};
        int[] pool = Acquisition.without(all, labeled);
        assertArrayEquals(new int[]{0, 2, 3, 5, 7}, pool);
        double[] scores = {0.0, 5.0, 1.0, 9.0, 2.0};
        for (int r : Acquisition.topB(scores, pool, 4)) for (int l : labeled) assertNotEquals(l, r);
    }

    @Test
    void badRequestsAreClearErrors() {
        IllegalArgumentException more = assertThrows(IllegalArgumentException.class, () -> Acquisition.topB(new double[2], new int[]{1, 2}, 3));
        assertTrue(more.getMessage().contains("pool of 2"), more.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Acquisition.topB(new double[3], new int[]{1, 2}, 1));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Acquisition.topB(new double[]{1, Double.NaN}, new int[]{4, 5}, 1));
        assertTrue(nan.getMessage().contains("row 5"), nan.getMessage());
    }
}
