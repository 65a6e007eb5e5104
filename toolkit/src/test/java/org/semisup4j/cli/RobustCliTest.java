package org.semisup4j.cli;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code --method adversarial-training | robust-self-training} from the command line, on a CSV. */
class RobustCliTest {
    private static String csv(Path dir, int columns) throws Exception {
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < columns; j++) csv.append("f").append(j).append(',');
        csv.append("kind\n");
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 150; i++) {
            int c = i % 2;
            for (int j = 0; j < columns; j++) csv.append((2 * c - 1) * 0.8 + r.nextGaussian() * 0.5).append(',');
            csv.append(c == 0 ? "a" : "b").append('\n');
        }
        Path file = dir.resolve("blobs" + columns + ".csv");
        Files.writeString(file, csv);
        return "csv:" + file;
    }

    @Test
    void bothMethodsReportRobustAccuracyUnderAStrongerAttackOnTheTestSet(@TempDir Path dir) throws Exception {
        String data = csv(dir, 2);
        Path runDir = dir.resolve("rst");
        for (String method : new String[]{"adversarial-training", "robust-self-training"}) {
            String[] args = {"--method", method, "--dataset", data, "--label-column", "kind", "--labels", "10", "--steps", "20",
                    "--param", "epsilon=0.3", "--json"};
            if (method.equals("robust-self-training"))
                args = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--run-dir", runDir.toString()))
                        .toArray(String[]::new);
            JsonObject line = CliJson.jsonLine(args);
            double clean = line.get("test_accuracy").getAsDouble(), robust = line.get("robust_accuracy").getAsDouble();
            assertTrue(robust >= 0 && robust <= clean, method + ": robust " + robust + " vs clean " + clean);
            assertEquals(0.3, line.get("attack_epsilon").getAsDouble(), 1e-12, line.toString());
            assertEquals(20, line.get("attack_steps").getAsInt(), "default: twice training's 10 steps, at least 20");
            assertEquals(5, line.get("attack_restarts").getAsInt());
            assertEquals("linf", line.get("attack_norm").getAsString());
        }
        // The standard model and its pseudo-labels are stages of the run folder; the run records the table it read.
        assertTrue(Files.isRegularFile(runDir.resolve("standard-model/01-standard/config.json")));
        Path table = runDir.resolve("standard-model/02-pseudo-labels/outputs.csv");
        assertTrue(Files.isRegularFile(table));
        assertTrue(Files.readString(runDir.resolve("config.json")).contains("outputs.csv"));
        // A second run into the same folder is refused before any standard model is trained into it.
        Path occupied = dir.resolve("occupied");
        CliJson.jsonLine("--dataset", data, "--label-column", "kind", "--steps", "2", "--run-dir", occupied.toString(), "--json");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, Main.run(new String[]{"train", "--method", "robust-self-training", "--dataset", data, "--label-column", "kind",
                "--steps", "2", "--run-dir", occupied.toString()}, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("already holds a run"), err.toString());
        assertFalse(Files.exists(occupied.resolve("standard-model")));
        assertFalse(CliJson.jsonLine("--dataset", data, "--label-column", "kind", "--steps", "2", "--json").has("robust_accuracy"),
                "a standard run reports no robust accuracy");
    }

    @Test
    void badSettingsAndAMismatchedTeacherAreOneClearLineAndWriteNothing(@TempDir Path dir) throws Exception {
        String data = csv(dir, 2);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertNotEquals(0, Main.run(new String[]{"train", "--method", "adversarial-training", "--dataset", data, "--label-column", "kind",
                "--param", "eval_steps=5"}, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("'eval_steps' (5) must be at least attack_steps (10)"), err.toString());
        err.reset();
        assertNotEquals(0, Main.run(new String[]{"train", "--method", "adversarial-training", "--param", "loss=madry", "--param", "beta=3"}, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("'beta'"), err.toString());
        err.reset();
        // A standard model trained on a table with three features cannot label a two-feature pool.
        Path teacher = dir.resolve("teacher");
        CliJson.jsonLine("--dataset", csv(dir, 3), "--label-column", "kind", "--steps", "3", "--run-dir", teacher.toString(), "--json");
        Path run = dir.resolve("run");
        assertNotEquals(0, Main.run(new String[]{"train", "--method", "robust-self-training", "--dataset", data, "--label-column", "kind",
                "--teacher", teacher.toString(), "--steps", "3", "--run-dir", run.toString()}, e));
        String message = err.toString(StandardCharsets.UTF_8).trim();
        assertTrue(message.contains("teacher") && message.contains("[3]") && message.contains("[2]"), message);
        assertEquals(1, message.lines().count(), message);
        assertFalse(Files.exists(run.resolve("config.json")), "nothing written for a refused run");
    }
}
