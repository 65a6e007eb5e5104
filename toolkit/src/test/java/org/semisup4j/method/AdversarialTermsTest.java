package org.semisup4j.method;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.semisup4j.data.Batch;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.loss.CrossEntropy;
import org.semisup4j.loss.Output;
import org.semisup4j.loss.Terms;
import org.semisup4j.model.Model;
import org.semisup4j.train.Method;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.Step;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** What each adversarial loss puts in a step's terms, on one batch of an (untrained) two-moons MLP. */
class AdversarialTermsTest {
    private static final RunConfig MOONS = RunConfig.of("two-moons").labels(6).param("epsilon", 0.3);

    private static double cleanCrossEntropy(Model m, INDArray x, int[] y) {
        return CrossEntropy.of(Output.of(m.predict(x, Model.Mode.EVAL).logits()), y).value();
    }

    private static Batch batch(Experiment e, int[] labeled, int[] unlabeled) {
        return new Batch(0, 0, 2, e.train().features(labeled), e.train().labels(labeled), labeled,
                e.train().features(unlabeled), unlabeled, e.train().labels(unlabeled));
    }

    @Test
    void madryTrainsOnTheAttackedInputsAndTradesAddsBetaTimesTheKlToTheCleanLoss() {
        Experiment e = Experiment.prepare(MOONS.withoutParams());
        int[] rows = {0, 1, 2, 3, 4, 5, 6, 7};
        Batch b = batch(e, rows, new int[]{10, 11});
        double clean = cleanCrossEntropy(e.model(), b.labeledX(), b.labeledY());

        Method madry = Methods.create(MOONS.method("adversarial-training").param("loss", "madry"));
        Terms m = madry.loss(Step.of(b, e.model(), null, null, new SplittableRandom(1)));
        assertEquals(1, m.terms().size());
        assertTrue(m.terms().get(0).loss().value() > clean, "CE at the attacked inputs " + m.terms().get(0).loss().value() + " vs clean " + clean);

        Method trades = Methods.create(MOONS.method("adversarial-training").param("beta", 4));
        Terms t = trades.loss(Step.of(b, e.model(), null, null, new SplittableRandom(1)));
        assertEquals("natural", t.terms().get(0).name());
        assertEquals(clean, t.terms().get(0).loss().value(), 1e-5, "TRADES' first term is the clean cross-entropy");
        assertEquals("robust", t.terms().get(1).name());
        assertEquals(4.0, t.terms().get(1).weight());
        assertTrue(t.terms().get(1).loss().value() > 0, "the attack moves the prediction: KL > 0");
    }

    @Test
    void robustSelfTrainingTakesHalfItsRowsFromThePseudoLabeledPool(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        // A "standard model" that predicts class 1 everywhere: every pseudo-label is 1.
        Experiment e = Experiment.prepare(MOONS.withoutParams());
        int[] labeled = {0, 1, 2, 3}, unlabeled = {10, 11, 12, 13, 14, 15, 16, 17};
        org.semisup4j.teacher.TrainedTeacher always1 = new org.semisup4j.teacher.TrainedTeacher() {
            public INDArray logits(INDArray x, int[] r) {
                float[][] z = new float[(int) x.size(0)][];
                for (int i = 0; i < z.length; i++) z[i] = new float[]{0, 5};
                return Nd4j.createFromArray(z);
            }
            public long[] inputShape() { return new long[]{2}; }
            public int numClasses() { return 2; }
            public boolean readsInputs() { return true; }
            public String describe() { return "always 1"; }
        };
        RobustSelfTraining rst = ((RobustSelfTraining) Methods.create(MOONS.method("robust-self-training"))).withTeacher(always1);
        rst.start(e.model());
        Batch b = batch(e, labeled, unlabeled);
        Terms t = rst.loss(Step.of(b, e.model(), null, null, new SplittableRandom(2)));
        // The natural term is the clean CE over the 4 labeled rows and the first 4 unlabeled rows, labelled 1.
        INDArray x = Nd4j.concat(0, b.labeledX(), e.train().features(new int[]{10, 11, 12, 13}));
        int[] y = java.util.stream.IntStream.concat(java.util.stream.IntStream.of(b.labeledY()), java.util.stream.IntStream.of(1, 1, 1, 1)).toArray();
        assertEquals(cleanCrossEntropy(e.model(), x, y), t.terms().get(0).loss().value(), 1e-5);
        int[] truth = e.train().labels(new int[]{10, 11, 12, 13});
        assertEquals(java.util.Arrays.stream(truth).filter(c -> c == 1).count() / 4.0, t.diagnostics().get("pseudo_label_accuracy"), 1e-9);
    }
}
