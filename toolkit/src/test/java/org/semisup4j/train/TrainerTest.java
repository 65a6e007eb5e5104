package org.semisup4j.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.loss.CrossEntropy;
import org.semisup4j.loss.Loss;
import org.semisup4j.loss.Terms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TrainerTest {
    private static final RunConfig MOONS = RunConfig.of("two-moons").labels(6).seed(0).steps(300).evalEvery(100);

    @Test
    void supervisedBaselineLearnsTwoMoonsFromSixLabels() {
        TrainingResult r = Experiment.run(MOONS);
        // Six labels already carve out most of the two moons; chance is 0.5.
        assertTrue(r.accuracy() > 0.7, "test accuracy " + r.accuracy());
        assertEquals(3, r.history().size(), "evaluations at steps 100, 200, 300");
        assertEquals(300, r.history().get(2).step());
    }

    @Test
    void sameSeedSameResultDifferentSeedDifferentResult() {
        RunConfig c = MOONS.steps(40);
        Experiment e1 = Experiment.prepare(c), e2 = Experiment.prepare(c), e3 = Experiment.prepare(c.seed(1));
        e1.trainer(null).run();
        e2.trainer(null).run();
        e3.trainer(null).run();
        assertEquals(e1.model().params(), e2.model().params());
        assertNotEquals(e1.model().params(), e3.model().params());
    }

    @Test
    void resumingFromACheckpointGivesTheSameWeightsAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        // dropout and augmentation noise make this a real test of the (seed, step)-derived randomness
        RunConfig c = MOONS.steps(40).dropout(0.2).unlabeledRatio(2);
        Experiment full = Experiment.prepare(c);
        full.trainer(dir.resolve("full")).run(); // checkpoints at 10, 20, 30, 40 (last two kept)

        Path checkpoint = dir.resolve("full/checkpoints/step-000030");
        assertTrue(Files.isDirectory(checkpoint), "checkpoint written");
        Experiment restarted = Experiment.prepare(c);
        restarted.trainer(dir.resolve("again")).resumeFrom(checkpoint).run();
        assertEquals(full.model().params(), restarted.model().params());
        // Not trivially so: the weights of step 30 differ from the final ones, so the resumed run trained
        // its last 10 steps and retraced them exactly.
        Experiment atCheckpoint = Experiment.prepare(c);
        assertEquals(30, Checkpoints.load(checkpoint, atCheckpoint.model(), java.util.Map.of(), atCheckpoint.method()));
        assertNotEquals(full.model().params(), atCheckpoint.model().params(), "the checkpoint's weights are not the final ones");
    }

    @Test
    void runFolderHoldsConfigurationMetricsAndFinalEvaluation(@TempDir Path dir) throws Exception {
        Experiment.prepare(MOONS.steps(20).evalEvery(10)).trainer(dir).run();
        String config = Files.readString(dir.resolve("config.json"));
        assertTrue(config.contains("\"method\": \"supervised\""), config);
        assertTrue(config.contains("split.labeled_indices"), config);
        List<String> rows = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals("step,epoch,kind,name,value", rows.get(0));
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("19,") && r.contains(",term,supervised,")), "last step's term");
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("20,-1,accuracy,student,")), "evaluation row");
        assertTrue(Files.readString(dir.resolve("final.json")).contains("accuracy"));
    }

    @Test
    void aNanTermStopsTrainingNamingTheStepAndTermAndKeepsEarlierCheckpoints(@TempDir Path dir) throws Exception {
        Method explodesAtStep7 = new Method() {
            public String name() { return "explodes"; }
            public Terms loss(Step step) {
                var pass = step.forward(step.batch().labeledX());
                Terms t = Terms.of("supervised", CrossEntropy.of(pass.logits(0), step.batch().labeledY()));
                return step.index() == 7 ? t.and("consistency", Loss.constant(Double.NaN)) : t;
            }
        };
        Experiment e = Experiment.prepare(MOONS.steps(20));
        Trainer trainer = Trainer.builder().model(e.model()).method(explodesAtStep7)
                .batches(org.semisup4j.data.BatchSampler.fixedShare(e.train(), e.split(), 6, 0, 0))
                .augment(org.semisup4j.augment.Augmentations.identity(), null).steps(20)
                .runFolder(dir, 5).build();
        TrainingDivergedException ex = assertThrows(TrainingDivergedException.class, trainer::run);
        assertEquals(7, ex.step());
        assertEquals("consistency", ex.term());
        assertTrue(ex.getMessage().contains("step 7") && ex.getMessage().contains("'consistency'"), ex.getMessage());
        assertTrue(Files.isDirectory(dir.resolve("checkpoints/step-000005")), "checkpoint before the failure kept");
        assertTrue(Files.readAllLines(dir.resolve("metrics.csv")).size() > 1, "metrics before the failure kept");
    }

    @Test
    void aMethodThatNeverRunsTheModelIsToldSo() {
        Method lazy = new Method() {
            public String name() { return "lazy"; }
            public Terms loss(Step step) { return Terms.of("nothing", Loss.constant(0)); }
        };
        Experiment e = Experiment.prepare(MOONS.steps(2));
        Trainer t = Trainer.builder().model(e.model()).method(lazy)
                .batches(org.semisup4j.data.BatchSampler.fixedShare(e.train(), e.split(), 6, 0, 0))
                .augment(org.semisup4j.augment.Augmentations.identity(), null).steps(2).build();
        IllegalStateException ex = assertThrows(IllegalStateException.class, t::run);
        assertTrue(ex.getMessage().contains("step.forward"), ex.getMessage());
    }

    @Test
    void aMethodThatReadsNoUnlabeledDataGetsLabeledBatchesUnderUniformComposition() {
        // A uniform batch of 128 from 6 labeled + 994 unlabeled rows usually holds no labeled row; the
        // supervised baseline used to crash on the first such batch.
        Experiment uniform = Experiment.prepare(MOONS.steps(30).batches("uniform"));
        Experiment fixed = Experiment.prepare(MOONS.steps(30));
        uniform.trainer(null).run();
        fixed.trainer(null).run();
        assertEquals(fixed.model().params(), uniform.model().params(), "the same labeled batches either way");
    }

    @Test
    void aLabeledOnlyMethodGivenABatchWithoutLabelsIsToldSo() {
        Experiment e = Experiment.prepare(MOONS.steps(5));
        Trainer t = Trainer.builder().model(e.model()).method(new org.semisup4j.method.Supervised())
                .batches(org.semisup4j.data.BatchSampler.uniform(e.train(), e.split(), 4, 0))
                .augment(org.semisup4j.augment.Augmentations.identity(), null).steps(5).build();
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, t::run);
        assertTrue(ex.getMessage().contains("supervised") && ex.getMessage().contains("labeled-only batches"), ex.getMessage());
    }
}
