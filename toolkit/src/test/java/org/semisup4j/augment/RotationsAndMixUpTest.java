package org.semisup4j.augment;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RotationsAndMixUpTest {

    @Test
    void fourQuarterTurnsReturnTheOriginal() {
        INDArray x = AugmentationsTest.images(3, 3, 7, 1);
        INDArray y = x;
        for (int k = 0; k < 4; k++) {
            y = Rotations.rotate(y, 1);
            if (k < 3) {
                assertNotEquals(x, y);
            }
        }
        assertEquals(x, y);
        assertEquals(Rotations.rotate(x, 2), Rotations.rotate(Rotations.rotate(x, 1), 1));
        assertEquals(Rotations.rotate(x, 3), Rotations.rotate(x, -1));
    }

    @Test
    void allFourStacksRotationsWithTheirLabels() {
        INDArray x = AugmentationsTest.images(5, 1, 6, 2);
        Rotations.RotatedBatch r = Rotations.allFour(x);
        assertArrayEquals(new long[]{20, 1, 6, 6}, r.images().shape());
        for (int k = 0; k < 4; k++) {
            INDArray block = r.images().get(NDArrayIndex.interval(k * 5, (k + 1) * 5));
            assertEquals(Rotations.rotate(x, k), block.dup(), "block " + k);
            for (int i = 0; i < 5; i++) {
                assertEquals(k, r.labels()[k * 5 + i]);
            }
        }
        INDArray hot = r.oneHotLabels();
        assertArrayEquals(new long[]{20, 4}, hot.shape());
        assertEquals(1f, hot.getFloat(7, 1));
        assertEquals(20.0, hot.sumNumber().doubleValue());
    }

    @Test
    void randomRotationsMatchTheirLabels() {
        INDArray x = AugmentationsTest.images(40, 3, 4, 3);
        Rotations.RotatedBatch r = Rotations.random(x, new Random(4));
        int[] counts = new int[4];
        for (int i = 0; i < 40; i++) {
            int k = r.labels()[i];
            counts[k]++;
            INDArray one = x.get(NDArrayIndex.interval(i, i + 1));
            assertEquals(Rotations.rotate(one, k), r.images().get(NDArrayIndex.interval(i, i + 1)).dup());
        }
        for (int c : counts) {
            assertTrue(c > 0, Arrays.toString(counts));
        }
    }

    @Test
    void rotationsRefuseVectorsAndNonSquareImages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Rotations.allFour(Nd4j.zeros(DataType.FLOAT, 4, 10)));
        assertTrue(e.getMessage().contains("vectors"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Rotations.rotate(Nd4j.zeros(DataType.FLOAT, 2, 1, 4, 5), 1));
    }

    @Test
    void mixUpArithmeticOnInputsAndTargets() {
        INDArray x = Nd4j.create(new float[]{1, 2, 3, 4, 5, 6}, new long[]{3, 2}, 'c');
        INDArray t = Nd4j.create(new float[]{1, 0, 0, 1, 0.5f, 0.5f}, new long[]{3, 2}, 'c');
        MixUp.Result r = MixUp.mix(x, t, new float[]{0.75f, 0.75f, 0.75f}, new int[]{2, 0, 1});
        // x̃_0 = 0.75·x_0 + 0.25·x_2
        assertArrayEquals(new float[]{0.75f * 1 + 0.25f * 5, 0.75f * 2 + 0.25f * 6}, r.x().getRow(0).toFloatVector(), 1e-6f);
        assertArrayEquals(new float[]{0.75f * 3 + 0.25f * 1, 0.75f * 4 + 0.25f * 2}, r.x().getRow(1).toFloatVector(), 1e-6f);
        assertArrayEquals(new float[]{0.75f + 0.125f, 0.125f}, r.targets().getRow(0).toFloatVector(), 1e-6f);
        assertEquals(0.75f, r.lambda());
    }

    @Test
    void randomMixUpOnImagesFollowsItsOwnLambdaAndPermutation() {
        INDArray x = AugmentationsTest.images(16, 1, 5, 5);
        INDArray t = Nd4j.zeros(DataType.FLOAT, 16, 4);
        for (int i = 0; i < 16; i++) {
            t.putScalar(i, i % 4, 1f);
        }
        INDArray before = x.dup();
        MixUp mixUp = MixUp.mixMatch(0.75);
        for (int seed = 0; seed < 20; seed++) {
            MixUp.Result r = mixUp.mix(x, t, new SplittableRandom(seed));
            assertTrue(r.lambda() >= 0.5f && r.lambda() <= 1f, "λ' = " + r.lambda());
            int[] sorted = r.permutation().clone();
            Arrays.sort(sorted);
            for (int i = 0; i < 16; i++) {
                assertEquals(i, sorted[i], "a permutation");
            }
            int i = seed % 16;
            int j = r.permutation()[i];
            INDArray expected = x.slice(i).mul(r.lambda()).add(x.slice(j).mul(1 - r.lambda()));
            assertTrue(expected.equalsWithEps(r.x().slice(i), 1e-5), "x̃_i = λx_i + (1−λ)x_j");
            assertEquals(1.0, r.targets().getRow(i).sumNumber().doubleValue(), 1e-5);
            assertEquals(r.lambda() + (i % 4 == j % 4 ? 1 - r.lambda() : 0), r.targets().getFloat(i, i % 4), 1e-5);
        }
        assertEquals(before, x);
        MixUp.Result each = new MixUp(0.5).perExample(true).mix(x, null, new SplittableRandom(1));
        assertEquals(null, each.targets());
        assertNotEquals(each.lambdas()[0], each.lambdas()[1]);
    }

    @Test
    void betaSamplerHasTheRightMoments() {
        SplittableRandom rng = new SplittableRandom(1);
        for (double[] ab : new double[][]{{0.75, 0.75}, {2, 5}, {0.2, 0.2}}) {
            double a = ab[0];
            double b = ab[1];
            int n = 40_000;
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                double v = BetaSampler.beta(a, b, rng);
                assertTrue(v >= 0 && v <= 1);
                sum += v;
                sq += v * v;
            }
            double mean = sum / n;
            double var = sq / n - mean * mean;
            assertEquals(a / (a + b), mean, 0.01, "mean of Beta(" + a + "," + b + ")");
            assertEquals(a * b / ((a + b) * (a + b) * (a + b + 1)), var, 0.01, "variance of Beta(" + a + "," + b + ")");
        }
    }

    @Test
    void mixUpRejectsMismatchedInputs() {
        INDArray x = Nd4j.zeros(DataType.FLOAT, 4, 3);
        assertThrows(IllegalArgumentException.class, () -> MixUp.mix(x, null, new float[3], new int[4]));
        assertThrows(IllegalArgumentException.class, () -> MixUp.mix(x, Nd4j.zeros(DataType.FLOAT, 3, 2), new float[4], new int[4]));
        assertThrows(IllegalArgumentException.class, () -> new MixUp(0));
    }
}
