package org.semisup4j.method;

import org.junit.jupiter.api.Test;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.StepRecord;
import org.semisup4j.train.TrainingListener;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every method copes with a batch that has no labeled rows (uniform composition: 6 labels among 1 000
 * examples, so most batches of 128 hold none) or no unlabeled rows (μ = 0): the missing part's terms are 0,
 * the rest trains. Eight of the thirteen methods used to throw on one (supervised, NCR, Π, TE, Mean Teacher,
 * VAT, VAT+EntMin, UA-MT).
 */
class BatchCompositionTest {
    private static final RunConfig MOONS = RunConfig.of("two-moons").labels(6).steps(12).evalEvery(0);

    @Test
    void everyMethodTrainsOnUniformBatchesAndWithoutUnlabeledRows(@TempDir Path dir) {
        // The methods that learn from a trained teacher (distill, mimic, amal) get one; a parameter a method
        // does not read is an error, so the others get none.
        Experiment.prepare(MOONS).trainer(dir.resolve("teacher")).run();
        for (String name : Methods.names()) {
            if (Methods.create(MOONS.method(name)) instanceof NeedsImages) continue; // images only: S4lTest
            RunConfig base = withTeacher(name, dir.resolve("teacher"));
            for (RunConfig config : new RunConfig[]{base.method(name).batches("uniform"), base.method(name).unlabeledRatio(0)}) {
                if (name.equals("mpl") || name.equals("self-mpl")) {
                    // every step needs both parts (the teacher's feedback is the student's labeled loss): refused before training
                    var refused = assertThrows(IllegalArgumentException.class, () -> Experiment.prepare(config), config.toString());
                    assertTrue(refused.getMessage().contains("fixed-share batches"), refused.getMessage());
                    continue;
                }
                TrainingListener finite = new TrainingListener() {
                    @Override
                    public void onStep(StepRecord r) {
                        assertTrue(Double.isFinite(r.loss()), name + " step " + r.step() + ": loss " + r.loss());
                    }
                };
                double accuracy = assertDoesNotThrow(() -> Experiment.run(config, finite).accuracy(), config.toString());
                assertTrue(accuracy >= 0 && accuracy <= 1, name + ": " + accuracy);
            }
        }
    }

    /** MOONS, plus a trained teacher (and distillation on the unlabeled pool) for the methods that read one. */
    static RunConfig withTeacher(String method, Path teacher) {
        Set<String> reads = Methods.parameters(method);
        RunConfig c = MOONS;
        if (reads.contains("teacher")) c = c.param("teacher", teacher.toString());
        if (reads.contains("data")) c = c.param("data", "transfer");
        return c;
    }
}
