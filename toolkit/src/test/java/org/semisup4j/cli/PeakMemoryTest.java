package org.semisup4j.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.semisup4j.experiment.SeparateJvm;
import org.semisup4j.train.PeakMemory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Every run's JSON line carries {@code peak_rss_mb}, the process's peak resident memory. */
class PeakMemoryTest {
    @Test
    void theJsonLineOfARunHoldsThePeakResidentMemoryInMegabytes() {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.train(new String[] {"--method", "self-mpl", "--steps", "3", "--labels", "6", "--json"}));
        } finally {
            System.setOut(old);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).trim().split("\n");
        JsonObject line = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        assertTrue(line.has("peak_rss_mb"), "peak_rss_mb missing from " + line);
        double peak = line.get("peak_rss_mb").getAsDouble();
        Runtime r = Runtime.getRuntime();
        double heapInUse = (r.totalMemory() - r.freeMemory()) / (1024.0 * 1024.0);
        // The resident set holds at least the heap this JVM has touched; a value in kB or bytes would be far above
        // the machine's memory, one in GB far below the heap.
        assertTrue(peak > 0 && peak >= 0.5 * heapInUse, "peak_rss_mb " + peak + " vs heap in use " + heapInUse + " MB");
        if (Files.isReadable(Path.of("/proc/self/status"))) {
            assertEquals("VmHWM", PeakMemory.source());
            assertFalse(line.has("peak_rss_source"), "the source is named only for the fallback");
        }
    }

    @Test
    void aRunInAFreshJvmReportsItsOwnPeakAndAFailedOneSaysWhy() {
        JsonObject line = SeparateJvm.train(256, "--method", "mpl", "--steps", "2", "--labels", "6");
        assertEquals("mpl", line.get("method").getAsString());
        assertTrue(line.get("peak_rss_mb").getAsDouble() > 0, line.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SeparateJvm.train(256, "--method", "mpl", "--param", "pseudo_labels=soft", "--steps", "2"));
        assertTrue(e.getMessage().contains("pseudo_labels"), e.getMessage());
    }
}
