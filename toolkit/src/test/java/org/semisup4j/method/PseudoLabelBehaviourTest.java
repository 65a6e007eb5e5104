package org.semisup4j.method;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.model.Model;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.StepRecord;
import org.semisup4j.train.TrainingListener;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The pseudo-label family on two moons with 6 labels (3 per class): each method against the supervised
 * baseline with the same model (MLP 100-100), optimizer, batches (32 labeled + 96 unlabeled), steps and
 * seeds — the runs of a seed differ only in the method. The baseline is trained once per seed and shared.
 *
 * <p>FixMatch, MixMatch and UDA beat the baseline on two moons only with settings once picked by the test
 * accuracy of these seeds (strong noise 0.4, λ_u = 25, UDA without sharpening, mask or TSA); their gain is
 * asserted with their defaults on the UCI digits instead, in {@link DefaultsOnDigitsBehaviourTest}.
 */
class PseudoLabelBehaviourTest {
    private static final long[] SEEDS = {0, 1, 2};
    private static final int STEPS = 1000;
    private static final RunConfig MOONS = RunConfig.of("two-moons").labels(6).steps(STEPS).evalEvery(STEPS);
    private static double[] supervised, supervisedPoolEntropy;

    @BeforeAll
    static void trainTheBaselineOncePerSeed() {
        // Measured (seeds 0, 1, 2): 0.866, 0.866, 0.770
        supervised = new double[SEEDS.length];
        supervisedPoolEntropy = new double[SEEDS.length];
        for (int s = 0; s < SEEDS.length; s++) {
            Experiment e = Experiment.prepare(MOONS.method("supervised").seed(SEEDS[s]));
            supervised[s] = e.trainer(null).run().accuracy();
            supervisedPoolEntropy[s] = meanEntropyOnUnlabeledPool(e);
        }
    }

    /** Mean entropy (nats) of the trained model's predictions on the unlabeled pool: how sure it is of it. */
    private static double meanEntropyOnUnlabeledPool(Experiment e) {
        INDArray pool = e.train().features(e.split().unlabeled());
        return Probabilities.entropy(Probabilities.softmax(e.model().predict(pool, Model.Mode.EVAL).logits())).meanNumber().doubleValue();
    }

    /**
     * Pseudo-Label does NOT beat the baseline here, and this test keeps the README's sentence saying so true:
     * if it starts failing, the negative result is out of date. The mechanism is asserted with it: the
     * supervised part makes the model sure of nearly the whole pool within ~100 steps, mistakes included,
     * while the unlabeled weight is still ramping up; from then on the pseudo-label term is ~1e-3 and only
     * makes the current labeling surer, wrong moon tips and all, so the boundary the six labels drew stays.
     * Measured over seeds 0–9, default settings: mean 0.805 vs supervised 0.821; the best of the settings
     * tried (τ 0.7, no ramp-up) 0.817 (PseudoLabel's javadoc lists them).
     */
    @Test
    void pseudoLabelDoesNotBeatSupervisedBecauseTheModelIsSureOfItsMistakesEarly() {
        double marginSum = 0;
        for (int s = 0; s < SEEDS.length; s++) {
            // Averaged over steps 100–199: one batch holds only 96 unlabeled examples.
            Map<String, Double> sums = new HashMap<>();
            Map<String, Integer> counts = new HashMap<>();
            TrainingListener record = new TrainingListener() {
                @Override
                public void onStep(StepRecord r) {
                    if (r.step() < 100 || r.step() >= 200) return;
                    Map<String, Double> seen = new HashMap<>(r.diagnostics());
                    seen.put("pseudo_label_term", r.terms().get("pseudo_label"));
                    seen.forEach((name, value) -> {
                        sums.merge(name, value, Double::sum);
                        counts.merge(name, 1, Integer::sum);
                    });
                }
            };
            Experiment pseudoLabel = Experiment.prepare(MOONS.method("pseudo-label").seed(SEEDS[s]));
            double accuracy = pseudoLabel.trainer(null, record).run().accuracy();
            double poolEntropy = meanEntropyOnUnlabeledPool(pseudoLabel);
            Map<String, Double> early = new HashMap<>();
            sums.forEach((name, sum) -> early.put(name, sum / counts.get(name)));
            System.out.printf("pseudo-label vs supervised, seed %d: %.3f vs %.3f; pool entropy %.5f vs %.5f; steps 100-199: %s%n",
                    SEEDS[s], accuracy, supervised[s], poolEntropy, supervisedPoolEntropy[s], early);
            marginSum += accuracy - supervised[s];
            // Measured (seeds 0, 1, 2): mask rate 0.965 / 0.982 / 0.960, pseudo-label accuracy 0.885 / 0.876 / 0.799,
            // term 9e-4 / 5e-4 / 8e-4
            assertTrue(early.get("mask_rate") >= 0.9, "sure of most of the pool by step 100: " + early);
            assertTrue(early.get("pseudo_label_accuracy") <= 0.93, "and of its mistakes: " + early);
            assertTrue(early.get("pseudo_label_term") < 0.01, "so the term only confirms the labeling: " + early);
            // ...but it does act. The two runs of a seed differ in that term only (pseudo-label with lambda_u = 0
            // ends at exactly the supervised model: seed 0, accuracy 0.866, pool entropy 0.02875, same weights),
            // and self-labelling makes the model far surer of the pool than supervised training does.
            // Measured (seeds 0, 1, 2): pool entropy 0.0015 / 0.0007 / 0.0041 vs 0.029 / 0.041 / 0.047 nats.
            assertTrue(poolEntropy < 0.2 * supervisedPoolEntropy[s], String.format(
                    "the pseudo-label term does not make the model surer of the pool: mean entropy %.5f vs supervised %.5f",
                    poolEntropy, supervisedPoolEntropy[s]));
        }
        // Measured (seeds 0, 1, 2): 0.845, 0.839, 0.783 vs 0.866, 0.866, 0.770 (mean margin −0.012; an earlier
        // build gave 0.775 for seed 1, −0.033)
        double margin = marginSum / SEEDS.length;
        assertTrue(margin < 0.02, "Pseudo-Label now beats supervised on two moons (mean margin " + margin
                + "): update the README table and PseudoLabel's javadoc, then assert the gain instead");
    }

    @Test
    void fixMatchLogsMaskRateAndPseudoLabelAccuracyEveryStep() {
        List<StepRecord> steps = new ArrayList<>();
        TrainingListener record = new TrainingListener() {
            @Override
            public void onStep(StepRecord r) {
                steps.add(r);
            }
        };
        Experiment.run(MOONS.method("fixmatch").steps(100).seed(0), record);
        assertEquals(100, steps.size());
        for (StepRecord r : steps) {
            double mask = r.diagnostics().get("mask_rate");
            assertTrue(mask >= 0 && mask <= 1, "mask rate " + mask + " at step " + r.step());
            Double accuracy = r.diagnostics().get("pseudo_label_accuracy");
            if (mask > 0) assertNotNull(accuracy, "pseudo-label accuracy missing at step " + r.step());
        }
        // By step 100 the model is confident on most of the moons, and most confident guesses are right
        // (measured, seed 0: mask rate ≈ 0.94, pseudo-label accuracy ≈ 0.9).
        StepRecord last = steps.get(steps.size() - 1);
        assertTrue(last.diagnostics().get("mask_rate") > 0.5, "mask rate at the end " + last.diagnostics());
        assertTrue(last.diagnostics().get("pseudo_label_accuracy") > 0.7, "pseudo-label accuracy at the end " + last.diagnostics());
    }
}
