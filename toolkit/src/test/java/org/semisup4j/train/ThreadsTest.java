package org.semisup4j.train;

import org.junit.jupiter.api.Test;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.model.Models;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training threads follow the model (dense: one, images: the process's count) and are restored afterwards. */
class ThreadsTest {
    @Test
    void denseModelsTrainOnOneThreadImageModelsOnTheProcesssCount() {
        int launched = Threads.ompThreads();
        assertEquals(1, Threads.forModel(Models.mlp(Models.options(), 2, 8, 2)));
        assertEquals(launched, Threads.forModel(Models.smallCnn(Models.options(), 1, 8, 8, 3)));
    }

    @Test
    void aRunSetsItsCountWhileItTrainsAndRestoresTheCallersAfterwards() {
        Experiment e = Experiment.prepare(RunConfig.of("two-moons").labels(6).seed(0).steps(3));
        List<Integer> during = new ArrayList<>();
        TrainingListener probe = new TrainingListener() {
            @Override
            public void onStep(StepRecord r) {
                during.add(Threads.ompThreads());
            }
        };
        // The caller asks for 3 threads; the dense model's run must train on 1 and hand 3 back.
        try (Threads caller = Threads.use(3)) {
            assertNotNull(caller, "the CPU backend");
            assertEquals(3, Threads.ompThreads());
            e.trainer(null, probe).run();
            assertEquals(List.of(1, 1, 1), during);
            assertEquals(3, Threads.ompThreads(), "restored after the run");
        }
        assertTrue(Threads.ompThreads() >= 1);
    }
}
