package org.semisup4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.semisup4j.train.RunConfig;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code --method noisy-student}: the workflow from the command line — JSON per generation, resume, bad input. */
class NoisyStudentCliTest {
    /** Three Gaussian blobs with {@code features} columns and a "species" label. */
    private static String csv(Path dir, String name, int features) throws Exception {
        StringBuilder csv = new StringBuilder();
        for (int f = 0; f < features; f++) csv.append("x").append(f).append(',');
        csv.append("species\n");
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 150; i++) {
            int c = i % 3;
            for (int f = 0; f < features; f++) csv.append((f % 2 == 0 ? c : -c) + r.nextGaussian() * 0.4).append(',');
            csv.append("s").append(c).append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, csv);
        return "csv:" + file;
    }

    @Test
    void aCsvRunReportsEveryGenerationAndResumesWithoutRetraining(@TempDir Path dir) throws Exception {
        String data = csv(dir, "plants.csv", 2);
        Path run = dir.resolve("ns");
        JsonObject line = CliJson.jsonLine("--method", "noisy-student", "--dataset", data, "--label-column", "species", "--labels", "9",
                "--steps", "20", "--param", "generations=2", "--param", "threshold=0.5", "--run-dir", run.toString(), "--json");
        JsonArray generations = line.getAsJsonArray("generations");
        assertEquals(3, generations.size(), line.toString());
        for (int g = 0; g < 3; g++) assertEquals(g, generations.get(g).getAsJsonObject().get("generation").getAsInt());
        assertEquals(generations.get(2).getAsJsonObject().get("test_accuracy").getAsDouble(), line.get("test_accuracy").getAsDouble());
        assertEquals(generations.get(0).getAsJsonObject().get("test_accuracy").getAsDouble(), line.get("teacher_test_accuracy").getAsDouble());
        for (String stage : new String[]{"01-teacher", "02-labels-1", "03-student-1", "04-labels-2", "05-student-2"})
            assertTrue(Files.isRegularFile(run.resolve(stage).resolve("stage.json")), stage);
        assertTrue(Files.isRegularFile(run.resolve("03-student-1/config.json")), "a student stage is an ordinary run");
        // The noise: the student is built with dropout 0.5 (the teacher without) and learns from the labelling stage's table.
        RunConfig teacherRun = RunConfig.load(run.resolve("01-teacher/config.json")), student = RunConfig.load(run.resolve("05-student-2/config.json"));
        assertEquals(0.0, teacherRun.dropout());
        assertEquals("supervised", teacherRun.method());
        assertEquals(0.5, student.dropout());
        assertTrue(student.methodParams().get("teacher").toString().endsWith("04-labels-2" + java.io.File.separator + "outputs.csv"),
                student.methodParams().toString());

        // Interrupted after student 1: the last two stages are redone, the first three read back, unchanged.
        Path teacherMetrics = run.resolve("01-teacher/metrics.csv");
        String before = Files.readString(teacherMetrics);
        for (String stage : new String[]{"04-labels-2", "05-student-2"}) deleteTree(run.resolve(stage));
        JsonObject resumed = CliJson.jsonLine("--run-dir", run.toString(), "--resume", "--json");
        assertEquals(line.get("generations"), resumed.get("generations"), "same accuracies after the resume");
        assertEquals(before, Files.readString(teacherMetrics), "the finished teacher is not retrained");
        IllegalArgumentException again = assertThrows(IllegalArgumentException.class, () -> Main.train(new String[]{
                "--method", "noisy-student", "--dataset", data, "--label-column", "species", "--steps", "5", "--run-dir", run.toString()}));
        assertTrue(again.getMessage().contains("already holds a noisy-student run"), again.getMessage());
    }

    @Test
    void aTeacherFolderThatIsNotARunIsOneLineAndNothingIsWritten(@TempDir Path dir) throws Exception {
        Path notARun = Files.createDirectories(dir.resolve("empty"));
        Path run = dir.resolve("ns");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[]{"train", "--method", "noisy-student", "--teacher", notARun.toString(), "--steps", "5",
                "--run-dir", run.toString()}, new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, status);
        assertEquals(1, message.strip().lines().count(), message);
        assertTrue(message.contains(notARun + " is not a run folder: config.json is missing"), message);
        assertFalse(Files.exists(run), "nothing written");
    }

    @Test
    void aTeacherForAnotherFeatureCountIsOneLineAndNothingIsWritten(@TempDir Path dir) throws Exception {
        Path teacher = dir.resolve("teacher");
        CliJson.jsonLine("--dataset", csv(dir, "two.csv", 2), "--label-column", "species", "--steps", "3", "--run-dir", teacher.toString(), "--json");
        Path run = dir.resolve("ns");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[]{"train", "--method", "noisy-student", "--teacher", teacher.toString(),
                "--dataset", csv(dir, "five.csv", 5), "--label-column", "species", "--steps", "5", "--run-dir", run.toString()},
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, status);
        assertEquals(1, message.strip().lines().count(), message);
        assertTrue(message.contains("reads inputs of shape [2]") && message.contains("shape [5]"), message);
        assertFalse(Files.exists(run), "nothing written");
    }

    @Test
    void anExistingTeacherRunStartsTheGenerationsAndAnUnknownNoiseIsRefused(@TempDir Path dir) throws Exception {
        Path teacher = dir.resolve("teacher");
        JsonObject t = CliJson.jsonLine("--labels", "6", "--steps", "20", "--run-dir", teacher.toString(), "--json");
        JsonObject line = CliJson.jsonLine("--method", "noisy-student", "--teacher", teacher.toString(), "--labels", "6", "--steps", "10",
                "--param", "generations=1", "--json");
        assertEquals(t.get("test_accuracy").getAsDouble(), line.get("teacher_test_accuracy").getAsDouble(), 1e-9,
                "generation 0 is the given run, measured on the same test set");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Main.train(new String[]{"--method", "noisy-student", "--param", "noise=loud", "--steps", "2"}));
        assertTrue(e.getMessage().contains("'noise'") && e.getMessage().contains("loud"), e.getMessage());
    }

    private static void deleteTree(Path p) throws Exception {
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
