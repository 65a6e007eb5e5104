package org.semisup4j.method;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.semisup4j.augment.MixUp;
import org.semisup4j.loss.CrossEntropy;
import org.semisup4j.loss.Loss;
import org.semisup4j.loss.Output;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.loss.Terms;
import org.semisup4j.model.Model;
import org.semisup4j.model.Models;
import org.semisup4j.train.Method;
import org.semisup4j.train.RunConfig;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;
import static org.semisup4j.loss.GradientCheck.assertClose;

/** Arithmetic of the pseudo-label family: masks, sharpening, MixUp, TSA, the methods' terms. */
class PseudoLabelFamilyTest {

    /** Two-class logits whose softmax gives p for class 0. */
    private static INDArray logitsWithConfidence(double... p0) {
        INDArray z = Nd4j.zeros(DataType.DOUBLE, p0.length, 2);
        for (int i = 0; i < p0.length; i++) z.putScalar(i, 0, Math.log(p0[i] / (1 - p0[i])));
        return z;
    }

    private static Terms.Term term(Terms terms, String name) {
        return terms.terms().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void pseudoLabelMaskIsExactlyConfidenceAtLeastTau() {
        INDArray p = Nd4j.create(new double[][]{{0.95, 0.05}, {0.9499, 0.0501}, {0.02, 0.98}, {0.5, 0.5}});
        PseudoLabels g = PseudoLabels.of(p, 0.95);
        assertArrayEquals(new double[]{1, 0, 1, 0}, g.mask().toDoubleVector(), "1[max q ≥ τ], boundary included");
        assertArrayEquals(new int[]{0, 0, 1, 0}, g.labels());
        assertEquals(0.5, g.maskRate());
        assertEquals(0.5, g.accuracyOfConfident(new int[]{0, 1, 0, 1}), "confident rows 0 (right) and 2 (wrong)");
        assertEquals(0.25, g.accuracyOfAll(new int[]{0, 1, 0, 1}));
        assertTrue(Double.isNaN(PseudoLabels.of(p, 0.999).accuracyOfConfident(new int[4])));
    }

    @Test
    void fixMatchConsistencyIsMaskedCrossEntropyOnTheStrongViewWithWeakViewLabels() {
        double tau = 0.95;
        INDArray weak = logitsWithConfidence(0.97, 0.94, 0.03, 0.6, 0.999);
        double[] expectedMask = {1, 0, 1, 0, 1};
        int[] expectedLabels = {0, 0, 1, 0, 0};
        Nd4j.getRandom().setSeed(3);
        INDArray strong = Nd4j.randn(DataType.DOUBLE, 5, 2);
        Output weakOut = Output.of(weak), strongOut = Output.of(strong), labeledOut = Output.of(Nd4j.randn(DataType.DOUBLE, 2, 2));
        int[] truth = {0, 1, 0, 0, 0};
        Terms terms = FixMatch.terms(labeledOut, new int[]{1, 0}, weakOut, strongOut, tau, 1.0, truth);

        Loss consistency = term(terms, "consistency").loss();
        INDArray logP = Probabilities.logSoftmax(strong);
        double expected = 0;
        for (int i = 0; i < 5; i++) expected -= expectedMask[i] * logP.getDouble(i, expectedLabels[i]);
        assertEquals(expected / 5, consistency.value(), 1e-12);
        INDArray grad = consistency.gradient(strongOut);
        for (int i = 0; i < 5; i++)
            assertEquals(expectedMask[i] == 0, grad.getRow(i).amaxNumber().doubleValue() == 0, "gradient of row " + i);
        assertEquals(0.0, consistency.gradient(weakOut).amaxNumber().doubleValue(), "no gradient into the weak view");
        assertEquals(0.6, terms.diagnostics().get("mask_rate"), 1e-12);
        assertEquals(2.0 / 3, terms.diagnostics().get("pseudo_label_accuracy"), 1e-12, "rows 0, 4 right, row 2 wrong");
        assertEquals(CrossEntropy.of(labeledOut, new int[]{1, 0}).value(), term(terms, "supervised").loss().value(), 1e-12);
    }

    @Test
    void fixMatchWithoutLabeledRowsStillLearnsFromTheUnlabeledPart() {
        // uniform batches at few labels often hold no labeled row at all
        Terms terms = FixMatch.terms(null, new int[0], Output.of(logitsWithConfidence(0.99)),
                Output.of(logitsWithConfidence(0.4)), 0.95, 1.0, new int[]{0});
        assertEquals(0.0, term(terms, "supervised").loss().value());
        assertTrue(term(terms, "consistency").loss().value() > 0);
    }

    @Test
    void pseudoLabelTrainsEachConfidentPredictionTowardItsOwnArgmax() {
        INDArray z = logitsWithConfidence(0.96, 0.7);
        Output out = Output.of(z);
        Terms terms = PseudoLabel.terms(null, new int[0], out, 0.95, 2.0, new int[]{0, 0});
        Terms.Term t = term(terms, "pseudo_label");
        assertEquals(2.0, t.weight());
        INDArray g = t.loss().gradient(out);
        assertTrue(g.getDouble(0, 0) < 0, "the confident row is pushed further toward class 0");
        assertEquals(0.0, g.getRow(1).amaxNumber().doubleValue(), "the unconfident row is left alone");
    }

    @Test
    void sharpeningArithmetic() {
        INDArray p = Nd4j.create(new double[][]{{0.6, 0.4}, {0.5, 0.5}});
        INDArray q = Probabilities.sharpen(p, 0.5);
        assertEquals(0.36 / 0.52, q.getDouble(0, 0), 1e-12);
        assertEquals(0.16 / 0.52, q.getDouble(0, 1), 1e-12);
        assertEquals(0.5, q.getDouble(1, 0), 1e-12, "a uniform guess stays uniform");
    }

    @Test
    void mixMatchGuessIsTheSharpenedMeanOfKViews() {
        Model model = Models.mlp(Models.options().seed(1), 2, 8, 2);
        MixMatch mm = new MixMatch(3, 0.5, 0.75, 75, 0.4);
        INDArray u = Nd4j.create(new float[][]{{0.5f, -1f}, {2f, 0.3f}});
        double[] shifts = {0.0, 0.4, -0.7};
        int[] call = {0};
        MixMatch.Guess g = mm.guess(model, u, x -> x.add(shifts[call[0]++]));
        INDArray mean = Nd4j.zeros(DataType.FLOAT, 2, 2);
        for (double s : shifts) mean.addi(Probabilities.softmax(model.predict(u.add(s), Model.Mode.TRAIN).logits()));
        mean.divi(3);
        assertEquals(3, g.views().size());
        assertClose("average over the K views", mean, g.averaged(), 1e-5, 1e-6);
        INDArray powered = mean.mul(mean);
        assertClose("sharpened with T = 0.5", powered.divColumnVector(powered.sum(true, 1)), g.sharpened(), 1e-5, 1e-6);
    }

    @Test
    void mixMatchMixUpKeepsEachRowCloserToItself() {
        MixMatch mm = new MixMatch(2, 0.5, 0.75, 75, 0.4);
        INDArray x = Nd4j.create(new float[][]{{0, 0}, {10, 0}, {0, 10}, {10, 10}, {5, 5}, {1, 2}});
        INDArray y = Probabilities.oneHot(new int[]{0, 1, 0, 1, 0, 1}, 2, DataType.FLOAT);
        MixUp.Result r = mm.mix(x, y, new SplittableRandom(4));
        boolean lambdasDiffer = false;
        for (int i = 0; i < 6; i++) {
            float l = r.lambdas()[i];
            assertTrue(l >= 0.5f && l <= 1f, "λ' = max(λ, 1 − λ) ≥ 0.5, got " + l);
            if (l != r.lambdas()[0]) lambdasDiffer = true;
            int j = r.permutation()[i];
            INDArray expectedX = x.getRow(i).mul(l).add(x.getRow(j).mul(1 - l));
            assertClose("mixed input " + i, expectedX, r.x().getRow(i), 1e-6, 1e-5);
            INDArray expectedY = y.getRow(i).mul(l).add(y.getRow(j).mul(1 - l));
            assertClose("mixed target " + i, expectedY, r.targets().getRow(i), 1e-6, 1e-6);
            assertEquals(1.0, r.targets().getRow(i).sumNumber().doubleValue(), 1e-6);
        }
        assertTrue(lambdasDiffer, "one λ per example, as in the authors' code");
    }

    @Test
    void tsaThresholdsAtKnownSteps() {
        assertEquals(0.75, Tsa.LINEAR.threshold(50, 100, 2), 1e-12);
        assertEquals(0.37, Tsa.LINEAR.threshold(30, 100, 10), 1e-12);
        assertEquals(0.5 + 0.5 * Math.exp(-5), Tsa.EXP.threshold(0, 100, 2), 1e-12);
        assertEquals(1.0, Tsa.EXP.threshold(100, 100, 2), 1e-12);
        assertEquals(0.5 + 0.5 * (1 - Math.exp(-1)), Tsa.LOG.threshold(20, 100, 2), 1e-12);
        assertEquals(1.0, Tsa.NONE.threshold(0, 100, 10), 1e-12);
        assertTrue(Tsa.EXP.threshold(50, 100, 2) < Tsa.LINEAR.threshold(50, 100, 2));
        assertTrue(Tsa.LOG.threshold(50, 100, 2) > Tsa.LINEAR.threshold(50, 100, 2));
        assertEquals(Tsa.EXP, Tsa.parse(" Exp "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tsa.parse("cubic"));
        assertTrue(e.getMessage().contains("cubic"));
    }

    @Test
    void tsaDropsLabeledRowsWhoseCorrectClassProbabilityExceedsTheThreshold() {
        INDArray p = Nd4j.create(new double[][]{{0.9, 0.1}, {0.7, 0.3}, {0.2, 0.8}, {0.6, 0.4}});
        INDArray keep = Tsa.keepMask(p, new int[]{0, 0, 1, 1}, 0.75);
        assertArrayEquals(new double[]{0, 1, 0, 1}, keep.toDoubleVector());
    }

    @Test
    void udaSupervisedTermAveragesOverKeptRowsAndConsistencyIsConfidenceMasked() {
        Uda uda = new Uda(0.4, 0.8, 1.0, Tsa.LINEAR);
        INDArray zl = logitsWithConfidence(0.9, 0.6, 0.7);
        Output labeled = Output.of(zl);
        Output clean = Output.of(logitsWithConfidence(0.85, 0.55)), strong = Output.of(logitsWithConfidence(0.5, 0.5));
        Terms terms = uda.terms(labeled, new int[]{0, 0, 1}, clean, strong, 0.75, new int[]{0, 1});
        // row 0 (p = 0.9 > 0.75) is dropped; rows 1 (0.6) and 2 (0.3) are kept and averaged over 2, not 3
        INDArray logP = Probabilities.logSoftmax(zl);
        double expected = -(logP.getDouble(1, 0) + logP.getDouble(2, 1)) / 2;
        assertEquals(expected, term(terms, "supervised").loss().value(), 1e-12);
        assertEquals(2.0 / 3, terms.diagnostics().get("tsa_kept"), 1e-12);
        INDArray g = term(terms, "consistency").loss().gradient(strong);
        assertTrue(g.getRow(0).amaxNumber().doubleValue() > 0, "confident row 0.85 ≥ β trains");
        assertEquals(0.0, g.getRow(1).amaxNumber().doubleValue(), "row 0.55 < β is masked");
        assertEquals(0.5, terms.diagnostics().get("mask_rate"), 1e-12);
    }

    @Test
    void ncrWarmUpGivesCrossEntropyOnlyThenMixesByAlpha() {
        Ncr ncr = new Ncr(2, 1, 2, 0.3, 0.2);
        Nd4j.getRandom().setSeed(5);
        Output z = Output.of(Nd4j.randn(DataType.DOUBLE, 4, 2)), f = Output.of(Nd4j.rand(DataType.DOUBLE, 4, 3));
        Terms before = ncr.terms(z, f, new int[]{0, 1, 0, 1}, false);
        assertEquals(1.0, term(before, "supervised").weight());
        assertEquals(0.0, term(before, "neighbour_consistency").weight());
        Terms after = ncr.terms(z, f, new int[]{0, 1, 0, 1}, true);
        assertEquals(0.7, term(after, "supervised").weight(), 1e-12);
        assertEquals(0.3, term(after, "neighbour_consistency").weight(), 1e-12);
    }

    @Test
    void ncrTakesNoMoreNeighboursThanABatchHoldsOfOneClass() {
        // 32 rows of 10 classes hold ~3 rows of a class: k = 10 neighbours would be mostly other classes.
        Ncr ncr = new Ncr(10, 1, 2, 0.5, 0.2);
        Nd4j.getRandom().setSeed(7);
        Output z = Output.of(Nd4j.randn(DataType.DOUBLE, 32, 10)), f = Output.of(Nd4j.rand(DataType.DOUBLE, 32, 16));
        int[] labels = new int[32];
        for (int i = 0; i < 32; i++) labels[i] = i % 10;
        double used = term(ncr.terms(z, f, labels, true), "neighbour_consistency").loss().value();
        assertEquals(org.semisup4j.loss.NeighbourConsistency.of(f.value(), z, 2, 1, 2).value(), used, 1e-12, "round(32 / 10) − 1 = 2 neighbours");
        assertNotEquals(org.semisup4j.loss.NeighbourConsistency.of(f.value(), z, 10, 1, 2).value(), used, 1e-6);
        assertEquals(10, Ncr.neighbours(10, 64, 2), "two moons at batch 64 keep k = 10");
        assertEquals(1, Ncr.neighbours(10, 8, 10), "at least one neighbour");
    }

    @Test
    void everyMethodIsRegisteredUnderItsCliName() {
        for (String name : new String[]{"pseudo-label", "mixmatch", "fixmatch", "uda", "icl", "ncr"}) {
            Method m = Methods.create(RunConfig.of("two-moons").method(name));
            assertEquals(name, m.name());
        }
        Method fm = Methods.create(RunConfig.of("two-moons").method("fixmatch").param("threshold", 0.8));
        assertEquals(0.8, fm.hyperparameters().get("threshold"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Methods.create(RunConfig.of("two-moons").method("uda").param("tsa", "cubic")));
        assertTrue(e.getMessage().contains("cubic"));
    }

    @Test
    void everyMethodTrainsOnUniformBatchesThatOftenHoldNoLabeledRow() {
        // 2 labels among 1 000 points, 16-row uniform batches: most batches have no labeled row. Before the
        // empty labeled part was skipped, augmenting it crashed FixMatch, Pseudo-Label and UDA at the first such batch.
        RunConfig uniform = RunConfig.of("two-moons").labels(2).batches("uniform").batchSize(4).unlabeledRatio(3)
                .steps(20).evalEvery(20).seed(0);
        for (String name : new String[]{"pseudo-label", "fixmatch", "mixmatch", "uda"}) {
            double accuracy = org.semisup4j.experiment.Experiment.run(uniform.method(name)).accuracy();
            assertTrue(accuracy >= 0 && accuracy <= 1, name + ": " + accuracy);
        }
    }
}
