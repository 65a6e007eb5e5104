package org.semisup4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveDiagnosticsTest {
    @Test
    void drawsEachNamedDiagnosticPerStepAndTheTestAccuracyPerEvaluation() {
        LiveDiagnostics live = LiveDiagnostics.show("s4l", "rotation_accuracy");
        live.onStart(new RunInfo(Map.of(), 0, 30));
        for (int step = 0; step < 30; step++) {
            Map<String, Double> diagnostics = step % 3 == 0 ? Map.of() : Map.of("rotation_accuracy", step / 30.0, "mask_rate", 1.0);
            live.onStep(new StepRecord(step, 30, 0, 1e-3, 1.0, Map.of(), Map.of(), diagnostics, 1.0));
            if (step % 10 == 9) live.onEvaluation(new EvaluationRecord(step, Map.of("student", 0.5)));
        }
        live.onEnd(null);
        String rotation = "rotation_accuracy (train, mean of 10 steps)";
        assertEquals(List.of(rotation, "test accuracy (student)"), live.plot().seriesNames(), "only the named diagnostic is drawn");
        assertEquals(20, live.plot().size(rotation), "one point per step that reported it");
        assertEquals(3, live.plot().size("test accuracy (student)"));
    }
}
