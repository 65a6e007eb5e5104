package org.semisup4j.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.semisup4j.eval.Verdict;
import org.semisup4j.method.Families;
import org.semisup4j.method.Methods;
import org.semisup4j.train.RunConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The survey's bookkeeping over the method registry: families, rows, skipped methods, the best family, the verdict. */
class SurveyTest {

    @Test
    void everyRegisteredMethodIsInTheSurveyWithAFamilyAndUnknownNamesFallBackToOther() {
        Protocol p = Survey.quick();
        assertEquals(new ArrayList<>(Methods.names()), p.methods(), "the survey runs the registry, whatever it holds");
        List<String> families = Families.ALL.stream().map(Families.Family::name).toList();
        for (String m : Methods.names()) assertTrue(families.contains(Families.of(m)), m + " -> " + Families.of(m));
        assertEquals("hybrid mixing", Families.of("fixmatch"));
        assertEquals(Families.OTHER, Families.of("a-method-nobody-filed"));
        assertThrows(IllegalArgumentException.class, () -> Families.family("no such family"));
    }

    @Test
    void rowsListSkippedMethodsAndTheVerdictTestsTheSslFamilyChosenOnValidation() {
        String d = Survey.MOONS;
        List<Protocol.Result> results = new ArrayList<>();
        // mixmatch has the best test accuracy, but fixmatch the best validation accuracy: fixmatch represents
        // the hybrid family, and the hybrid family (best on validation) is the one the verdict tests
        double[][] accuracy = {{0.80, 0.82, 0.81}, {0.95, 0.96, 0.97}, {0.85, 0.86, 0.84}, {0.99, 0.98, 0.99}};
        double[][] validation = {{0.70, 0.72, 0.74}, {0.90, 0.92, 0.94}, {0.80, 0.80, 0.80}, {0.88, 0.88, 0.88}};
        String[] methods = {"supervised", "fixmatch", "pi-model", "mixmatch"};
        for (int m = 0; m < methods.length; m++)
            for (int s = 0; s < 3; s++) results.add(new Protocol.Result(d, methods[m], 6, s, accuracy[m][s], 1, 2.0 + m, validation[m][s]));
        List<Protocol.Skipped> skipped = List.of(new Protocol.Skipped(d, "vat", 6, "needs images"));

        List<Survey.Row> rows = Survey.rows(d, results, skipped);
        assertEquals(Methods.names().size(), rows.size(), "one row per registered method");
        Survey.Row vat = rows.stream().filter(r -> r.method().equals("vat")).findFirst().orElseThrow();
        assertFalse(vat.ran());
        assertTrue(vat.note().contains("cannot run: needs images"), vat.note());
        Survey.Row fixmatch = rows.stream().filter(r -> r.method().equals("fixmatch")).findFirst().orElseThrow();
        assertEquals(0.96, fixmatch.accuracy().mean(), 1e-9);
        assertEquals(3.0, fixmatch.stepMillis(), 1e-9);

        List<Survey.Row> best = Survey.bestPerFamily(rows);
        assertEquals(List.of("hybrid mixing", "consistency", "supervised"), best.stream().map(Survey.Row::family).toList());
        assertEquals("fixmatch", best.get(0).method(), "the family's representative is chosen on validation, not on test accuracy");
        Verdict v = Survey.bestFamilyBeatsSupervised(rows);
        assertEquals(Verdict.Outcome.HELD, v.outcome(), v.sentence());
        assertTrue(v.claim().contains("fixmatch"), v.claim());
        assertEquals(0.96, v.method().mean(), 1e-9, "the verdict judges the choice by its test accuracy");
        assertEquals(6, Survey.table(rows, "t").columns().size());

        // Without validation accuracies there is nothing to choose by: an error, not a silent pick on test accuracy.
        List<Protocol.Result> testOnly = results.stream().map(r -> new Protocol.Result(r.variable(), r.method(), r.value(), r.seed(),
                r.accuracy(), r.seconds(), r.stepMillis())).toList();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Survey.bestPerFamily(Survey.rows(d, testOnly, skipped)));
        assertTrue(e.getMessage().contains("validation"), e.getMessage());
    }

    @Test
    void theSurveysRunsHoldOutAValidationPartAndScoreIt() {
        for (Protocol p : List.of(Survey.quick(), Survey.full()))
            for (Protocol.Sweep s : p.sweeps()) assertTrue(s.base().validation() >= Survey.VALIDATION, p.name() + " " + s.variable());
        RunConfig moons = RunConfig.of(Survey.MOONS).labels(6).validation(20).steps(4).evalEvery(0);
        Protocol tiny = new Protocol("t", List.of("supervised"), List.of(0L, 1L), List.of(
                new Protocol.Sweep(Survey.MOONS, moons, List.of(6.0), (c, v) -> c.labels((int) Math.round(v)))));
        for (Protocol.Result r : tiny.run(r -> {})) {
            assertTrue(r.validationAccuracy() >= 0 && r.validationAccuracy() <= 1, r.toString());
            assertEquals(0, Math.round(r.validationAccuracy() * 20) - r.validationAccuracy() * 20, 1e-9, "a share of the 20 validation examples");
        }
    }

    @Test
    void aSurveyRunGivesTeacherReadingMethodsTheBaselinesRunAndTimesTheirSteps(@TempDir Path work) {
        RunConfig moons = RunConfig.of(Survey.MOONS).labels(6).steps(6).evalEvery(0);
        Protocol p = new Protocol("t", List.of("distill", "supervised"), List.of(0L, 1L), List.of(
                new Protocol.Sweep(Survey.MOONS, moons, List.of(6.0), (c, v) -> c.labels((int) Math.round(v)))));
        List<Protocol.Skipped> skipped = new ArrayList<>();
        List<String> order = new ArrayList<>();
        List<Protocol.Result> results = p.run(new Protocol.Observer() {
            @Override
            public void finished(Protocol.Result r, org.semisup4j.experiment.Experiment e) {
                order.add(r.method());
            }

            @Override
            public void skipped(Protocol.Skipped s) {
                skipped.add(s);
            }
        }, work);
        assertEquals(List.of(), skipped);
        assertEquals(List.of("supervised", "supervised", "distill", "distill"), order, "the baseline runs first: it is the teacher");
        assertTrue(Files.isDirectory(work.resolve("two-moons-6.0-seed0").resolve("checkpoints")), "the baseline's run folder");
        for (Protocol.Result r : results) assertTrue(r.stepMillis() > 0, r.toString());
        for (Protocol.Result r : results) assertTrue(Double.isNaN(r.validationAccuracy()), "no validation part, no validation accuracy");

        // Without a work folder the teacher-reading method fails as before: bench accuracy lets errors through.
        assertThrows(RuntimeException.class, () -> p.run(r -> {}));
    }
}
