package org.semisup4j.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.semisup4j.loss.GradientCheck.assertClose;
import static org.semisup4j.loss.GradientCheck.numerical;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** S4L's two pretext terms against central finite differences (double precision). */
class S4lTermsTest {
    private static INDArray random(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, shape);
    }

    @Test
    void rotationHeadCrossEntropyGradientsIntoFeaturesWeightsAndBiasMatchFiniteDifferences() {
        INDArray h = random(1, 6, 5), w = random(2, 5, 4), b = random(3, 1, 4);
        int[] rotations = {0, 1, 2, 3, 1, 2};
        Output features = Output.of(h);
        LinearHeadCrossEntropy.Result r = LinearHeadCrossEntropy.of(features, w, b, rotations);
        double eps = 1e-6;
        assertClose("dℓ/dh", numerical(x -> LinearHeadCrossEntropy.of(Output.of(x), w, b, rotations).loss().value(), h, eps),
                r.loss().gradient(features), 1e-6, 1e-9);
        assertClose("dℓ/dW", numerical(x -> LinearHeadCrossEntropy.of(Output.of(h), x, b, rotations).loss().value(), w, eps),
                r.weightGradient(), 1e-6, 1e-9);
        assertClose("dℓ/db", numerical(x -> LinearHeadCrossEntropy.of(Output.of(h), w, x, rotations).loss().value(), b, eps),
                r.biasGradient(), 1e-6, 1e-9);
        // the value is the cross-entropy of the head's logits h·W + b
        assertEquals(CrossEntropy.of(Output.of(h.mmul(w).addRowVector(b)), rotations).value(), r.loss().value(), 1e-12);
    }

    @Test
    void batchHardTripletGradientMatchesFiniteDifferences() {
        // four images, two copies each, close enough that most hinges are active
        INDArray h = random(4, 8, 5).muli(0.5).addi(1.0);
        int[] groups = {0, 0, 1, 1, 2, 2, 3, 3};
        Output embeddings = Output.of(h);
        Loss loss = BatchHardTriplet.of(embeddings, groups, 0.5);
        assertTrue(loss.value() > 0.1, "active hinges: " + loss.value());
        assertClose("dℓ/dh", numerical(x -> BatchHardTriplet.of(Output.of(x), groups, 0.5).value(), h, 1e-6),
                loss.gradient(embeddings), 1e-5, 1e-8);
    }

    @Test
    void batchHardTripletTakesTheFarthestCopyAndTheNearestOtherImage() {
        // Unit vectors at angles (radians) on a circle: chord length 2 sin(Δ/2).
        double[] angle = {0.0, 0.3, 0.1, 1.0, 2.0};
        int[] groups = {0, 0, 0, 1, 1};
        double[][] rows = new double[angle.length][];
        for (int i = 0; i < angle.length; i++) rows[i] = new double[] {3 * Math.cos(angle[i]), 3 * Math.sin(angle[i])};
        double margin = 1.0;
        double expected = 0;
        for (int a = 0; a < angle.length; a++) {
            double farthestCopy = 0, nearestOther = Double.MAX_VALUE;
            for (int j = 0; j < angle.length; j++) {
                if (j == a) continue;
                double d = 2 * Math.sin(Math.abs(angle[a] - angle[j]) / 2);
                if (groups[j] == groups[a]) farthestCopy = Math.max(farthestCopy, d);
                else nearestOther = Math.min(nearestOther, d);
            }
            expected += Math.max(0, margin + farthestCopy - nearestOther);
        }
        assertEquals(expected / angle.length, BatchHardTriplet.of(Output.of(Nd4j.create(rows)), groups, margin).value(), 1e-9);
        // well-separated groups: every hinge is inactive, no loss and no gradient
        Output apart = Output.of(Nd4j.create(new double[][] {{1, 0}, {1, 0.01}, {-1, 0}, {-1, 0.01}}));
        Loss none = BatchHardTriplet.of(apart, new int[] {0, 0, 1, 1}, 0.5);
        assertEquals(0, none.value());
        assertEquals(0, none.gradient(apart).amaxNumber().doubleValue());
    }
}
