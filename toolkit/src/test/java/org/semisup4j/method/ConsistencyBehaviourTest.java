package org.semisup4j.method;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.loss.Output;
import org.semisup4j.loss.Terms;
import org.semisup4j.model.Model;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.StepRecord;
import org.semisup4j.train.TrainingListener;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each consistency method against the supervised baseline on two moons with 6 labels (3 per class):
 * same MLP, optimizer, batches, steps and seeds; only the method differs. The baseline runs once per seed
 * and is shared. A method passes when its mean test accuracy over the seeds beats the baseline's by a
 * margin of about half what was measured (1 thread, seeds 0–2, {@value #STEPS} steps; the numbers are in
 * each test's comment), so the test fails when a method stops helping, not on seed-to-seed noise. Two
 * exceptions, each explained at its test: Temporal Ensembling's gain is too uneven over seeds for a mean
 * margin, so it is asserted per seed; UA-MT's uncertainty mask does not help here, so what it does is asserted.
 *
 * <p>Measured baseline: 0.866 / 0.864 / 0.777, mean 0.836 (it plateaus there from 500 to 2 000 steps).
 *
 * <p><b>Where a test departs from a method's defaults</b> (VAT's ε = 0.3, UA-MT's short-run settings) the
 * setting was chosen on the label split's validation part with {@link org.semisup4j.experiment.Tuning} (50
 * validation examples, tuning seeds 100–102, never the asserted seeds' test accuracy); each test's comment gives
 * the tuning table. VAT + EntMin's gain is asserted with its defaults on the UCI digits, in
 * {@link DefaultsOnDigitsBehaviourTest}: on two moons it needed ε and an entropy weight picked on the test set.
 * {@code ./semisup4j bench defaults} measures every method with its defaults on three datasets.
 */
class ConsistencyBehaviourTest {
    private static final int STEPS = 600;
    private static final long[] SEEDS = {0, 1, 2};
    private static double[] supervised;

    @BeforeAll
    static void supervisedBaseline() {
        supervised = accuracies(run("supervised"));
    }

    private static RunConfig run(String method) {
        return RunConfig.of("two-moons").method(method).labels(6).steps(STEPS).evalEvery(0);
    }

    private static double[] accuracies(RunConfig config) {
        return Arrays.stream(SEEDS).mapToDouble(s -> Experiment.run(config.seed(s)).accuracy()).toArray();
    }

    private static void assertBeatsSupervised(RunConfig config, double minMargin) {
        double[] method = accuracies(config);
        double margin = Arrays.stream(method).average().orElseThrow() - Arrays.stream(supervised).average().orElseThrow();
        assertTrue(margin >= minMargin, String.format("%s: mean test accuracy %s vs supervised %s, margin %+.3f < %.3f",
                config.method(), Arrays.toString(method), Arrays.toString(supervised), margin, minMargin));
    }

    @Test
    void piModelBeatsSupervised() {
        // Measured: 0.894 / 0.881 / 0.923, mean 0.899 (+0.064); builds differ in the third decimal.
        assertBeatsSupervised(run("pi-model"), 0.03);
    }

    @Test
    void vatBeatsSupervised() {
        // ε = 0.3, chosen on validation, not on these seeds' test accuracy: Tuning.of(run("vat")).grid("epsilon", 1.0, 0.3)
        // .validation(50) over tuning seeds 100–102 gave validation accuracy ε = 1 (default) 0.840 ± 0.080, ε = 0.3
        // 0.893 ± 0.110. Why: the moons are standardised, their gap is about 0.5–1 unit wide, and ε = 1 reaches across it.
        // Measured at 600 steps: 0.881 / 0.888 / 0.956, mean 0.908 (+0.073). With the LDS removed (alpha = 0):
        // 0.866 / 0.864 / 0.777, the supervised run exactly.
        assertBeatsSupervised(run("vat").param("epsilon", "0.3"), 0.035);
    }

    /**
     * Temporal Ensembling's gain is real but too uneven across seeds for a margin on three seeds' mean: over
     * seeds 0–9 (600 steps, paired with the supervised run of the same seed) TE − supervised is 0.000, −0.011,
     * +0.076, −0.005, +0.049, +0.079, −0.001, +0.020, +0.157, +0.037: mean +0.040, standard deviation 0.053,
     * standard error 0.017. On seeds 0–2 the mean is +0.022 with a standard error of 0.027, so a mean margin
     * there says little. What the ten seeds do support, and what is asserted per seed: TE never loses more than
     * noise (worst −0.011, bound −0.02), and on some seeds it moves the boundary a lot (3 of 10 by ≥ 0.076;
     * seed 2 by +0.076, bound +0.055). TE whose consistency does nothing ({@code weight = 0}: same batches and
     * noise, no consistency term) gains −0.015 / −0.009 / +0.035 on seeds 0–2 and fails the second assertion.
     */
    @Test
    void temporalEnsemblingNeverLosesToSupervisedAndClearlyBeatsItOnSomeSeeds() {
        double[] method = accuracies(run("temporal-ensembling"));
        double[] gain = new double[SEEDS.length];
        for (int s = 0; s < SEEDS.length; s++) gain[s] = method[s] - supervised[s];
        String seen = String.format("temporal-ensembling: test accuracy %s vs supervised %s, per-seed gain %s",
                Arrays.toString(method), Arrays.toString(supervised), Arrays.toString(gain));
        assertTrue(Arrays.stream(gain).min().orElseThrow() >= -0.02, "loses to supervised on a seed: " + seen);
        assertTrue(Arrays.stream(gain).max().orElseThrow() >= 0.055, "beats supervised clearly on no seed: " + seen);
    }

    @Test
    void meanTeacherBeatsSupervised() {
        // Defaults: the paper's EMA 0.99 / 0.999 capped by the run length, α ≤ 1 − 100/600 ≈ 0.83 here (see
        // MeanTeacher). Uncapped, the teacher lags hundreds of steps behind (1 000 steps: 0.99 / 0.999 → 0.854).
        // Measured with the defaults: student 0.889 / 0.854 / 0.927, mean 0.890 (+0.054); a hand-set EMA 0.9 had
        // given 0.870 (+0.035).
        assertBeatsSupervised(run("mean-teacher"), 0.015);
    }

    @Test
    void uaMtBeatsSupervisedWithTheMeanTeacherSettingsForShortRuns() {
        // UA-MT is Mean Teacher with an uncertainty mask, so it gets the settings Mean Teacher needs on a short
        // run: EMA 0.9, weight 100 (MSE of softmaxes over C, as Mean Teacher's), ramp-up over 30 % of the run and
        // noise σ = 0.15 on the student's view as well as the teacher's (unclipped). With the paper's segmentation
        // settings (weight 0.1, EMA 0.99, teacher noise 0.1 clipped at 0.2, clean student view) it stays at the
        // baseline (600 steps: 0.839 vs 0.836); with a clean student view it does not at any weight (30, 100: 0.832,
        // 0.839). It needs 1 000 steps (600 steps: 0.851, +0.015), so its baseline is trained for 1 000 steps too.
        // The mask is active during the ramp-up only (seed 2: it keeps 47 % of the unlabeled rows at step 1,
        // 93 % at step 50, 98 % at step 200, all from step 300, when the threshold reaches ln C).
        // Measured at 1 000 steps: 0.881 / 0.876 / 0.866 vs supervised 0.866 / 0.866 / 0.770, mean +0.040
        // (seeds 3–5: 0.874 / 0.952 / 0.922 vs 0.860 / 0.891 / 0.860, +0.046). The gain is Mean Teacher's, not
        // the mask's: with mask = none, 0.879 / 0.886 / 0.948 (seeds 0–2); see the next test.
        // These settings as a whole against the paper's, chosen on validation (Tuning candidates, 50 validation
        // examples, tuning seeds 100–102, 1 000 steps): student 0.847 ± 0.133 vs 0.807 ± 0.042 (teacher 0.813).
        double[] method = accuracies(uaMtForShortRuns().steps(1000));
        double[] baseline = accuracies(run("supervised").steps(1000));
        double margin = Arrays.stream(method).average().orElseThrow() - Arrays.stream(baseline).average().orElseThrow();
        assertTrue(margin >= 0.02, String.format("ua-mt: mean test accuracy %s vs supervised %s, margin %+.3f < 0.02",
                Arrays.toString(method), Arrays.toString(baseline), margin));
    }

    private static RunConfig uaMtForShortRuns() {
        return run("ua-mt").param("weight", "100").param("ema", "0.9").param("rampup", "300")
                .param("student_noise", "0.15").param("noise", "0.15").param("noise_clip", "10");
    }

    /**
     * What the uncertainty mask provably does, checked on the run above (seed 2, its first 50 steps; the
     * ramp-up is 300 steps whatever the run's length): during the ramp-up it keeps only part of the unlabeled
     * rows, exactly those whose MC-dropout uncertainty is under the threshold, and the consistency sends no
     * gradient to the others. 
     * <p>This is what is asserted of the mask, rather than that it helps, because here it does not: the same
     * runs with {@code mask = none} (every row kept, all else equal) reach 0.879 / 0.886 / 0.948, mean 0.904,
     * against 0.881 / 0.876 / 0.866, mean 0.874, with the mask (seeds 0–2, 1 000 steps; why was not measured).
     * So this test fails if the mask keeps every row, keeps the wrong rows, or lets gradient through to the
     * rows it drops — not if the mask stops helping, which it does not do on this task.
     */
    @Test
    void uaMtMaskKeepsOnlyCertainRowsDuringRampUpAndDropsTheGradientOfTheOthers() {
        List<Double> maskRates = new ArrayList<>();
        TrainingListener record = new TrainingListener() {
            @Override
            public void onStep(StepRecord r) {
                maskRates.add(r.diagnostics().get("mask_rate"));
            }
        };
        Experiment e = Experiment.prepare(uaMtForShortRuns().steps(50).seed(2));
        e.trainer(null, record).run();
        double meanRate = maskRates.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        System.out.printf("ua-mt mask rate, seed 2: step 0 %.3f, step 49 %.3f, mean over steps 0-49 %.3f%n",
                maskRates.get(0), maskRates.get(49), meanRate);
        // Measured: it keeps no row at step 0 (the untrained teacher is unsure of every row), 91 % at step 49,
        // 84 % on average over steps 0–49.
        assertTrue(maskRates.get(0) < 0.5 && meanRate < 0.95, "the mask keeps every row during the ramp-up: " + maskRates);
        assertTrue(meanRate > 0.3, "the mask drops most rows: " + maskRates);

        UaMt uaMt = (UaMt) e.method();
        INDArray unlabeled = e.train().features(Arrays.copyOf(e.split().unlabeled(), 96));
        Output logits = Output.of(e.model().predict(unlabeled, Model.Mode.EVAL).logits());
        Terms terms = uaMt.terms(e.model(), null, null, logits, unlabeled, 0, 1000, new Random(0));
        INDArray gradient = terms.terms().stream().filter(t -> t.name().equals("consistency")).findFirst().orElseThrow()
                .loss().gradient(logits);
        UaMt.Diagnostics seen = uaMt.lastDiagnostics();
        int kept = 0;
        for (int i = 0; i < unlabeled.rows(); i++) {
            boolean keep = seen.mask().getDouble(i) > 0;
            double uncertainty = seen.normalisedUncertainty().getDouble(i);
            double rowGradient = gradient.getRow(i).norm1Number().doubleValue();
            if (keep) {
                kept++;
                assertTrue(uncertainty < seen.threshold(), "row " + i + " kept at uncertainty " + uncertainty + " ≥ " + seen.threshold());
            } else {
                assertTrue(uncertainty >= seen.threshold(), "row " + i + " dropped at uncertainty " + uncertainty + " < " + seen.threshold());
                assertEquals(0.0, rowGradient, "row " + i + " is masked out but gets consistency gradient");
            }
        }
        assertTrue(kept > 0 && kept < unlabeled.rows(), "at step 0 of the ramp-up some rows and not all are kept: " + kept);
        assertTrue(gradient.norm1Number().doubleValue() > 0, "the kept rows get consistency gradient");
    }
}
