package org.semisup4j.method;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.semisup4j.eval.Fidelity;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.train.RunConfig;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The direction of each distillation paper's claim on two moons (20 labels, the MLP 2-100-100-2), seeds 0 and 1,
 * each student against a teacher trained with seed 100 (its own labeled points and weights). The margins are
 * larger than the spread between the two seeds measured when the test was written (numbers in each test).
 */
class DistillationBehaviourTest {
    private static final int STEPS = 300;
    private static final RunConfig MOONS = RunConfig.of("two-moons").labels(20).steps(STEPS).evalEvery(0).testSize(1000);
    @TempDir
    static Path runs;
    static String teacher, noisyTeacher, deepTeacher;

    @BeforeAll
    static void trainTeachers() {
        teacher = train("teacher", MOONS.seed(100));
        noisyTeacher = train("noisy", MOONS.seed(100).noise(0.4));
        deepTeacher = train("deep", MOONS.seed(100).model("mlp:64-64-64"));
    }

    private static String train(String name, RunConfig c) {
        Path folder = runs.resolve(name);
        Experiment.prepare(c).trainer(folder).run();
        return folder.toString();
    }

    private static double testAgreement(RunConfig c) {
        Experiment e = Experiment.prepare(c);
        e.trainer(null).run();
        return Fidelity.of(((LearnsFromTeacher) e.method()).teacher(), e.model(), e.test().features(), null).agreement();
    }

    /**
     * Stanton et al.: more distillation data raises fidelity. Distilling on the labeled points plus the unlabeled
     * pool (a transfer set) agrees with the teacher on test points far more than distilling on the 20 labeled
     * points alone. Measured (3-teacher ensemble, 400 steps, seeds 0–2): +7.2, +6.5, +8.0 points.
     */
    @Test
    void aTransferSetRaisesTestAgreementWithTheTeacher() {
        double gain = 0;
        for (long seed = 0; seed < 2; seed++) {
            RunConfig c = MOONS.seed(seed).method("distill").param("teacher", teacher);
            double onTrain = testAgreement(c.param("data", "train")), onTransfer = testAgreement(c.param("data", "transfer"));
            System.out.printf("distill seed %d: test agreement %.3f (train data) vs %.3f (transfer set)%n", seed, onTrain, onTransfer);
            assertTrue(onTransfer > onTrain, "seed " + seed + ": " + onTransfer + " vs " + onTrain);
            gain += (onTransfer - onTrain) / 2;
        }
        assertTrue(gain > 0.03, "mean gain in test agreement " + gain);
    }

    /**
     * Ba &amp; Caruana: a shallow net that regresses a deep teacher's logits on labeled and unlabeled inputs
     * reproduces the teacher far better than the same shallow net trained on the labels.
     */
    @Test
    void aShallowMimicAgreesWithItsDeepTeacherMoreThanTheSameNetOnLabels() {
        double gain = 0;
        for (long seed = 0; seed < 2; seed++) {
            RunConfig c = MOONS.seed(seed).model("shallow:16").param("teacher", deepTeacher);
            double onLabels = testAgreement(c.method("distill").param("alpha", 0.0)); // α = 0: cross-entropy only
            double mimic = testAgreement(c.method("mimic"));
            System.out.printf("mimic seed %d: agreement with the deep teacher %.3f (labels) vs %.3f (mimic)%n", seed, onLabels, mimic);
            assertTrue(mimic > onLabels, "seed " + seed + ": " + mimic + " vs " + onLabels);
            gain += (mimic - onLabels) / 2;
        }
        assertTrue(gain > 0.02, "mean gain in agreement " + gain);
    }

    /**
     * AMAL with a teacher trained on 40 % noisy labels: the learned weight of the label term is higher on the
     * labeled examples the teacher gets wrong than on those it gets right. Measured (300 steps, seed 0): mean w
     * 1.00 on 9 teacher-wrong examples vs 0.80 on 11 teacher-right ones.
     */
    @Test
    void amalTrustsTheLabelWhereTheTeacherIsWrong() {
        Experiment e = Experiment.prepare(MOONS.seed(0).method("amal").param("teacher", noisyTeacher));
        e.trainer(null).run();
        Amal amal = (Amal) e.method();
        int[] rows = e.split().labeled();
        int[] teacherSays = Probabilities.argmax(amal.teacher().probabilities(e.train().features(rows), rows, 1));
        Map<Integer, Double> w = amal.learnedWeights(rows);
        double right = 0, wrong = 0;
        int nRight = 0, nWrong = 0;
        for (int i = 0; i < rows.length; i++) {
            if (teacherSays[i] == e.train().label(rows[i])) { right += w.get(rows[i]); nRight++; }
            else { wrong += w.get(rows[i]); nWrong++; }
        }
        System.out.printf("amal: mean w %.3f where the teacher is wrong (%d), %.3f where it is right (%d)%n",
                wrong / nWrong, nWrong, right / nRight, nRight);
        assertTrue(nWrong >= 3 && nRight >= 3, "the noisy teacher must be wrong on some labeled examples and right on others");
        assertTrue(wrong / nWrong > right / nRight + 0.1, "mean w " + wrong / nWrong + " (teacher wrong) vs " + right / nRight);
    }
}
