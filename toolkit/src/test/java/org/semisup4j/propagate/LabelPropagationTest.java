package org.semisup4j.propagate;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class LabelPropagationTest {
    /** Two Gaussian blobs (σ = 1) centred at (−6, 0) and (6, 0): rows 0..n−1 class 0, n..2n−1 class 1. */
    private static INDArray twoClusters(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        INDArray x = Nd4j.create(DataType.FLOAT, 2L * n, 2);
        for (int i = 0; i < 2 * n; i++) {
            x.putScalar(i, 0, (i < n ? -6 : 6) + r.nextGaussian());
            x.putScalar(i, 1, r.nextGaussian());
        }
        return x;
    }

    private static int[] truth(int n) {
        int[] t = new int[2 * n];
        Arrays.fill(t, n, 2 * n, 1);
        return t;
    }

    private static int[] unlabeled(int n) {
        int[] l = new int[2 * n];
        Arrays.fill(l, -1);
        return l;
    }

    @Test
    void propagationAndSpreadingRecoverTwoClustersFromOneLabelEach() {
        int n = 60;
        INDArray x = twoClusters(n, 1);
        int[] labels = unlabeled(n);
        labels[7] = 0;
        labels[n + 3] = 1;
        for (LabelPropagation lp : new LabelPropagation[]{LabelPropagation.propagation(), LabelPropagation.spreading(0.99)}) {
            LabelPropagation.Result r = lp.neighbours(8).fit(x, labels, 2);
            assertEquals(1.0, r.accuracy(truth(n)), lp + ": " + Arrays.toString(r.predicted()));
            assertEquals(2 * n, r.probabilities().size(0));
            for (int i = 0; i < 2 * n; i++)
                assertEquals(1.0, r.probabilities().getRow(i).sumNumber().doubleValue(), 1e-5, "row " + i + " sums to 1");
        }
    }

    @Test
    void swappingTheTwoGivenLabelsSwapsEveryAnswer() {
        // guards against an answer that ignores the labels (e.g. always "class of the left cluster")
        int n = 40;
        INDArray x = twoClusters(n, 2);
        int[] labels = unlabeled(n);
        labels[0] = 1;
        labels[n] = 0;
        LabelPropagation.Result r = LabelPropagation.propagation().neighbours(6).fit(x, labels, 2);
        assertEquals(0.0, r.accuracy(truth(n)));
    }

    @Test
    void spreadingOverrulesAWrongLabelThatPropagationKeeps() {
        int n = 50;
        INDArray x = twoClusters(n, 3);
        int[] labels = unlabeled(n);
        for (int i = 0; i < 10; i++) {
            labels[i] = 0;
            labels[n + i] = 1;
        }
        labels[4] = 1; // a noisy label inside cluster 0
        LabelPropagation.Result spread = LabelPropagation.spreading(0.99).neighbours(8).fit(x, labels, 2);
        LabelPropagation.Result clamped = LabelPropagation.propagation().neighbours(8).fit(x, labels, 2);
        assertEquals(0, spread.predicted()[4], "spreading corrects the noisy label");
        assertEquals(1, clamped.predicted()[4], "propagation clamps given labels");
        assertTrue(spread.converged() && clamped.converged());
    }

    @Test
    void aComponentWithoutLabelsGetsUniformSoftLabels() {
        int n = 20;
        INDArray x = twoClusters(n, 4);
        int[] labels = unlabeled(n);
        labels[0] = 0;
        LabelPropagation.Result r = LabelPropagation.propagation().neighbours(5).fit(x, labels, 2);
        assertEquals(0.5, r.probabilities().getDouble(n + 1, 0), 1e-6, "the right cluster never hears of a label");
        assertEquals(1.0, r.probabilities().getDouble(1, 0), 1e-6);
        assertEquals(-1, r.predicted()[n + 1], "no label reached it: no class is predicted (not class 0)");
        assertEquals(0, r.predicted()[1]);
        assertEquals(0.5, r.coverage(), 1e-12, "half the points were reached by a label");
        // Every point is truly class 0: the unreached half are not counted as right guesses of class 0.
        assertEquals(0.5, r.accuracy(new int[2 * n]), 1e-12);
    }

    @Test
    void cosineAffinityPicksNeighboursByAngleNotDistance() {
        // Point 0 is (1, 0). Point 1 (1.5, 1.5) is closer in Euclidean distance (≈1.58) but 45° away;
        // point 2 (10, 0.5) is far (≈9.0) but nearly parallel (cos ≈ 0.999).
        INDArray x = Nd4j.create(new float[][]{{1, 0}, {1.5f, 1.5f}, {10, 0.5f}, {-3, 4}});
        KnnGraph g = KnnGraph.build(x, 1, KnnGraph.Affinity.COSINE);
        assertEquals(2, g.neighbours(0)[0], "the most similar direction is point 2");
        double cos02 = 10 / Math.sqrt(100.25);
        assertEquals(cos02, g.weights(0)[0], 1e-6, "the weight is the cosine");
    }

    @Test
    void knnGraphIsSymmetricExcludesSelfAndHasAtLeastKNeighbours() {
        INDArray x = twoClusters(15, 5);
        for (KnnGraph.Affinity a : KnnGraph.Affinity.values()) {
            KnnGraph g = KnnGraph.build(x, 4, a);
            for (int i = 0; i < g.size(); i++) {
                int[] nb = g.neighbours(i);
                assertTrue(nb.length >= 4, "point " + i + " has " + nb.length + " neighbours");
                for (int e = 0; e < nb.length; e++) {
                    assertNotEquals(i, nb[e], "self loop at " + i);
                    int back = Arrays.binarySearch(g.neighbours(nb[e]), i);
                    assertTrue(back >= 0, "edge " + i + "-" + nb[e] + " has no reverse");
                    assertEquals(g.weights(i)[e], g.weights(nb[e])[back], 1e-12);
                }
            }
        }
        // the nearest neighbour of a point is the nearest by Euclidean distance
        INDArray line = Nd4j.create(new float[][]{{0, 0}, {1, 0}, {3, 0}, {7, 0}});
        KnnGraph g = KnnGraph.build(line, 1, KnnGraph.Affinity.GAUSSIAN);
        assertArrayEquals(new int[]{1}, g.neighbours(0));
        assertArrayEquals(new int[]{0, 2}, g.neighbours(1), "1's nearest is 0; 2 links to 1 from its side");
        assertArrayEquals(new int[]{2}, g.neighbours(3));
    }

    @Test
    void badInputsAreNamed() {
        INDArray x = twoClusters(5, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KnnGraph.build(x, 10, KnnGraph.Affinity.GAUSSIAN));
        assertTrue(e.getMessage().contains("k = 10"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LabelPropagation.propagation().neighbours(3).fit(x, new int[3], 2));
        assertTrue(e.getMessage().contains("3 labels for 10"), e.getMessage());
        int[] bad = unlabeled(5);
        bad[2] = 5;
        e = assertThrows(IllegalArgumentException.class, () -> LabelPropagation.propagation().neighbours(3).fit(x, bad, 2));
        assertTrue(e.getMessage().contains("label 5 at row 2"), e.getMessage());
    }
    @Test
    void aFeatureBankKeepsTheLatestRowsFirstInFirstOut() {
        FeatureBank bank = new FeatureBank(3);
        bank.add(Nd4j.create(new float[][]{{1, 0}, {2, 0}}), Nd4j.create(new float[][]{{1, 0}, {2, 0}}), new int[]{0, -1});
        bank.add(Nd4j.create(new float[][]{{3, 0}, {4, 0}}), Nd4j.create(new float[][]{{3, 0}, {4, 0}}), new int[]{1, -1});
        assertEquals(3, bank.size());
        double[] kept = bank.features().getColumn(0).toDoubleVector();
        Arrays.sort(kept);
        assertArrayEquals(new double[]{2, 3, 4}, kept, "the oldest row (1) made room");
        int[] labels = bank.labels();
        Arrays.sort(labels);
        assertArrayEquals(new int[]{-1, -1, 1}, labels);
        assertThrows(IllegalArgumentException.class, () -> bank.add(Nd4j.create(new float[][]{{1, 2, 3}}), Nd4j.create(new float[][]{{1, 0}}), new int[]{0}));
    }

    @Test
    void propagationAsATrainingTermPullsBatchRowsTowardTheirClustersLabel() {
        int n = 20;
        INDArray x = twoClusters(n, 7);
        FeatureBank bank = new FeatureBank(100);
        int[] labels = unlabeled(n);
        labels[0] = 0;
        labels[n] = 1;
        bank.add(x, Nd4j.zeros(DataType.FLOAT, 2 * n, 2), labels);
        // A batch: one new point in each cluster, with logits that get the classes wrong.
        INDArray batch = Nd4j.create(new float[][]{{-6.2f, 0.1f}, {5.9f, -0.3f}});
        INDArray z = Nd4j.create(new double[][]{{-1, 1}, {1, -1}});
        org.semisup4j.loss.Output out = org.semisup4j.loss.Output.of(z);
        org.semisup4j.loss.Loss loss = LabelPropagation.propagation().neighbours(5).term(out, batch, bank);
        INDArray g = loss.gradient(out);
        assertTrue(g.getDouble(0, 0) < 0 && g.getDouble(1, 1) < 0, "descending the term raises each row's cluster class: " + g);
        INDArray numeric = org.semisup4j.loss.GradientCheck.numerical(
                zz -> LabelPropagation.propagation().neighbours(5).term(org.semisup4j.loss.Output.of(zz), batch, bank).value(), z, 1e-6);
        org.semisup4j.loss.GradientCheck.assertClose("d(propagation term)/dz", numeric, g, 1e-5, 1e-8);

        // A batch row that no label reaches (the bank's labeled rows are all in the other cluster) adds nothing.
        FeatureBank leftOnly = new FeatureBank(100);
        int[] left = unlabeled(n);
        left[0] = 0;
        leftOnly.add(x, Nd4j.zeros(DataType.FLOAT, 2 * n, 2), left);
        org.semisup4j.loss.Loss partial = LabelPropagation.propagation().neighbours(5).term(out, batch, leftOnly);
        assertEquals(0, partial.gradient(out).getRow(1).amaxNumber().doubleValue(), 0, "the unreached row gets no pull");
    }
}
