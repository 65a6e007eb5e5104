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

    // Run folders: nothing recorded is lost or rewritten by a crash, a resume or a long run.

    /** 20 steps, evaluated every 5, checkpoints at 5, 10, 15, 20 (the last two kept). */
    private static final RunConfig RUN_20 = RunConfig.of("two-moons").labels(6).steps(20).evalEvery(5).dropout(0.2);

    /** A whole run, and a copy of it as the process would have left it killed after step 15's checkpoint. */
    private static Path[] wholeAndKilledAfterStep15(Path dir) throws java.io.IOException {
        Path whole = dir.resolve("whole"), killed = dir.resolve("killed");
        Experiment.prepare(RUN_20).trainer(whole).run();
        copy(whole, killed);
        delete(killed.resolve("checkpoints/step-000020"));
        Files.delete(killed.resolve("final.json"));
        return new Path[]{whole, killed};
    }

    @Test
    void aResumedRunLeavesTheSameMetricsAsAnUninterruptedOne(@TempDir Path dir) throws java.io.IOException {
        Path[] runs = wholeAndKilledAfterStep15(dir);
        String config = Files.readString(runs[1].resolve("config.json"));
        Experiment.prepare(RUN_20).trainer(runs[1]).resume().run();
        // The evaluation stamped with step 15 was written before the checkpoint of step 15: it stays.
        assertEquals(Files.readAllLines(runs[0].resolve("metrics.csv")), Files.readAllLines(runs[1].resolve("metrics.csv")));
        assertEquals(config, Files.readString(runs[1].resolve("config.json")), "config.json is never rewritten");
    }

    @Test
    void resumingWithAnotherConfigurationIsRefusedAndTheRecordKept(@TempDir Path dir) throws java.io.IOException {
        Path[] runs = wholeAndKilledAfterStep15(dir);
        String config = Files.readString(runs[1].resolve("config.json"));
        String metrics = Files.readString(runs[1].resolve("metrics.csv"));
        Trainer changed = Experiment.prepare(RUN_20.learningRate(0.1)).trainer(runs[1]).resume();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, changed::run);
        assertTrue(e.getMessage().contains("lr 0.003 -> 0.1") && e.getMessage().contains("another folder"), e.getMessage());
        assertEquals(config, Files.readString(runs[1].resolve("config.json")));
        assertEquals(metrics, Files.readString(runs[1].resolve("metrics.csv")));
    }

    @Test
    void aRunKilledBeforeItsFirstCheckpointOrDuringItResumesFromStepZero(@TempDir Path dir) throws java.io.IOException {
        Path whole = dir.resolve("whole"), killed = dir.resolve("killed");
        Experiment.prepare(RUN_20).trainer(whole).run();
        // Killed while writing its first checkpoint: config.json, some rows and a torn last one, a partial checkpoint.
        Files.createDirectories(killed.resolve("checkpoints/step-000005.partial"));
        Files.copy(whole.resolve("config.json"), killed.resolve("config.json"));
        List<String> rows = Files.readAllLines(whole.resolve("metrics.csv"));
        Files.writeString(killed.resolve("metrics.csv"), String.join("\n", rows.subList(0, 9)) + "\n" + rows.get(9).substring(0, 7));
        Files.write(killed.resolve("checkpoints/step-000005.partial/student.bin"), new byte[]{'P', 'K', 3});

        IllegalArgumentException fresh = assertThrows(IllegalArgumentException.class, () -> Experiment.prepare(RUN_20).trainer(killed).run());
        assertTrue(fresh.getMessage().contains("--resume") && fresh.getMessage().contains("from step 0 if it has none"), fresh.getMessage());

        Experiment resumed = Experiment.prepare(RUN_20);
        resumed.trainer(killed).resume().run();
        assertEquals(rows, Files.readAllLines(killed.resolve("metrics.csv")));
        Experiment reference = Experiment.prepare(RUN_20);
        reference.trainer(null).run();
        assertEquals(reference.model().params(), resumed.model().params());
    }

    @Test
    void checkpointsPastStep999999AreListedInStepOrderAndPruned(@TempDir Path dir) throws java.io.IOException {
        Experiment e = Experiment.prepare(RUN_20);
        Path folder = dir.resolve("checkpoints");
        for (int step : new int[]{999_998, 999_999, 1_000_000, 1_000_001})
            Checkpoints.save(folder, step, e.model(), java.util.Map.of(), e.method());
        try (java.util.stream.Stream<Path> s = Files.list(folder)) {
            assertEquals(List.of("step-1000000", "step-1000001"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Path latest = Checkpoints.latest(folder).orElseThrow();
        assertEquals("step-1000001", latest.getFileName().toString());
        assertEquals(1_000_001, Checkpoints.load(latest, e.model(), java.util.Map.of(), e.method()));
    }

    @Test
    void anInfiniteWeightIsNamedAsTheCauseOfDivergence(@TempDir Path dir) {
        Method infiniteWeight = new Method() {
            public String name() { return "infinite"; }
            public Terms loss(Step step) {
                var pass = step.forward(step.batch().labeledX());
                return Terms.of("supervised", CrossEntropy.of(pass.logits(0), step.batch().labeledY()))
                        .and("unsupervised", Double.POSITIVE_INFINITY, Loss.constant(0.5));
            }
        };
        Experiment e = Experiment.prepare(RUN_20);
        Trainer trainer = Trainer.builder().model(e.model()).method(infiniteWeight)
                .batches(org.semisup4j.data.BatchSampler.fixedShare(e.train(), e.split(), 6, 0, 0))
                .augment(org.semisup4j.augment.Augmentations.identity(), null).steps(5).build();
        TrainingDivergedException ex = assertThrows(TrainingDivergedException.class, trainer::run);
        assertEquals(0, ex.step(), "stopped before the infinite weight reaches the model");
        assertEquals("unsupervised", ex.term());
        assertTrue(ex.getMessage().startsWith("step 0: loss term 'unsupervised' has weight Infinity"), ex.getMessage());
    }

    @Test
    void aRunFolderThatIsAFileSaysSo(@TempDir Path dir) throws java.io.IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Experiment.prepare(RUN_20.steps(2)).trainer(file).run());
        assertEquals("run folder " + file + " is a file, expected a folder (or a path that does not exist yet)", e.getMessage());
        assertEquals("mine", Files.readString(file));
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) Files.copy(p, to.resolve(from.relativize(p).toString()));
        }
    }

    private static void delete(Path tree) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(tree)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
