package org.semisup4j.method;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.train.Method;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.TrainingResult;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Method parameters: what each method reads, what it records, and that a run's record re-runs it. */
class MethodParametersTest {
    private static final RunConfig MOONS = RunConfig.of("two-moons").labels(6).steps(4).evalEvery(0);

    @Test
    void everyMethodRecordsExactlyTheParametersItReadsAndTakesTheRecordBack() {
        for (String name : Methods.names()) {
            Map<String, Object> recorded = Methods.create(MOONS.method(name)).hyperparameters();
            assertEquals(Methods.parameters(name), Set.copyOf(recorded.keySet()), name + ": recorded vs read parameters");
            RunConfig again = MOONS.method(name);
            for (var e : recorded.entrySet()) again = again.param(e.getKey(), e.getValue());
            assertEquals(recorded, Methods.create(again).hyperparameters(), name + ": the record read back");
        }
    }

    @Test
    void uaMtsMaskParameterSelectsTheMaskFreeVariantAndRejectsOtherValues() {
        UaMt withoutMask = (UaMt) Methods.create(MOONS.method("ua-mt").param("mask", "none"));
        assertEquals("ua-mt-without-uncertainty", withoutMask.name());
        assertEquals("none", withoutMask.hyperparameters().get("mask"));
        assertEquals("uncertainty", Methods.create(MOONS.method("ua-mt")).hyperparameters().get("mask"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Methods.create(MOONS.method("ua-mt").param("mask", "off")));
        assertTrue(e.getMessage().contains("mask") && e.getMessage().contains("'off'"), e.getMessage());
    }

    @Test
    void aMisspeltParameterIsAnErrorNamingItAndTheMethodsParameters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Methods.create(MOONS.method("pseudo-label").param("thresold", 0.9)));
        assertTrue(e.getMessage().contains("'thresold'") && e.getMessage().contains("lambda_u, ramp, threshold"), e.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Methods.create(MOONS.method("supervised").param("weigth", 1)));
        assertTrue(none.getMessage().contains("'weigth'") && none.getMessage().contains("parameters are none"), none.getMessage());
    }

    @Test
    void aParameterOfAnotherMethodIsAnErrorNamingTheMethodsThatHaveIt() {
        // `--method fixmatch --param epsilon=0.3` used to train FixMatch with epsilon silently ignored.
        RunConfig base = MOONS.param("epsilon", 0.3);
        assertEquals(0.3, Methods.create(base.method("vat")).hyperparameters().get("epsilon"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Methods.create(base.method("fixmatch")));
        assertTrue(e.getMessage().contains("'epsilon' is a parameter of") && e.getMessage().contains("vat")
                && e.getMessage().contains("fixmatch's parameters are"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Methods.create(base.method("supervised")));
    }

    @Test
    void aRunFoldersConfigReRunsTheSameRun(@TempDir Path dir) throws Exception {
        // Methods that learn from a trained teacher (distill, mimic, amal) get one; the others would refuse it.
        Path teacher = dir.resolve("teacher");
        Experiment.prepare(MOONS).trainer(teacher).run();
        for (String name : Methods.names()) {
            if (Methods.create(MOONS.method(name)) instanceof NeedsImages) continue; // images only: S4lTest
            RunConfig base = Methods.parameters(name).contains("teacher") ? MOONS.param("teacher", teacher.toString()) : MOONS;
            Path first = dir.resolve(name);
            Experiment original = Experiment.prepare(base.method(name));
            TrainingResult a = original.trainer(first).run();
            Experiment rerun = Experiment.prepare(RunConfig.load(first.resolve("config.json")));
            TrainingResult b = rerun.trainer(dir.resolve(name + "-again")).run();
            assertEquals(original.method().hyperparameters(), rerun.method().hyperparameters(), name);
            assertEquals(original.model().params(), rerun.model().params(), name + ": same weights after the re-run");
            assertEquals(a.accuracy(), b.accuracy(), name);
        }
    }
}
