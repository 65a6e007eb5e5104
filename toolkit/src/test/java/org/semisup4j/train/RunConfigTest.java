package org.semisup4j.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

class RunConfigTest {
    private static final RunConfig MOONS = RunConfig.of("two-moons");

    private static String rejected(UnaryOperator<RunConfig> change) {
        return assertThrows(IllegalArgumentException.class, () -> change.apply(MOONS).validate()).getMessage();
    }

    @Test
    void eachFieldOutOfRangeIsNamedWithWhatWasExpected() {
        assertEquals("configuration field 'batch_size' must be at least 1, got 0", rejected(c -> c.batchSize(0)));
        assertEquals("configuration field 'unlabeled_ratio' must be at least 0, got -1", rejected(c -> c.unlabeledRatio(-1)));
        assertEquals("configuration field 'steps' must be at least 1, got 0", rejected(c -> c.steps(0)));
        assertEquals("configuration field 'labels' must be at least 1, got -3", rejected(c -> c.labels(-3)));
        assertEquals("configuration field 'eval_every' must be at least 0, got -3", rejected(c -> c.evalEvery(-3)));
        assertEquals("configuration field 'train_size' must be at least 0, got -4", rejected(c -> c.trainSize(-4)));
        assertEquals("configuration field 'unlabeled_fraction' must be in (0, 1], got 0.0", rejected(c -> c.unlabeledFraction(0)));
        assertEquals("configuration field 'unlabeled_fraction' must be in (0, 1], got 2.0", rejected(c -> c.unlabeledFraction(2)));
        assertEquals("configuration field 'mismatch' must be in [0, 1], got 1.5", rejected(c -> c.mismatch(1.5, 6)));
        assertDoesNotThrow(() -> MOONS.unlabeledFraction(1).mismatch(0, 6).evalEvery(0).validate());
    }

    @Test
    void aConfigFileWithAFractionalCountIsRejectedByField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.json");
        MOONS.save(file);
        Files.writeString(file, Files.readString(file).replace("\"steps\": 500", "\"steps\": 12.5"));
        assertEquals("configuration field 'steps' must be a whole number, got 12.5",
                assertThrows(IllegalArgumentException.class, () -> RunConfig.load(file).validate()).getMessage());
    }

    @Test
    void savedAndLoadedConfigurationsAreEqualUpToNumberTypes(@TempDir Path dir) throws Exception {
        RunConfig c = MOONS.method("vat").labels(6).seed(3).param("epsilon", 0.3);
        Path file = dir.resolve("config.json");
        c.save(file);
        RunConfig back = RunConfig.load(file);
        assertEquals(c.method(), back.method());
        assertEquals(c.labels(), back.labels());
        assertEquals(c.seed(), back.seed());
        assertEquals(0.3, back.paramOr("epsilon", 1.0));
    }
}
