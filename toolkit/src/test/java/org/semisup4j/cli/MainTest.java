package org.semisup4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.semisup4j.train.RunConfig;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class MainTest {
    @Test
    void aBadValueInAConfigFileNamesTheFileAndTheField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.json");
        RunConfig.of("two-moons").method("pseudo-label").param("thresold", 0.9).save(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Main.train(new String[]{"--config", file.toString(), "--steps", "2"}));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("'thresold'"), e.getMessage());
    }

    @Test
    void aMisspeltParameterOnTheCommandLineIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Main.train(new String[]{"--method", "fixmatch", "--param", "treshold=0.9", "--steps", "2"}));
        assertTrue(e.getMessage().contains("'treshold'") && e.getMessage().contains("lambda_u, threshold"), e.getMessage());
    }

    @Test
    void aRunFolderIsNeverOverwrittenAndAnInterruptedRunResumesToTheSameResult(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, Main.train(new String[]{"--steps", "20", "--run-dir", run.toString()}));
        String finished = Files.readString(run.resolve("final.json"));
        String config = Files.readString(run.resolve("config.json"));

        IllegalArgumentException again = assertThrows(IllegalArgumentException.class,
                () -> Main.train(new String[]{"--steps", "10", "--seed", "5", "--run-dir", run.toString()}));
        assertTrue(again.getMessage().contains("already holds a run") && again.getMessage().contains("--resume"), again.getMessage());
        assertEquals(finished, Files.readString(run.resolve("final.json")), "the refused run changed nothing");
        assertEquals(config, Files.readString(run.resolve("config.json")));

        // As if the process had died after the checkpoint of step 15: the last checkpoint and results gone.
        try (var files = Files.walk(run.resolve("checkpoints/step-000020"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Files.delete(run.resolve("final.json"));
        assertEquals(0, Main.train(new String[]{"--run-dir", run.toString(), "--resume"}));
        assertEquals(accuracy(finished), accuracy(Files.readString(run.resolve("final.json"))), "resumed run ends where the whole one did");
    }

    @Test
    void aSeedBeyondTheIntRangeIsASeedAndIsRecordedExactly(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, Main.train(new String[]{"--seed", "9999999999", "--steps", "2", "--run-dir", run.toString()}));
        assertEquals(9_999_999_999L, RunConfig.load(run.resolve("config.json")).seed());
    }

    private static String accuracy(String finalJson) {
        var evaluations = com.google.gson.JsonParser.parseString(finalJson).getAsJsonObject().getAsJsonObject("evaluations");
        return evaluations.getAsJsonObject("student").get("accuracy").getAsString();
    }
}
