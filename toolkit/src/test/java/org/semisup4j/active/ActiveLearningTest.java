package org.semisup4j.active;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.semisup4j.data.Dataset;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.RunInfo;
import org.semisup4j.train.StepRecord;
import org.semisup4j.train.TrainingListener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The loop: pools grow by the picks, picks come from the unlabeled pool only, a crashed cycle resumes to the same result. */
class ActiveLearningTest {
    private static final RunConfig SMALL = RunConfig.of("two-moons").method("supervised").optimizer("sgd").learningRate(0.05)
            .dropout(0.2).steps(40).evalEvery(0).labels(6).trainSize(300).testSize(200).seed(3);

    /** 20 steps a cycle: enough to tell the loop's bookkeeping; the resume test takes 40, for checkpoints between snapshots. */
    private static ActiveLearning.Settings settings(String acquisition) {
        return settings(acquisition, 20);
    }

    private static ActiveLearning.Settings settings(String acquisition, int steps) {
        return new ActiveLearning.Settings(SMALL.steps(steps), acquisition, 5, 2, 3, 0.5, 4);
    }

    @Test
    void everyCyclePicksBUnlabeledRowsAndTheOracleRevealsTheirLabels(@TempDir Path dir) throws Exception {
        for (String acquisition : Acquisition.NAMES) {
            ActiveLearning.Result r = ActiveLearning.run(settings(acquisition), dir.resolve(acquisition), null);
            assertArrayEquals(new int[]{6, 11, 16}, r.labelsPerCycle(), acquisition);
            Dataset train = Experiment.prepare(settings(acquisition).base()).train();
            Set<Integer> labeled = new HashSet<>();
            for (int i : r.cycles().get(0).labeled()) labeled.add(i);
            for (ActiveLearning.Cycle c : r.cycles()) {
                assertEquals(labeled, toSet(c.labeled()), acquisition + " cycle " + c.index() + " trains on the pool so far");
                assertEquals(c.index() < 2 ? 5 : 0, c.picked().length, "the last cycle acquires nothing");
                for (int k = 0; k < c.picked().length; k++) {
                    assertTrue(labeled.add(c.picked()[k]), acquisition + " picked row " + c.picked()[k] + " twice or from the labeled pool");
                    assertEquals(train.label(c.picked()[k]), c.pickedLabels()[k], "the oracle's label is the hidden one");
                }
                assertTrue(c.testAccuracy() > 0.5 && c.testAccuracy() <= 1, acquisition + ": " + c.testAccuracy());
            }
        }
    }

    @Test
    void stConalPicksTheRowsWithTheHighestScoresOfItsSnapshots(@TempDir Path dir) throws Exception {
        ActiveLearning.Settings s = settings("st-conal");
        ActiveLearning.Result r = ActiveLearning.run(s, dir, null);
        ActiveLearning.Cycle first = r.cycles().get(0);
        // Recompute cycle 0's scores from its snapshots on disk: the picks are their top 5.
        Experiment e = Experiment.prepare(s.base());
        int[] pool = Acquisition.without(java.util.stream.IntStream.range(0, e.train().size()).toArray(), first.labeled());
        ActiveLearning.Snapshots snaps = new ActiveLearning.Snapshots(e.model(), dir.resolve("01-cycle-0/snapshots"), s.base().steps(), 3);
        assertArrayEquals(new int[]{14, 17, 20}, snaps.updates(), "snapshots over the second half, the last the final model");
        var trained = new Acquisition.Trained(e.model(), snaps.load());
        double[] scores = new StConal(0.5).scores(trained, e.train().features(pool), 0).toDoubleVector();
        assertArrayEquals(Acquisition.topB(scores, pool, 5), first.picked());
        double lowestPicked = Arrays.stream(first.picked()).mapToDouble(row -> scores[Arrays.binarySearch(pool, row)]).min().orElseThrow();
        long above = Arrays.stream(scores).filter(v -> v > lowestPicked).count();
        assertTrue(above <= 4, above + " unpicked rows score above the lowest pick");
    }

    /** Throws once, at a step of the given cycle's training (cycles counted by training starts). */
    private static final class CrashInCycle implements TrainingListener {
        final int cycle, step;
        int starts;
        boolean crashed;

        CrashInCycle(int cycle, int step) {
            this.cycle = cycle;
            this.step = step;
        }

        @Override
        public void onStart(RunInfo run) {
            starts++;
        }

        @Override
        public void onStep(StepRecord r) {
            if (!crashed && starts == cycle + 1 && r.step() == step) {
                crashed = true;
                throw new IllegalStateException("simulated crash in cycle " + cycle + " at step " + step);
            }
        }
    }

    @Test
    void aLoopInterruptedInACycleResumesToTheResultOfAnUninterruptedOne(@TempDir Path dir) throws Exception {
        ActiveLearning.Settings s = settings("st-conal", 40);
        ActiveLearning.Result whole = ActiveLearning.run(s, dir.resolve("whole"), null);

        Path folder = dir.resolve("crashed");
        // Step 35 of cycle 1: after its checkpoint at update 30 and its first two snapshots (updates 27 and 34).
        CrashInCycle crash = new CrashInCycle(1, 35);
        assertThrows(IllegalStateException.class, () -> ActiveLearning.run(s, folder, null, crash));
        assertTrue(Files.exists(folder.resolve("01-cycle-0/stage.json")) && !Files.exists(folder.resolve("02-cycle-1/stage.json")));
        assertTrue(Files.exists(folder.resolve("02-cycle-1/checkpoints")), "cycle 1 had checkpointed before the crash");

        int[] resumedStarts = new int[1];
        ActiveLearning.Result resumed = ActiveLearning.run(s, folder, null, new TrainingListener() {
            @Override public void onStart(RunInfo run) {
                resumedStarts[0]++;
                if (resumedStarts[0] == 1) assertEquals(30, run.firstStep(), "cycle 1 continues from its checkpoint");
            }
        });
        assertEquals(2, resumedStarts[0], "cycle 0 is not trained again; cycles 1 and 2 are");
        assertArrayEquals(whole.labelsPerCycle(), resumed.labelsPerCycle());
        assertArrayEquals(whole.accuracyPerCycle(), resumed.accuracyPerCycle(), 0.0);
        for (int c = 0; c < whole.cycles().size(); c++)
            assertArrayEquals(whole.cycles().get(c).picked(), resumed.cycles().get(c).picked(), "picks of cycle " + c);
    }

    @Test
    void aFolderHoldingAnotherLoopIsRefusedAndSettingsAreChecked(@TempDir Path dir) throws Exception {
        ActiveLearning.Settings s = new ActiveLearning.Settings(SMALL.steps(10), "random", 5, 0, 1, 0.5, 4);
        ActiveLearning.run(s, dir, null);
        assertEquals(s.toMap(), ActiveLearning.load(dir).toMap());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> ActiveLearning.run(s.acquisition("entropy"), dir, null));
        assertTrue(other.getMessage().contains("other settings"), other.getMessage());
        IllegalArgumentException bald = assertThrows(IllegalArgumentException.class,
                () -> new ActiveLearning.Settings(SMALL.dropout(0), "bald", 5, 1, 1, 0.5, 4));
        assertTrue(bald.getMessage().contains("dropout"), bald.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> s.acquisition("coreset"));
        assertTrue(unknown.getMessage().contains("st-conal, random, entropy, bald"), unknown.getMessage());
    }

    private static Set<Integer> toSet(int[] a) {
        Set<Integer> s = new HashSet<>();
        for (int i : a) s.add(i);
        return s;
    }
}
