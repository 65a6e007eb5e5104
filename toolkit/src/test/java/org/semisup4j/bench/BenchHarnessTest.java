package org.semisup4j.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The speed harness: statistics, the BENCHMARKS.md sections, the semisup4j and PyTorch sides of a case. */
class BenchHarnessTest {

    @Test
    void medianAndQuartilesInterpolateLikeNumpy() {
        Stats s = Stats.of(List.of(4.0, 1.0, 3.0, 2.0));
        assertEquals(2.5, s.median(), 1e-12);
        assertEquals(1.75, s.p25(), 1e-12);
        assertEquals(3.25, s.p75(), 1e-12);
        assertEquals(0.6, s.relativeSpread(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Stats.of(List.of()));
    }

    @Test
    void eachCommandReplacesOnlyItsOwnSection(@TempDir Path dir) throws IOException {
        Path md = dir.resolve("BENCHMARKS.md");
        MarkdownSections.replace(md, "speed", "speed v1");
        MarkdownSections.replace(md, "accuracy", "accuracy v1");
        Files.writeString(md, Files.readString(md) + "\nhand-written note\n");
        MarkdownSections.replace(md, "speed", "speed v2");
        String text = Files.readString(md);
        assertTrue(text.contains("speed v2") && !text.contains("speed v1"), text);
        assertTrue(text.contains("accuracy v1") && text.contains("hand-written note"), text);
        assertTrue(text.indexOf("speed v2") < text.indexOf("accuracy v1"), "a section stays where it was");
    }

    @Test
    void oneThreadMediansAreReadBackOrTheFileIsNamed(@TempDir Path dir) throws IOException {
        Path raw = dir.resolve("speed-1-thread.csv");
        Files.writeString(raw, "model,step,batch,semisup4j_ms,pytorch_ms,semisup4j_cpu_ms,pytorch_cpu_ms\n"
                + "cnn,supervised,B=32,150.0,80.0,149.0,79.0\n");
        assertEquals(80.0, SpeedBench.readRaw(raw).get("cnn:supervised")[1]);
        Files.writeString(raw, "header\ncnn,supervised,150.0\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SpeedBench.readRaw(raw));
        assertTrue(e.getMessage().contains(raw.toString()) && e.getMessage().contains("line 2"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> SpeedBench.readRaw(dir.resolve("missing.csv")));
        assertTrue(e.getMessage().contains("missing.csv"), e.getMessage());
    }

    @Test
    void casesCountTheRowsThroughTheModel() {
        assertEquals(32, new SpeedCase("mlp-moons", "supervised", 32, 3, 1, 1).rows());
        assertEquals(128, new SpeedCase("mlp-moons", "vat", 32, 3, 1, 1).rows());
        assertEquals(224, new SpeedCase("cnn", "fixmatch", 32, 3, 1, 1).rows());
        assertEquals(1.5, new SpeedCase("cnn", "vat", 32, 3, 1, 1).targetRatio());
        assertEquals(2.0, new SpeedCase("mlp-moons", "fixmatch", 32, 3, 1, 1).targetRatio());
        assertEquals(1.0, new SpeedCase("wrn28-2", "ema", 16, 0, 1, 1).targetRatio());
        assertThrows(IllegalArgumentException.class, () -> new SpeedCase("resnet-50", "supervised", 32, 3, 1, 1));
    }

    @Test
    void javaStepsTrainTheModelAndTimeEveryStep() {
        for (String step : List.of("supervised", "vat", "fixmatch")) {
            JavaSteps steps = new JavaSteps(new SpeedCase("mlp-moons", step, 8, 2, 1, 1));
            double before = steps.model().params().sumNumber().doubleValue();
            List<JavaSteps.Sample> samples = steps.time(3);
            assertEquals(3, samples.size(), step);
            assertTrue(samples.stream().allMatch(s -> s.wallMs() > 0 && s.cpuMs() >= 0), step + ": " + samples);
            assertNotEquals(before, steps.model().params().sumNumber().doubleValue(), step + " must update the weights");
        }
        assertEquals(5, new JavaSteps(new SpeedCase("cnn", "ema", 8, 0, 1, 1)).time(5).size());
    }

    @Test
    void torchReferenceAnswersWhenInstalled() throws Exception {
        Path script = Path.of("../scripts/bench/torch_steps.py");
        Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").start();
        assumeTrue(Files.exists(script) && probe.waitFor() == 0, "python3-torch is not installed (./semisup4j bench installs it)");
        try (TorchWorker torch = new TorchWorker("/usr/bin/python3", script)) {
            assertTrue(torch.info().get("torch").getAsString().startsWith("1."));
            List<JavaSteps.Sample> samples = torch.time(new SpeedCase("mlp-moons", "vat", 8, 2, 1, 1), 2);
            assertEquals(2, samples.size());
            assertTrue(samples.get(1).wallMs() > 0);
        }
    }
}
