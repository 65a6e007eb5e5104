package org.semisup4j.cli;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code --teacher}: the distillation methods from the command line, on a built-in dataset and on a CSV. */
class TeacherCliTest {
    @Test
    void everyTeacherMethodReportsFidelityOnTestAndTrainAndAnEnsembleIsAccepted(@TempDir Path dir) {
        String a = dir.resolve("teachers/a").toString(), b = dir.resolve("teachers/b").toString();
        CliJson.jsonLine("--steps", "6", "--labels", "6", "--run-dir", a, "--json");
        CliJson.jsonLine("--steps", "6", "--labels", "6", "--seed", "1", "--run-dir", b, "--json");
        for (String method : new String[]{"distill", "mimic", "amal"})
            for (String teacher : new String[]{a, a + "," + b, dir.resolve("teachers").toString()}) {
                JsonObject line = CliJson.jsonLine("--method", method, "--teacher", teacher, "--steps", "3", "--labels", "6", "--json");
                for (String key : new String[]{"agreement", "predictive_kl", "train_agreement", "train_predictive_kl"}) {
                    assertTrue(line.has(key), method + " with " + teacher + ": no " + key + " in " + line);
                    double v = line.get(key).getAsDouble();
                    assertTrue(v >= 0 && (key.contains("kl") || v <= 1), key + " = " + v);
                }
            }
        assertFalse(CliJson.jsonLine("--steps", "2", "--json").has("agreement"), "no teacher, no fidelity");
    }

    @Test
    void distillationRunsOnACsvWithATeacherTrainedOnIt(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("x,y,species\n");
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 120; i++) {
            int c = i % 3;
            csv.append(c + r.nextGaussian() * 0.3).append(',').append(-c + r.nextGaussian() * 0.3).append(",s").append(c).append('\n');
        }
        Path file = dir.resolve("plants.csv");
        Files.writeString(file, csv);
        String data = "csv:" + file;
        String teacher = dir.resolve("teacher").toString();
        CliJson.jsonLine("--dataset", data, "--label-column", "species", "--labels", "9", "--steps", "30", "--run-dir", teacher, "--json");
        JsonObject line = CliJson.jsonLine("--method", "distill", "--teacher", teacher, "--param", "alpha=0.5", "--param", "temperature=2",
                "--dataset", data, "--label-column", "species", "--labels", "9", "--steps", "30", "--json");
        assertTrue(line.get("agreement").getAsDouble() > 0.5, line.toString());
    }

    @Test
    void aTeacherForOtherDataIsOneClearError(@TempDir Path dir) {
        String teacher = dir.resolve("moons").toString();
        CliJson.jsonLine("--steps", "2", "--run-dir", teacher, "--json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Main.train(new String[]{
                "--method", "mimic", "--teacher", teacher, "--dataset", "fashion-mnist", "--train-size", "100", "--test-size", "20",
                "--steps", "2"}));
        assertTrue(e.getMessage().startsWith("teacher " + teacher + " reads inputs of shape [2] with 2 classes"), e.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Main.train(new String[]{"--method", "distill", "--steps", "2"}));
        assertTrue(none.getMessage().contains("--teacher RUN_DIR"), none.getMessage());
    }
}
