package org.semisup4j.workflow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.semisup4j.teacher.OutputTable;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.RunInfo;
import org.semisup4j.experiment.SavedRun;
import org.semisup4j.train.StepRecord;
import org.semisup4j.train.TrainingListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Stages chained as ordinary runs: artefacts passed on, a workflow resumed at its interrupted stage, nothing overwritten. */
class WorkflowTest {
    private static final RunConfig MOONS = RunConfig.of("two-moons").labels(10).steps(40).evalEvery(0).testSize(200);

    /** Throws once at the given step: a crash in the middle of a stage. */
    private static final class CrashOnce implements TrainingListener {
        final int atStep;
        boolean crashed;
        final List<Integer> firstSteps = new ArrayList<>();

        CrashOnce(int atStep) {
            this.atStep = atStep;
        }

        @Override
        public void onStart(RunInfo run) {
            firstSteps.add(run.firstStep());
        }

        @Override
        public void onStep(StepRecord step) {
            if (!crashed && step.step() == atStep) {
                crashed = true;
                throw new IllegalStateException("simulated crash at step " + atStep);
            }
        }
    }

    private static Workflow teacherLabelStudent(CrashOnce studentListener) {
        return Workflow.builder()
                .stage(Stages.train("teacher", in -> MOONS.method("supervised")))
                .stage(Stages.label("outputs", "teacher", in -> MOONS))
                .stage(Stages.train("student", in -> MOONS.method("mimic").model("shallow:32").seed(1)
                        .param("teacher", in.path("outputs").toString()), studentListener))
                .build();
    }

    @Test
    void stagesChainAndPassArtefacts(@TempDir Path root) throws IOException {
        Artefacts out = teacherLabelStudent(new CrashOnce(-1)).run(root);
        assertEquals(root.resolve("01-teacher"), out.path("teacher"));
        assertEquals(root.resolve("02-outputs/outputs.csv"), out.path("outputs"));
        assertEquals(root.resolve("03-student"), out.path("student"));
        // The label stage wrote the teacher's logits on every row of the split; the student read them as its teacher.
        OutputTable table = OutputTable.read(out.path("outputs"));
        assertEquals((int) out.number("outputs_rows"), table.rows().length);
        assertTrue(table.rows().length > 100, "labeled and unlabeled rows: " + table.rows().length);
        RunConfig studentConfig = SavedRun.load(out.path("student")).config();
        assertEquals(out.path("outputs").toString(), studentConfig.methodParams().get("teacher"));
        assertTrue(Files.isRegularFile(root.resolve("03-student/final.json")));
    }

    @Test
    void aRerunResumesAtTheInterruptedStageAndRedoesNothingFinished(@TempDir Path crashed, @TempDir Path clean) throws IOException {
        CrashOnce listener = new CrashOnce(25); // checkpoints every 10 steps: 10 and 20 are written
        Workflow workflow = teacherLabelStudent(listener);
        assertThrows(IllegalStateException.class, () -> workflow.run(crashed));
        assertEquals(List.of("teacher", "outputs"), workflow.finishedStages(crashed));
        String teacherFinal = Files.readString(crashed.resolve("01-teacher/final.json"));
        long tableTime = Files.getLastModifiedTime(crashed.resolve("02-outputs/outputs.csv")).toMillis();

        Artefacts resumed = workflow.run(crashed);

        assertEquals(List.of(0, 20), listener.firstSteps, "the student continued from its checkpoint of step 20");
        assertEquals(teacherFinal, Files.readString(crashed.resolve("01-teacher/final.json")), "the teacher was not retrained");
        assertEquals(tableTime, Files.getLastModifiedTime(crashed.resolve("02-outputs/outputs.csv")).toMillis(), "nor the pool relabelled");
        Artefacts uninterrupted = teacherLabelStudent(new CrashOnce(-1)).run(clean);
        assertEquals(SavedRun.load(uninterrupted.path("student")).model().params(), SavedRun.load(resumed.path("student")).model().params(),
                "the resumed workflow ends with the weights of one that never stopped");
    }

    @Test
    void aStageKilledBeforeItsFirstCheckpointStartsAgain(@TempDir Path root) throws IOException {
        CrashOnce listener = new CrashOnce(3);
        Workflow workflow = teacherLabelStudent(listener);
        assertThrows(IllegalStateException.class, () -> workflow.run(root));
        assertTrue(Files.exists(root.resolve("03-student/config.json")), "the attempt left its record");
        workflow.run(root);
        assertEquals(List.of(0, 0), listener.firstSteps);
        assertEquals(List.of("teacher", "outputs", "student"), workflow.finishedStages(root));
    }

    @Test
    void repeatPassesTheGenerationAndEachGenerationsTeacherIsTheLastStudent(@TempDir Path root) throws IOException {
        RunConfig quick = MOONS.steps(8);
        Workflow w = Workflow.builder()
                .stage(Stages.train("teacher", in -> quick))
                .repeat(2, g -> List.of(Stages.train("student-" + g, in -> quick.method("distill").seed(g)
                        .param("teacher", in.path(g == 1 ? "teacher" : "student-" + (g - 1)).toString()))))
                .build();
        Artefacts out = w.run(root);
        assertEquals(List.of("teacher", "student-1", "student-2"), w.stageNames());
        assertEquals(2, out.number("generation"));
        assertEquals(out.path("student-1").toString(),
                SavedRun.load(out.path("student-2")).config().methodParams().get("teacher"));
    }

    @Test
    void aFolderHoldingAnotherWorkflowIsRefusedAndLeftAsItWas(@TempDir Path root) throws IOException {
        Workflow.builder().stage(Stages.train("teacher", in -> MOONS.steps(4))).build().run(root);
        String record = Files.readString(root.resolve("workflow.json"));
        Workflow other = Workflow.builder().stage(Stages.train("other", in -> MOONS.steps(4))).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.run(root));
        assertTrue(e.getMessage().contains("holds another workflow (stages [teacher]"), e.getMessage());
        assertEquals(record, Files.readString(root.resolve("workflow.json")));
        assertFalse(Files.exists(root.resolve("01-other")));
    }

    @Test
    void aMissingArtefactIsNamedWithTheOnesThereAre(@TempDir Path root) {
        Workflow w = Workflow.builder()
                .stage(Stages.train("teacher", in -> MOONS.steps(4)))
                .stage(Stages.train("student", in -> MOONS.param("teacher", in.path("techer").toString())))
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.run(root));
        assertTrue(e.getMessage().contains("no workflow artefact 'techer'") && e.getMessage().contains("teacher"), e.getMessage());
    }

    @Test
    void stageNamesMustBeUniqueFolderNames() {
        var b = Workflow.builder().stage(Stages.train("a", in -> MOONS)).stage(Stages.train("a", in -> MOONS));
        assertTrue(assertThrows(IllegalArgumentException.class, b::build).getMessage().contains("two stages are named 'a'"));
        var bad = Workflow.builder().stage(Stages.train("a/b", in -> MOONS));
        assertTrue(assertThrows(IllegalArgumentException.class, bad::build).getMessage().contains("names a folder"));
    }
}
