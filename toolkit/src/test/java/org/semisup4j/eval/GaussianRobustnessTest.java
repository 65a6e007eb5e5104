package org.semisup4j.eval;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The closed forms of Schmidt et al.'s Gaussian model against sampling, and Carmon et al.'s claim in it. */
class GaussianRobustnessTest {
    @Test
    void closedFormErrorsMatchSamplingWithTheWorstCasePerturbation() {
        GaussianRobustness g = new GaussianRobustness(20, 2.0, 0.3);
        SplittableRandom r = new SplittableRandom(1);
        double[] theta = g.labeledEstimate(3, r);
        int n = 200_000, wrong = 0, robustWrong = 0;
        double l1 = 0;
        for (double t : theta) l1 += Math.abs(t);
        for (int k = 0; k < n; k++) {
            double y = r.nextBoolean() ? 1 : -1, margin = 0;
            for (int i = 0; i < theta.length; i++) margin += y * theta[i] * (y + g.sigma() * r.nextGaussian());
            if (margin < 0) wrong++;
            if (margin - g.epsilon() * l1 < 0) robustWrong++; // δ = −ε·y·sign(θ) lowers y·θᵀx by ε‖θ‖₁
        }
        double se = Math.sqrt(0.25 / n) * 3;
        assertEquals(g.standardError(theta), (double) wrong / n, se);
        assertEquals(g.robustError(theta), (double) robustWrong / n, se);
        assertTrue(g.robustError(theta) > g.standardError(theta));
        assertEquals(0.5, GaussianRobustness.tail(0), 1e-12);
        assertEquals(0.158655, GaussianRobustness.tail(1), 1e-6);
    }

    @Test
    void fewLabelsGiveAccuracyButNotRobustnessWhichUnlabeledDataRestores() {
        // d = 1 600, σ = d^¼ ≈ 6.3, ε = 0.5: 4 labels suffice for standard accuracy, not for robust accuracy;
        // self-training on 2 000 unlabeled points gets close to what 2 004 labels give.
        GaussianRobustness g = GaussianRobustness.of(1600, 0.5);
        SplittableRandom r = new SplittableRandom(2);
        double std = 0, robust = 0, selfTrained = 0, oracle = 0;
        for (int k = 0; k < 5; k++) {
            double[] few = g.labeledEstimate(4, r);
            std += g.standardError(few) / 5;
            robust += g.robustError(few) / 5;
            selfTrained += g.robustError(g.selfTrainedEstimate(few, 2000, r)) / 5;
            oracle += g.robustError(g.labeledEstimate(2004, r)) / 5;
        }
        assertTrue(std < 0.1, "standard error with 4 labels " + std);
        assertTrue(robust > 0.5, "robust error with 4 labels " + robust);
        assertTrue(selfTrained < 0.1 && selfTrained < oracle + 0.05, "self-trained " + selfTrained + ", oracle " + oracle);
    }

    @Test
    void badSettingsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> new GaussianRobustness(0, 1, 0.1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GaussianRobustness(5, 1, -0.1));
        assertTrue(e.getMessage().contains("epsilon"), e.getMessage());
    }
}
