package org.semisup4j.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The MPL sweep's summary: the feedback scale is chosen on validation, never on test; its CSV is checked line by line. */
class MplSweepTest {
    private static MplSweep.Row row(String method, double s, long seed, double validation, double test) {
        boolean teacher = method.equals("mpl");
        return new MplSweep.Row("digits", 50, 300, method, s, seed, validation, test, teacher ? 0.8 : Double.NaN, teacher ? 0.8 : Double.NaN, 1);
    }

    @Test
    void theScaleIsChosenOnValidationEvenWhenAnotherScaleHasTheBetterTestAccuracy() {
        List<MplSweep.Row> rows = new ArrayList<>();
        for (long seed = 0; seed < 3; seed++) {
            rows.add(row("pseudo-label", Double.NaN, seed, 0.80, 0.80));
            rows.add(row("mpl", 1, seed, 0.90, 0.81 + 0.001 * seed)); // best on validation
            rows.add(row("mpl", 10, seed, 0.85, 0.95));               // best on test: must not be chosen
            rows.add(row("mpl", 0, seed, 0.99, 0.99));                // the ablation: never a candidate
        }
        String summary = MplSweep.summary(rows, 300, List.of(1.0, 0.0, 10.0), Path.of("sweep.csv"));
        assertTrue(summary.contains("**mpl**, chosen on validation (seeds 0,1,2): mpl s=1."), summary);
        assertTrue(summary.contains("| mpl s=10 | 0,1,2 | 0.850 | 0.950 ± 0.000 | 0.800 | +15.0 ± 0.0 points |"), summary);
    }

    @Test
    void aShortLineNamesTheFileAndTheLine(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("sweep.csv");
        Files.writeString(csv, MplSweep.HEADER + "\n" + row("mpl", 1, 0, 0.9, 0.8).csv() + "\ndigits,50,300,mpl\n");
        var e = assertThrows(IllegalArgumentException.class, () -> MplSweep.read(csv));
        assertTrue(e.getMessage().contains(csv + " line 3") && e.getMessage().contains("expected 11 fields"), e.getMessage());
        assertEquals(1.0, MplSweep.read(writeGood(dir)).get(0).feedback(), "a whole line reads back");
    }

    private static Path writeGood(Path dir) throws Exception {
        Path csv = dir.resolve("good.csv");
        Files.writeString(csv, MplSweep.HEADER + "\n" + row("mpl", 1, 0, 0.9, 0.8).csv() + "\n");
        return csv;
    }

    @Test
    void seedsNeededGrowWithTheSpreadSquared() {
        assertEquals(16, MplSweep.seedsFor(0.04, 0.02));
        assertEquals(2, MplSweep.seedsFor(0.001, 0.02), "at least two seeds for a spread");
    }
}
