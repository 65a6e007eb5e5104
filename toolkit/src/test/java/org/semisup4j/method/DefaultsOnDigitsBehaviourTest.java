package org.semisup4j.method;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.train.RunConfig;

import java.util.Arrays;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FixMatch, MixMatch, UDA and VAT + EntMin with their <b>defaults</b> — no setting chosen for this test — against
 * the supervised baseline on the UCI digits with 5 labels per class, the "digits" case of
 * {@code ./semisup4j bench defaults --quick} (same data, 800 steps, seeds 0–2, MLP, batches of 32 labeled +
 * 96 unlabeled; only the method differs). The baseline is trained once per seed and shared.
 *
 * <p>Why digits and not two moons: on two moons these methods beat the baseline only with settings that were
 * once picked by the test accuracy of the asserted seeds (MixMatch's λ_u = 25, UDA without sharpening, mask or
 * TSA, FixMatch's strong noise σ = 0.4, VAT + EntMin's ε = 0.3 with entropy weight 0.3). Chosen on validation
 * instead ({@link org.semisup4j.experiment.Tuning}, 50 validation examples, tuning seeds 100–102, 1 000
 * steps), FixMatch keeps its default σ = 0.15 (validation accuracy 0.893 ± 0.050 vs 0.847 ± 0.133 at σ = 0.4),
 * with which it draws the six labels' boundary and no better. On digits the defaults transfer.
 *
 * <p>Each margin is about half the measured mean gain and above what the seeds' spread gives (the per-seed gains
 * are in each test's comment). Each test also fails with the method's unlabeled term removed (MixMatch: with
 * its unlabeled rows removed; see its comment): those runs are in each comment, measured on the same seeds.
 *
 * <p>Measured baseline (seeds 0, 1, 2): 0.836 / 0.817 / 0.794. The accuracies in the comments are from the build
 * of 2026-12-02 02:00 UTC; later engine changes (one flat optimizer update) move single runs by a point or so, which
 * is why each margin asserted is about half the measured gain.
 */
class DefaultsOnDigitsBehaviourTest {
    private static final long[] SEEDS = {0, 1, 2};
    private static final RunConfig DIGITS = RunConfig.of("digits").labels(50).steps(800).evalEvery(0);
    private static double[] supervised;

    @BeforeAll
    static void supervisedBaseline() {
        supervised = accuracies(DIGITS.method("supervised"));
    }

    private static double[] accuracies(RunConfig config) {
        return LongStream.of(SEEDS).mapToDouble(seed -> Experiment.run(config.seed(seed)).accuracy()).toArray();
    }

    private static void assertBeatsSupervised(String method, double minMargin) {
        double[] accuracy = accuracies(DIGITS.method(method));
        double margin = Arrays.stream(accuracy).average().orElseThrow() - Arrays.stream(supervised).average().orElseThrow();
        assertTrue(margin >= minMargin, String.format("%s with its defaults: test accuracy %s vs supervised %s, mean margin %+.3f < %.3f",
                method, Arrays.toString(accuracy), Arrays.toString(supervised), margin, minMargin));
    }

    @Test
    void fixMatchWithItsDefaultsBeatsSupervised() {
        // Measured: 0.908 / 0.839 / 0.864, gains +0.072 / +0.022 / +0.069, mean +0.055 (SE 0.016).
        // With lambda_u = 0: 0.836 / 0.817 / 0.794, the supervised run exactly (margin 0).
        assertBeatsSupervised("fixmatch", 0.025);
    }

    @Test
    void mixMatchWithItsDefaultsBeatsSupervised() {
        // Measured: 0.881 / 0.864 / 0.856, gains +0.044 / +0.047 / +0.061, mean +0.051 (SE 0.005).
        // With lambda_u = 0: 0.853 / 0.858 / 0.856 (+0.040), so this test does NOT fail with L_u alone removed: the
        // mixed labeled term still learns from the guessed labels of the unlabeled rows it is mixed with. Without
        // unlabeled rows at all (μ = 0, MixUp of the labeled rows only): 0.806 / 0.819 / 0.814 (−0.003), and it fails.
        assertBeatsSupervised("mixmatch", 0.025);
    }

    @Test
    void udaWithItsDefaultsBeatsSupervised() {
        // The paper's T = 0.4, β = 0.8, λ = 1, exp-TSA.
        // Measured: 0.853 / 0.844 / 0.858, gains +0.017 / +0.028 / +0.064, mean +0.036 (SE 0.014).
        // With lambda_u = 0: 0.811 / 0.797 / 0.797 (margin −0.014: TSA still holds labels back).
        assertBeatsSupervised("uda", 0.015);
    }

    @Test
    void vatWithEntropyMinimisationWithItsDefaultsBeatsSupervised() {
        // ε = 1, entropy weight 1.
        // Measured: 0.914 / 0.864 / 0.919, gains +0.078 / +0.047 / +0.125, mean +0.083 (SE 0.023).
        // With alpha = 0 and entmin = 0: 0.836 / 0.817 / 0.794, the supervised run exactly.
        assertBeatsSupervised("vat-entmin", 0.04);
    }
}
