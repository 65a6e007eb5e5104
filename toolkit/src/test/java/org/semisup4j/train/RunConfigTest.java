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

    private static String loadRejected(Path dir, String json) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return assertThrows(java.io.IOException.class, () -> RunConfig.load(file)).getMessage().replace(file.toString(), "FILE");
    }

    @Test
    void aConfigFileIsCheckedFieldByField(@TempDir Path dir) throws Exception {
        assertEquals("FILE: unknown field 'stpes'; known fields are " + String.join(", ", RunConfig.knownFields())
                + " and method.NAME for a method's parameters", loadRejected(dir, "{\"dataset\": \"two-moons\", \"stpes\": 20}"));
        assertEquals("FILE: field 'dataset' must be a number, a text or a boolean, got {\"name\":\"two-moons\"}",
                loadRejected(dir, "{\"dataset\": {\"name\": \"two-moons\"}}"));
        assertEquals("FILE: field 'dataset' must be a text such as \"two-moons\" or \"csv:PATH\", got 7", loadRejected(dir, "{\"dataset\": 7}"));
        assertEquals("FILE: field 'lr' must be a number, a text or a boolean, got [0.1]", loadRejected(dir, "{\"dataset\": \"two-moons\", \"lr\": [0.1]}"));
        assertEquals("FILE: field 'dataset' is missing", loadRejected(dir, "{\"steps\": 20}"));
    }

    @Test
    void aSixtyFourBitSeedSurvivesTheRoundTrip(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.json");
        MOONS.seed(9_007_199_254_740_993L).save(file); // 2^53 + 1: not a double
        assertEquals(9_007_199_254_740_993L, RunConfig.load(file).seed());
    }

    /**
     * Every field a setter writes must load back, or a run folder made with it could not be resumed: a new
     * setter fails here until its key is known to {@link RunConfig#load}.
     */
    @Test
    void everySettersFieldLoadsBack(@TempDir Path dir) throws Exception {
        RunConfig all = MOONS;
        int setters = 0;
        for (var m : RunConfig.class.getDeclaredMethods()) {
            if (m.getReturnType() != RunConfig.class || !java.lang.reflect.Modifier.isPublic(m.getModifiers())
                    || java.lang.reflect.Modifier.isStatic(m.getModifiers()) || m.getName().equals("validate")) continue;
            Object[] args = new Object[m.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                Class<?> t = m.getParameterTypes()[i];
                args[i] = t == int.class ? 1 : t == long.class ? 2L : t == double.class ? 0.5 : t == String.class ? "x" : t == Object.class ? 0.25 : null;
            }
            if (java.util.Arrays.asList(args).contains(null)) continue; // e.g. tracingParamReads: not a field
            all = (RunConfig) m.invoke(all, args);
            setters++;
        }
        Path file = dir.resolve("config.json");
        all.save(file);
        assertEquals(all.toMap().keySet(), RunConfig.load(file).toMap().keySet());
        assertTrue(setters >= 20, setters + " setters");
    }

    @Test
    void aRunFoldersRecordLoadsAndAChangedCopyDropsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"dataset\": \"two-moons\", \"steps\": 20, \"train_examples\": 1000, \"augment.weak\": \"none\"}");
        RunConfig recorded = RunConfig.load(file);
        assertEquals(1000L, recorded.toMap().get("train_examples"), "kept for whoever reads that run");
        RunConfig changed = recorded.steps(40);
        assertFalse(changed.toMap().containsKey("train_examples") || changed.toMap().containsKey("augment.weak"), changed.toString());
    }
}
