package org.semisup4j.eval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SeedSummaryTest {
    @Test
    void meanAndSampleStdAgainstHandValues() {
        // mean 0.87; deviations 0.01, -0.02, 0.01 -> squares sum 6e-4; /(n-1) = 3e-4; std = 0.017320...
        SeedSummary s = SeedSummary.of("accuracy", 0.88, 0.85, 0.88);
        assertEquals(0.87, s.mean(), 1e-12);
        assertEquals(Math.sqrt(3e-4), s.std(), 1e-12);
        assertEquals(3, s.n());
        assertEquals("0.870 ± 0.017 (n=3)", s.toString());
        assertEquals("0.87000 ± 0.01732 (n=3)", s.format(5));
        assertEquals(List.of(0.88, 0.85, 0.88), s.values());
    }

    @Test
    void oneSeedHasStdZero() {
        SeedSummary s = SeedSummary.of("error", 0.25);
        assertEquals(0.25, s.mean(), 0);
        assertEquals(0.0, s.std(), 0);
        assertEquals("0.250 ± 0.000 (n=1)", s.toString());
    }

    @Test
    void aggregatesPerSeedMapsMetricByMetricInOrder() {
        Map<String, SeedSummary> summary = SeedSummary.aggregate(List.of(
                Map.of("accuracy", 0.9, "macro_f1", 0.8),
                Map.of("accuracy", 0.8, "macro_f1", 0.6)));
        assertEquals(0.85, summary.get("accuracy").mean(), 1e-12);
        assertEquals(Math.sqrt(0.005), summary.get("accuracy").std(), 1e-12);
        assertEquals(0.7, summary.get("macro_f1").mean(), 1e-12);
        assertEquals(Math.sqrt(0.02), summary.get("macro_f1").std(), 1e-12);
        assertEquals("macro_f1", summary.get("macro_f1").metric());
    }

    @Test
    void aggregatesEvaluationMaps() {
        List<String> names = List.of("a", "b");
        Map<String, SeedSummary> summary = SeedSummary.aggregate(List.of(
                Evaluation.of(new int[]{0, 1, 1, 0}, new int[]{0, 1, 1, 1}, names).toMap(),
                Evaluation.of(new int[]{0, 1, 1, 0}, new int[]{0, 1, 1, 0}, names).toMap()));
        assertEquals(0.875, summary.get("accuracy").mean(), 1e-12);
        assertEquals(Math.sqrt(0.03125), summary.get("accuracy").std(), 1e-12);
        assertEquals(4.0, summary.get("n").mean(), 0);
    }

    @Test
    void badInputIsRejected() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> SeedSummary.of("acc"));
        assertTrue(empty.getMessage().contains("acc"), empty.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> SeedSummary.of("acc", 0.5, Double.NaN));
        assertTrue(nan.getMessage().contains("values[1] for acc is NaN"), nan.getMessage());
        IllegalArgumentException keys = assertThrows(IllegalArgumentException.class, () -> SeedSummary.aggregate(List.of(
                Map.of("accuracy", 0.9), Map.of("acc", 0.8))));
        assertTrue(keys.getMessage().contains("perSeed[1]"), keys.getMessage());
    }

    @Test
    void standardErrorAndPairedDifferences() {
        SeedSummary a = SeedSummary.of("a", 0.9, 0.7, 0.8), b = SeedSummary.of("b", 0.8, 0.7, 0.6);
        assertEquals(a.std() / Math.sqrt(3), a.standardError(), 1e-12);
        SeedSummary d = a.minus(b);
        assertEquals("a − b", d.metric());
        assertEquals(List.of(0.9 - 0.8, 0.0, 0.8 - 0.6), d.values());
        assertEquals(0.1, d.mean(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.minus(SeedSummary.of("c", 1.0)));
        assertTrue(e.getMessage().contains("a has 3 seeds but c has 1"), e.getMessage());
    }
}
