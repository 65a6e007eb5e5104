package org.semisup4j.method;

import org.junit.jupiter.api.Test;
import org.semisup4j.data.Dataset;
import org.semisup4j.propagate.LabelPropagation;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.train.RunConfig;

import java.util.Arrays;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Behaviour of the neighbour and contrastive methods on two moons, each against plain cross-entropy with the
 * same model (MLP 100-100), batches, steps and seeds; the two runs of a seed differ only in the method.
 */
class NeighbourBehaviourTest {
    private static final long[] SEEDS = {0, 1, 2};

    /** Mean over {@link #SEEDS} of (method − baseline) test accuracy; each seed's pair printed for the log. */
    private static double meanMargin(RunConfig config, String method, String baseline) {
        double[] margins = LongStream.of(SEEDS).mapToDouble(seed -> {
            double m = Experiment.run(config.seed(seed).method(method)).accuracy();
            double b = Experiment.run(config.seed(seed).method(baseline)).accuracy();
            System.out.printf("%s vs %s, seed %d: %.3f vs %.3f%n", method, baseline, seed, m, b);
            return m - b;
        }).toArray();
        return Arrays.stream(margins).average().orElseThrow();
    }

    @Test
    void interpolationContrastBeatsSupervisedWithThreeLabelsPerClass() {
        // 700 steps, 32 labeled + 96 unlabeled rows per batch. Measured (seeds 0, 1, 2): ICL 0.939 / 0.957 / 0.839,
        // supervised 0.866 / 0.864 / 0.774 — mean margin +0.077 (the CLI gave ICL 0.881 on seed 2). (FixMatch alone, seed 0, 1000 steps: 0.794.)
        RunConfig config = RunConfig.of("two-moons").labels(6).steps(700).evalEvery(700);
        double margin = meanMargin(config, "icl", "supervised");
        assertTrue(margin > 0.05, "ICL − supervised mean test accuracy " + margin);
    }

    @Test
    void neighbourConsistencyBeatsCrossEntropyUnderFortyPercentSymmetricNoise() {
        // 400 labels (200 per class), 160 of them flipped; 500 steps of batches of 64. At 200 labels a seed's
        // 80 flips can outvote the truth in whole regions (CE and NCR both near 0.65 on seed 2), so the
        // comparison says more about the draw than the method; 400 keeps most regions majority-correct.
        // Measured (seeds 0, 1, 2): NCR 0.875 / 0.839 / 0.778, CE 0.807 / 0.809 / 0.697 — mean margin +0.060.
        RunConfig config = RunConfig.of("two-moons").labels(400).noise(0.4).batchSize(64).steps(500).evalEvery(500);
        double margin = meanMargin(config, "ncr", "supervised");
        assertTrue(margin > 0.025, "NCR − CE mean test accuracy " + margin);
    }

    @Test
    void labelSpreadingOnTheMoonsOverrulesFlippedLabelsThatPropagationKeeps() {
        // NCR's transductive baseline: a 10-NN graph over the training inputs and the test points, 200 labels of
        // which 40 % are flipped. Spreading may overrule a given label, propagation clamps it.
        // Measured (seeds 0, 1, 2): labeled points right 0.850 / 0.860 / 0.785 after spreading, 0.600 after propagation;
        // test accuracy spreading 0.840 / 0.816 / 0.760, propagation 0.653 / 0.621 / 0.615.
        RunConfig config = RunConfig.of("two-moons").labels(200).noise(0.4);
        for (long seed : SEEDS) {
            Experiment noisy = Experiment.prepare(config.seed(seed));
            Dataset train = noisy.train(), clean = Experiment.prepare(config.seed(seed).noise(0)).train();
            int[] partial = new int[train.size()];
            Arrays.fill(partial, -1);
            int[] labeled = noisy.split().labeled();
            int flipped = 0;
            for (int i : labeled) {
                partial[i] = train.label(i);
                if (train.label(i) != clean.label(i)) flipped++;
            }
            assertEquals(80, flipped, "40 % of 200 labels flipped");
            LabelPropagation.Result spread = LabelPropagation.spreading(0.99).fit(train.features(), partial, 2);
            LabelPropagation.Result clamped = LabelPropagation.propagation().fit(train.features(), partial, 2);
            double spreadOnLabeled = agreement(spread.predicted(), clean.labels(), labeled);
            double clampedOnLabeled = agreement(clamped.predicted(), clean.labels(), labeled);
            double spreadTest = LabelPropagation.spreading(0.99).predict(train.features(), partial, noisy.test().features(), 2)
                    .accuracy(noisy.test().labels());
            double clampedTest = LabelPropagation.propagation().predict(train.features(), partial, noisy.test().features(), 2)
                    .accuracy(noisy.test().labels());
            System.out.printf("seed %d: labeled points right: spreading %.3f, propagation %.3f; test: spreading %.3f, propagation %.3f%n",
                    seed, spreadOnLabeled, clampedOnLabeled, spreadTest, clampedTest);
            assertEquals(0.6, clampedOnLabeled, 1e-9, "propagation keeps every given label, flipped or not");
            assertTrue(spreadOnLabeled > 0.75, "seed " + seed + ": spreading kept too many flipped labels, " + spreadOnLabeled);
            assertTrue(spreadTest > clampedTest + 0.1, "seed " + seed + ": spreading " + spreadTest + " vs propagation " + clampedTest);
        }
    }

    /** Share of {@code rows} where {@code predicted} equals {@code truth}. */
    private static double agreement(int[] predicted, int[] truth, int[] rows) {
        return (double) Arrays.stream(rows).filter(i -> predicted[i] == truth[i]).count() / rows.length;
    }
}
