package org.semisup4j.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.semisup4j.loss.CrossEntropy;
import org.semisup4j.loss.Loss;
import org.semisup4j.loss.Terms;
import org.semisup4j.method.Method;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Nothing a run folder records is lost or rewritten by a crash, a resume or a long run. */
class RunFolderTest {
    /** 20 steps, evaluated every 5, checkpoints at 5, 10, 15, 20 (the last two kept). */
    private static final RunConfig RUN = RunConfig.of("two-moons").labels(6).steps(20).evalEvery(5).dropout(0.2);

    @TempDir
    Path dir;

    /** A whole run in {@code name}, and a copy of it as the process would have left it killed after step 15's checkpoint. */
    private Path[] wholeAndKilledAfterStep15() throws IOException {
        Path whole = dir.resolve("whole"), killed = dir.resolve("killed");
        Experiment.prepare(RUN).trainer(whole).run();
        copy(whole, killed);
        delete(killed.resolve("checkpoints/step-000020"));
        Files.delete(killed.resolve("final.json"));
        return new Path[]{whole, killed};
    }

    @Test
    void aResumedRunLeavesTheSameMetricsAsAnUninterruptedOne() throws IOException {
        Path[] runs = wholeAndKilledAfterStep15();
        String config = Files.readString(runs[1].resolve("config.json"));
        Experiment.prepare(RUN).trainer(runs[1]).resume().run();
        // The evaluation stamped with step 15 was written before the checkpoint of step 15: it stays.
        assertEquals(Files.readAllLines(runs[0].resolve("metrics.csv")), Files.readAllLines(runs[1].resolve("metrics.csv")));
        assertEquals(config, Files.readString(runs[1].resolve("config.json")), "config.json is never rewritten");
    }

    @Test
    void resumingWithAnotherConfigurationIsRefusedAndTheRecordKept() throws IOException {
        Path[] runs = wholeAndKilledAfterStep15();
        String config = Files.readString(runs[1].resolve("config.json"));
        String metrics = Files.readString(runs[1].resolve("metrics.csv"));
        Trainer changed = Experiment.prepare(RUN.learningRate(0.1)).trainer(runs[1]).resume();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, changed::run);
        assertTrue(e.getMessage().contains("lr 0.003 -> 0.1") && e.getMessage().contains("another folder"), e.getMessage());
        assertEquals(config, Files.readString(runs[1].resolve("config.json")));
        assertEquals(metrics, Files.readString(runs[1].resolve("metrics.csv")));
    }

    @Test
    void aRunKilledBeforeItsFirstCheckpointOrDuringItResumesFromStepZero() throws IOException {
        Path whole = dir.resolve("whole"), killed = dir.resolve("killed");
        Experiment.prepare(RUN).trainer(whole).run();
        // Killed while writing its first checkpoint: config.json, some rows and a torn last one, a partial checkpoint.
        Files.createDirectories(killed.resolve("checkpoints/step-000005.partial"));
        Files.copy(whole.resolve("config.json"), killed.resolve("config.json"));
        List<String> rows = Files.readAllLines(whole.resolve("metrics.csv"));
        Files.writeString(killed.resolve("metrics.csv"), String.join("\n", rows.subList(0, 9)) + "\n" + rows.get(9).substring(0, 7));
        Files.write(killed.resolve("checkpoints/step-000005.partial/student.bin"), new byte[]{'P', 'K', 3});

        IllegalArgumentException fresh = assertThrows(IllegalArgumentException.class, () -> Experiment.prepare(RUN).trainer(killed).run());
        assertTrue(fresh.getMessage().contains("--resume") && fresh.getMessage().contains("from step 0 if it has none"), fresh.getMessage());

        Experiment resumed = Experiment.prepare(RUN);
        resumed.trainer(killed).resume().run();
        assertEquals(rows, Files.readAllLines(killed.resolve("metrics.csv")));
        Experiment reference = Experiment.prepare(RUN);
        reference.trainer(null).run();
        assertEquals(reference.model().params(), resumed.model().params());
    }

    @Test
    void checkpointsPastStep999999AreListedInStepOrderAndPruned() throws IOException {
        Experiment e = Experiment.prepare(RUN);
        Path folder = dir.resolve("checkpoints");
        for (int step : new int[]{999_998, 999_999, 1_000_000, 1_000_001})
            Checkpoints.save(folder, step, e.model(), Map.of(), e.method());
        try (Stream<Path> s = Files.list(folder)) {
            assertEquals(List.of("step-1000000", "step-1000001"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Path latest = Checkpoints.latest(folder).orElseThrow();
        assertEquals("step-1000001", latest.getFileName().toString());
        assertEquals(1_000_001, Checkpoints.load(latest, e.model(), Map.of(), e.method()));
    }

    @Test
    void anInfiniteWeightIsNamedAsTheCauseOfDivergence() {
        Method infiniteWeight = new Method() {
            public String name() { return "infinite"; }
            public Terms loss(Step step) {
                var pass = step.forward(step.batch().labeledX());
                return Terms.of("supervised", CrossEntropy.of(pass.logits(0), step.batch().labeledY()))
                        .and("unsupervised", Double.POSITIVE_INFINITY, Loss.constant(0.5));
            }
        };
        Experiment e = Experiment.prepare(RUN);
        Trainer trainer = Trainer.builder().model(e.model()).method(infiniteWeight)
                .batches(org.semisup4j.data.BatchSampler.fixedShare(e.train(), e.split(), 6, 0, 0))
                .augment(org.semisup4j.augment.Augmentations.identity(), null).steps(5).build();
        TrainingDivergedException ex = assertThrows(TrainingDivergedException.class, trainer::run);
        assertEquals(0, ex.step(), "stopped before the infinite weight reaches the model");
        assertEquals("unsupervised", ex.term());
        assertTrue(ex.getMessage().startsWith("step 0: loss term 'unsupervised' has weight Infinity"), ex.getMessage());
    }

    @Test
    void aRunFolderThatIsAFileSaysSo() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Experiment.prepare(RUN.steps(2)).trainer(file).run());
        assertEquals("run folder " + file + " is a file, expected a folder (or a path that does not exist yet)", e.getMessage());
        assertEquals("mine", Files.readString(file));
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) Files.copy(p, to.resolve(from.relativize(p).toString()));
        }
    }

    static void delete(Path tree) throws IOException {
        try (Stream<Path> s = Files.walk(tree)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
