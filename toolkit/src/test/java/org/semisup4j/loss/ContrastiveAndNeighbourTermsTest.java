package org.semisup4j.loss;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;
import static org.semisup4j.loss.GradientCheck.assertClose;
import static org.semisup4j.loss.GradientCheck.numerical;

/**
 * The terms of the neighbour and contrastive family (InfoNce, InterpolationContrast, NeighbourConsistency)
 * against central finite differences in DOUBLE and against the same formula written with SameDiff.
 */
class ContrastiveAndNeighbourTermsTest {
    private static final double EPS = 1e-6;
    private static final int N = 4, F = 3, D = 2, C = 3;
    private static final float[] LAMBDAS = {0.7f, 0.55f, 0.9f, 0.6f};
    private static final int[] PARTNERS = {3, 0, 1, 2};

    private static INDArray random(long seed, int rows, int cols) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, rows, cols);
    }

    /** x̂ = x / ‖x‖ per row in SameDiff. */
    private static SDVariable unit(SDVariable x) {
        return x.div(x.norm2(true, 1));
    }

    /** −mean_i log softmax(â p̂ᵀ / τ)_ii in SameDiff. */
    private static SDVariable infoNce(SDVariable a, SDVariable p, SDVariable identity, double tau) {
        SDVariable s = a.getSameDiff().mmul(unit(a), unit(p), false, true, false).div(tau);
        return s.getSameDiff().nn.logSoftmax(s).mul(identity).sum().neg().div(N);
    }

    @Test
    void infoNceGradientsToAnchorsAndPositives() {
        double tau = 0.5;
        INDArray a = random(1, N, D), p = random(2, N, D);
        Output ao = Output.of(a), po = Output.of(p);
        Loss loss = InfoNce.of(ao, po, tau);
        assertClose("InfoNce d/danchors", numerical(x -> InfoNce.of(Output.of(x), Output.of(p), tau).value(), a, EPS),
                loss.gradient(ao), 1e-6, 1e-8);
        assertClose("InfoNce d/dpositives", numerical(x -> InfoNce.of(Output.of(a), Output.of(x), tau).value(), p, EPS),
                loss.gradient(po), 1e-6, 1e-8);

        Autodiff auto = Autodiff.define("info-nce", (sd, in) -> infoNce(in[0], in[1], in[2], tau));
        Output a2 = Output.of(a), p2 = Output.of(p);
        Loss autoLoss = auto.apply(a2, p2, Nd4j.eye(N).castTo(DataType.DOUBLE));
        assertEquals(autoLoss.value(), loss.value(), 1e-9, "InfoNce value vs automatic form");
        assertClose("InfoNce anchors vs automatic", autoLoss.gradient(a2), loss.gradient(ao), 1e-6, 1e-9);
        assertClose("InfoNce positives vs automatic", autoLoss.gradient(p2), loss.gradient(po), 1e-6, 1e-9);
    }

    @Test
    void infoNceIsSmallWhenEachAnchorPointsAtItsOwnPositive() {
        INDArray same = Nd4j.eye(N).castTo(DataType.DOUBLE).muli(3);
        double aligned = InfoNce.of(Output.of(same), Output.of(same.dup()), 0.1).value();
        double shuffled = InfoNce.of(Output.of(same), Output.of(same.getRows(PARTNERS)), 0.1).value();
        assertTrue(aligned < 1e-3, "aligned pairs: " + aligned);
        assertTrue(shuffled > 5, "mismatched pairs: " + shuffled);
    }

    private static InterpolationContrast.Result contrast(INDArray mixed, INDArray h, INDArray w, double tau) {
        return InterpolationContrast.of(Output.of(mixed), Output.of(h), LAMBDAS, PARTNERS, w, tau);
    }

    @Test
    void interpolationContrastGradientsToBothFeatureBlocksAndTheProjection() {
        double tau = 0.3;
        INDArray mixed = random(3, N, F), h = random(4, N, F), w = random(5, F, D);
        Output mo = Output.of(mixed), ho = Output.of(h);
        InterpolationContrast.Result r = InterpolationContrast.of(mo, ho, LAMBDAS, PARTNERS, w, tau);
        assertClose("d/dmixed features", numerical(x -> contrast(x, h, w, tau).loss().value(), mixed, EPS),
                r.loss().gradient(mo), 1e-6, 1e-8);
        assertClose("d/dfeatures", numerical(x -> contrast(mixed, x, w, tau).loss().value(), h, EPS),
                r.loss().gradient(ho), 1e-6, 1e-8);
        assertClose("d/dprojection", numerical(x -> contrast(mixed, h, x, tau).loss().value(), w, EPS),
                r.projectionGradient(), 1e-6, 1e-8);

        // automatic form: m = diag(λ) h + diag(1 − λ) P h with P the partner permutation matrix
        INDArray lambda = Nd4j.create(DataType.DOUBLE, N, 1), perm = Nd4j.zeros(DataType.DOUBLE, N, N);
        for (int i = 0; i < N; i++) {
            lambda.putScalar(i, 0, LAMBDAS[i]);
            perm.putScalar(i, PARTNERS[i], 1);
        }
        Autodiff auto = Autodiff.define("interpolation-contrast", (sd, in) -> {
            SDVariable m = in[1].mul(in[3]).add(in[4].mmul(in[1]).mul(in[3].rsub(1.0)));
            return infoNce(in[0].mmul(in[2]), m.mmul(in[2]), in[5], tau);
        });
        Output m2 = Output.of(mixed), h2 = Output.of(h), w2 = Output.of(w);
        Loss autoLoss = auto.apply(m2, h2, w2, lambda, perm, Nd4j.eye(N).castTo(DataType.DOUBLE));
        assertEquals(autoLoss.value(), r.loss().value(), 1e-9, "value vs automatic form");
        assertClose("mixed vs automatic", autoLoss.gradient(m2), r.loss().gradient(mo), 1e-6, 1e-9);
        assertClose("features vs automatic", autoLoss.gradient(h2), r.loss().gradient(ho), 1e-6, 1e-9);
        assertClose("projection vs automatic", autoLoss.gradient(w2), r.projectionGradient(), 1e-6, 1e-9);
    }

    @Test
    void interpolationContrastWithoutProjection() {
        double tau = 0.5;
        INDArray mixed = random(6, N, F), h = random(7, N, F);
        Output mo = Output.of(mixed), ho = Output.of(h);
        InterpolationContrast.Result r = InterpolationContrast.of(mo, ho, LAMBDAS, PARTNERS, null, tau);
        assertNull(r.projectionGradient());
        assertClose("d/dfeatures, no projection", numerical(x -> contrast(mixed, x, null, tau).loss().value(), h, EPS),
                r.loss().gradient(ho), 1e-6, 1e-8);
        // the positive is the interpolation of the embeddings: row 0 = 0.7 h_0 + 0.3 h_3
        INDArray expected = h.getRow(0).mul(0.7).add(h.getRow(3).mul(0.3));
        assertClose("positive row 0", expected, r.positives().getRow(0), 1e-6, 1e-7);
    }

    @Test
    void interpolatedEmbeddingThatMatchesTheInterpolationScoresLowerThanOneThatDoesNot() {
        INDArray h = random(8, N, F).muli(3);
        INDArray lambda = Nd4j.create(new double[]{0.7, 0.55, 0.9, 0.6}, new long[]{N, 1}, DataType.DOUBLE);
        INDArray linear = h.mulColumnVector(lambda).addi(h.getRows(PARTNERS).mulColumnVector(lambda.rsub(1)));
        double matching = contrast(linear, h, null, 0.1).loss().value();
        double unrelated = contrast(random(9, N, F), h, null, 0.1).loss().value();
        assertTrue(matching < unrelated, "matching " + matching + " vs unrelated " + unrelated);
    }

    // ---- neighbour consistency ----

    @Test
    void neighbourTargetIsTheHandComputedSimilarityWeightedAverage() {
        // features: (1,0), (1,1), (1,3), (0,1); logits of 3 classes
        INDArray f = Nd4j.create(new double[][]{{1, 0}, {1, 1}, {1, 3}, {0, 1}});
        INDArray z = Nd4j.create(new double[][]{{2, 0, 0}, {0, 1, 0}, {0, 0, 3}, {1, 1, 0}});
        double t = 2, gamma = 2;
        INDArray q = NeighbourConsistency.target(f, z, 2, gamma, t);
        INDArray p = Probabilities.softmax(z, t);
        // row 0: cos to rows 1, 2, 3 = 1/√2, 1/√10, 0 → its 2 neighbours are rows 1 and 2, weights cos^γ
        double s01 = Math.pow(1 / Math.sqrt(2), gamma), s02 = Math.pow(1 / Math.sqrt(10), gamma);
        INDArray q0 = p.getRow(1).mul(s01).add(p.getRow(2).mul(s02)).div(s01 + s02);
        assertClose("row 0", q0, q.getRow(0), 1e-12, 1e-12);
        // row 3: cos to rows 0, 1, 2 = 0, 1/√2, 3/√10 → neighbours 2 and 1
        double s32 = Math.pow(3 / Math.sqrt(10), gamma), s31 = Math.pow(1 / Math.sqrt(2), gamma);
        INDArray q3 = p.getRow(2).mul(s32).add(p.getRow(1).mul(s31)).div(s32 + s31);
        assertClose("row 3", q3, q.getRow(3), 1e-12, 1e-12);
        // self is never a neighbour: with k = 1 row 1's target is its most similar other row (row 2: cos 4/√20)
        INDArray q1 = NeighbourConsistency.target(f, z, 1, gamma, t);
        assertClose("row 1, k = 1", p.getRow(2), q1.getRow(1), 1e-12, 1e-12);
        for (int i = 0; i < 4; i++) assertEquals(1.0, q.getRow(i).sumNumber().doubleValue(), 1e-12, "row " + i + " sums to 1");
    }

    @Test
    void aRowWithNoPositivelySimilarNeighbourKeepsItsOwnPrediction() {
        INDArray f = Nd4j.create(new double[][]{{1, 0}, {-1, 0}});
        INDArray z = Nd4j.create(new double[][]{{2, 0}, {0, 2}});
        INDArray q = NeighbourConsistency.target(f, z, 1, 1, 2);
        assertClose("own prediction", Probabilities.softmax(z, 2), q, 1e-12, 1e-12);
        assertEquals(0.0, NeighbourConsistency.of(f, Output.of(z), 1, 1, 2).value(), 1e-12);
    }

    @Test
    void neighbourConsistencyGradientWithTheTargetHeldFixed() {
        INDArray f = random(10, N, F), z = random(11, N, C).muli(2);
        double t = 2, gamma = 1;
        int k = 3;
        Output out = Output.of(z);
        Loss loss = NeighbourConsistency.of(f, out, k, gamma, t);
        INDArray q = NeighbourConsistency.target(f, z, k, gamma, t); // sg: the target is a constant
        INDArray fd = numerical(x -> Kl.toTarget(q, Output.of(x), t, null).value() * t * t, z, EPS);
        assertClose("NCR gradient vs finite differences", fd, loss.gradient(out), 1e-6, 1e-8);

        Autodiff auto = Autodiff.define("ncr", (sd, in) -> {
            SDVariable logP = sd.nn.logSoftmax(in[0].div(t));
            return in[1].mul(sd.math.log(in[1]).sub(logP)).sum(1).mean().mul(t * t);
        });
        Output z2 = Output.of(z);
        Loss autoLoss = auto.apply(z2, q);
        assertEquals(autoLoss.value(), loss.value(), 1e-9, "NCR value vs automatic form");
        assertClose("NCR gradient vs automatic form", autoLoss.gradient(z2), loss.gradient(out), 1e-6, 1e-9);
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NeighbourConsistency.target(random(1, 4, 2), random(2, 3, 2), 2, 1, 2));
        assertTrue(e.getMessage().contains("same N"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> InfoNce.of(Output.of(random(1, 4, 2)), Output.of(random(1, 4, 3)), 0.5));
        assertTrue(e.getMessage().contains("positives"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> InterpolationContrast.of(Output.of(random(1, N, F)), Output.of(random(2, N, F)), LAMBDAS, PARTNERS,
                        random(3, F + 1, D), 0.5));
        assertTrue(e.getMessage().contains("projection"), e.getMessage());
    }
    @Test
    void neighboursFromAMemoryBankGiveTheHandComputedTargetAndItsGradient() {
        // One batch row along (1, 0); the bank has rows along (1, 0), (1, 1) and (−1, 0).
        INDArray f = Nd4j.create(new double[][]{{2, 0}});
        INDArray z = Nd4j.create(new double[][]{{0.3, -0.2}});
        INDArray bankF = Nd4j.create(new double[][]{{5, 0}, {1, 1}, {-1, 0}});
        INDArray bankZ = Nd4j.create(new double[][]{{2, 0}, {0, 1}, {-3, 3}});
        double[][] p = Probabilities.softmax(bankZ).toDoubleMatrix();
        // k = 2: the two most similar bank rows are 0 (cos 1) and 1 (cos 1/√2); γ = 2 → weights 1 and 1/2.
        double w0 = 1, w1 = 0.5;
        INDArray q = NeighbourConsistency.target(f, z, bankF, bankZ, 2, 2.0, 1.0);
        for (int c = 0; c < 2; c++)
            assertEquals((w0 * p[0][c] + w1 * p[1][c]) / (w0 + w1), q.getDouble(0, c), 1e-12);
        Output out = Output.of(z);
        Loss loss = NeighbourConsistency.of(f, out, bankF, bankZ, 2, 2.0, 1.0);
        // The target is constant (bank values): the gradient is that of KL(q ‖ softmax(z)) with q fixed.
        INDArray numeric = numerical(zz -> Kl.toTarget(q, Output.of(zz)).value(), z, 1e-6);
        assertClose("dNC/dz with a bank", numeric, loss.gradient(out), 1e-6, 1e-9);
    }
    @Test
    void oneCallMixingInterpolatesEachRowWithItsPartnerAndFeedsTheTerm() {
        INDArray x = Nd4j.create(new double[][]{{1, 0}, {0, 2}, {-1, -1}, {3, 1}});
        InterpolationContrast.Mixing m = InterpolationContrast.mix(x, 1.0, new java.util.SplittableRandom(4));
        for (int i = 0; i < 4; i++) {
            double l = m.lambdas()[i];
            INDArray expected = x.getRow(i).mul(l).add(x.getRow(m.partners()[i]).mul(1 - l));
            assertTrue(expected.equalsWithEps(m.input().getRow(i), 1e-6), "row " + i);
            assertTrue(l >= 0 && l <= 1);
        }
        int[] sorted = m.partners().clone();
        java.util.Arrays.sort(sorted);
        assertArrayEquals(new int[]{0, 1, 2, 3}, sorted, "π is a permutation");
        Output hm = Output.of(Nd4j.rand(DataType.DOUBLE, 4, 3)), h = Output.of(Nd4j.rand(DataType.DOUBLE, 4, 3));
        assertEquals(InterpolationContrast.of(hm, h, m.lambdas(), m.partners(), null, 0.5).loss().value(),
                m.term(hm, h, null, 0.5).loss().value(), 0);
        assertThrows(IllegalArgumentException.class, () -> InterpolationContrast.mix(x.getRows(0), 1.0, new java.util.SplittableRandom(1)));
    }
}
