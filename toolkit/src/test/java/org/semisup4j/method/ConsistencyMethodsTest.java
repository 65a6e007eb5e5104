package org.semisup4j.method;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.model.Model;
import org.semisup4j.model.Models;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.train.Method;
import org.semisup4j.train.RunConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Registration, hyperparameters and the Mean Teacher EMA arithmetic (no training). */
class ConsistencyMethodsTest {
    @Test
    void everyMethodIsRegisteredUnderItsCliName() {
        Map<String, Class<?>> expected = Map.of("pi-model", PiModel.class, "temporal-ensembling", TemporalEnsembling.class,
                "mean-teacher", MeanTeacher.class, "ua-mt", UaMt.class, "vat", Vat.class, "vat-entmin", Vat.class);
        for (var e : expected.entrySet()) {
            Method m = Methods.create(RunConfig.of("two-moons").method(e.getKey()));
            assertInstanceOf(e.getValue(), m, e.getKey());
            assertEquals(e.getKey(), m.name());
            assertTrue(m.usesUnlabeled());
        }
        assertEquals(1.0, Methods.create(RunConfig.of("two-moons").method("vat-entmin")).hyperparameters().get("entmin"));
        assertEquals(0.0, Methods.create(RunConfig.of("two-moons").method("vat")).hyperparameters().get("entmin"));
        assertEquals(0.25, Methods.create(RunConfig.of("two-moons").method("vat").param("epsilon", 0.25)).hyperparameters().get("epsilon"));
        assertEquals(0.0, Methods.create(RunConfig.of("two-moons").method("vat")).hyperparameters().get("balance"), "the paper's loss by default");
        assertEquals(1.0, Methods.create(RunConfig.of("two-moons").method("vat").param("balance", 1.0)).hyperparameters().get("balance"));
    }

    @Test
    void badParametersNameTheParameter() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Methods.create(RunConfig.of("two-moons").method("mean-teacher").param("divergence", "l1")));
        assertTrue(e.getMessage().contains("divergence"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Methods.create(RunConfig.of("two-moons").method("pi-model").param("rampup", 2.5)));
        assertTrue(e.getMessage().contains("rampup"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Methods.create(RunConfig.of("two-moons").method("vat").param("epsilon", -1.0)));
        e = assertThrows(IllegalArgumentException.class, () -> Methods.create(RunConfig.of("two-moons").method("vat").param("balance", -1.0)));
        assertTrue(e.getMessage().contains("balance"), e.getMessage());
    }

    @Test
    void meanTeacherEmaFollowsTheWarmUpRuleThenTheTwoPhaseDecay() {
        MeanTeacher mt = new MeanTeacher(100, 1000, 0.99, 0.999, "mse").rampLengthForDecay(1000);
        assertEquals(0.0, mt.decayAt(0), 1e-12, "step 0: the teacher copies the student");
        assertEquals(0.5, mt.decayAt(1), 1e-12);
        assertEquals(0.9, mt.decayAt(9), 1e-12, "warm-up rule: 1 − 1/10 below the cap");
        assertEquals(0.99, mt.decayAt(999), 1e-12, "during the ramp-up the cap is 0.99");
        assertEquals(0.999, mt.decayAt(1000), 1e-12, "after it the cap is 0.999");
        MeanTeacher shortRamp = new MeanTeacher(100, 10, 0.99, 0.999, "mse").rampLengthForDecay(10);
        assertEquals(1 - 1.0 / 201, shortRamp.decayAt(200), 1e-12, "after a short ramp-up the warm-up rule binds below 0.999");
        MeanTeacher paperScale = new MeanTeacher(100, 30000, 0.99, 0.999, "mse").rampLengthForDecay(30000).runLengthForDecay(100000);
        assertEquals(0.99, paperScale.decayAt(20000), 1e-12, "at 10⁵ steps the cap 1 − 100/T = 0.999 leaves the paper's values");
        assertEquals(0.999, paperScale.decayAt(50000), 1e-12);
        MeanTeacher shortRun = new MeanTeacher(100, 300, 0.99, 0.999, "mse").rampLengthForDecay(300).runLengthForDecay(1000);
        assertEquals(0.9, shortRun.decayAt(100), 1e-12, "1 000 steps: the teacher averages over ~10 steps, not ~100");
        assertEquals(0.9, shortRun.decayAt(900), 1e-12);
        assertEquals(0.99, shortRun.emaHorizon(0).decayAt(100), 1e-12, "horizon 0: no cap");
    }

    @Test
    void meanTeacherUpdateIsTheExactEmaOfTheParameters() {
        Model student = Models.mlp(Models.options().seed(1), 2, 8, 2);
        MeanTeacher mt = new MeanTeacher(100, 10, 0.99, 0.999, "mse").rampLengthForDecay(10);
        mt.updateTeacher(student, 0); // creates the teacher as a copy, decay 0
        INDArray before = mt.teacher().params().dup();
        student.params().addi(1.0); // the student moves
        double a = mt.updateTeacher(student, 4);
        assertEquals(0.8, a, 1e-12, "1 − 1/(4 + 1)");
        INDArray expected = before.mul(0.8).add(student.params().mul(0.2));
        assertEquals(0.0, expected.sub(mt.teacher().params()).amaxNumber().doubleValue(), 1e-6);
        assertEquals(Map.of("teacher", mt.teacher()), mt.evaluatedModels());
    }

    @Test
    void teachersExistOnceTheTrainerIsBuiltSoCheckpointsSaveAndRestoreThem() {
        for (String name : new String[] {"mean-teacher", "ua-mt"}) {
            Experiment e = Experiment.prepare(RunConfig.of("two-moons").method(name).labels(6).steps(5));
            assertTrue(e.method().evaluatedModels().isEmpty(), name + ": no teacher before a trainer starts the method");
            e.trainer(null);
            Model teacher = e.method().evaluatedModels().get("teacher");
            assertNotNull(teacher, name + ": the trainer's checkpoints name the teacher before the first step");
            assertEquals(e.model().params(), teacher.params(), name + ": the teacher starts as a copy of the student");
        }
    }

    @Test
    void aResumedTemporalEnsemblingRunKeepsItsEnsembleAndEndsWhereAnUninterruptedOneEnds(@TempDir Path dir) throws Exception {
        // An epoch here is ~10 steps (994 unlabeled moons, 96 per batch), so by step 30 the ensemble holds
        // folded targets; a resumed run that started a new ensemble would get other targets and other weights.
        RunConfig c = RunConfig.of("two-moons").method("temporal-ensembling").labels(6).steps(40).evalEvery(0);
        Experiment full = Experiment.prepare(c);
        full.trainer(dir.resolve("full")).run(); // checkpoints at 10, 20, 30, 40 (the last two kept)
        Path checkpoint = dir.resolve("full/checkpoints/step-000030");
        assertTrue(Files.isRegularFile(checkpoint.resolve("temporal-ensemble.bin")), "the checkpoint holds the ensemble");

        Experiment resumed = Experiment.prepare(c);
        resumed.trainer(dir.resolve("again")).resumeFrom(checkpoint).run();
        assertEquals(full.model().params(), resumed.model().params());
        TemporalEnsembling a = (TemporalEnsembling) full.method(), b = (TemporalEnsembling) resumed.method();
        assertEquals(a.ensemble().epoch(), b.ensemble().epoch());
        assertArrayEquals(a.ensemble().raw(5), b.ensemble().raw(5));
    }
    @Test
    void aResumedIclRunWithAProjectionHeadEndsWhereAnUninterruptedOneEnds(@TempDir Path dir) throws Exception {
        // The head is part of the model: its weights and Adam moments are in the checkpoint's student.bin. A
        // resumed run with a fresh head, or fresh moments, would train other features from step 30 on.
        RunConfig c = RunConfig.of("two-moons").method("icl").param("projection", 8).labels(6).steps(40).evalEvery(0);
        Experiment full = Experiment.prepare(c);
        assertEquals(8, full.model().projectionSize(), "icl added its projection head to the model");
        full.trainer(dir.resolve("full")).run();
        Path checkpoint = dir.resolve("full/checkpoints/step-000030");

        Experiment resumed = Experiment.prepare(c);
        resumed.trainer(dir.resolve("again")).resumeFrom(checkpoint).run();
        assertEquals(full.model().params(), resumed.model().params(), "same model weights, projection head included");
    }

    @Test
    void iclsProjectionHeadIsTrainedByTheModelsOptimizerThroughTheContrastiveTerm() {
        // With λ_c = 0 nothing sends gradient to the head and Adam (no weight decay) leaves it where it was
        // drawn; with λ_c = 1 the trainer's one update moves it.
        RunConfig c = RunConfig.of("two-moons").method("icl").param("projection", 8).labels(6).steps(5).evalEvery(0);
        double[] moved = new double[2];
        for (int k = 0; k < 2; k++) {
            Experiment e = Experiment.prepare(c.param("lambda_c", k == 0 ? 1.0 : 0.0));
            INDArray p = e.model().params();
            long n = p.length(), head = e.model().featureSize() * 8L + 8;
            INDArray before = p.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(n - head, n)).dup();
            e.trainer(null).run();
            moved[k] = p.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(n - head, n)).sub(before).amaxNumber().doubleValue();
        }
        assertTrue(moved[0] > 1e-4, "the head moved with the contrastive term on: " + moved[0]);
        assertEquals(0, moved[1], 0, "the head stayed without it");
    }
}
