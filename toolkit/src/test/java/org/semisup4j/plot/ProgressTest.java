package org.semisup4j.plot;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {

    private final AtomicLong nanos = new AtomicLong();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    @AfterEach
    void restore() {
        Notebook.useFrontend(null);
        PlotlyJs.resetForTesting();
    }

    private String printed() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void lineShowsPercentCountRateEtaAndPostfix() {
        Progress bar = new Progress("train", 1000, Progress.Mode.LINES, out, nanos::get);
        nanos.set(12_000_000_000L);
        bar.step(450).postfix("loss 0.31 acc 0.87");
        // 450 steps in 12 s = 37.5 it/s; 550 left → 14.67 s ≈ 00:15
        assertEquals("train  45% [==========>             ] 450/1000 [00:12<00:15, 37.5 it/s] loss 0.31 acc 0.87",
                bar.line());
    }

    @Test
    void unknownTotalShowsCountAndRateOnly() {
        Progress bar = new Progress("", 0, Progress.Mode.LINES, out, nanos::get);
        nanos.set(4_000_000_000L);
        bar.step();
        assertEquals("1 [00:04, 4.0 s/it]", bar.line());
    }

    @Test
    void logModePrintsEveryTenPercentOnce() {
        try (Progress bar = new Progress("epoch", 200, Progress.Mode.LINES, out, nanos::get)) {
            for (int i = 0; i < 200; i++) {
                nanos.addAndGet(10_000_000);
                bar.step();
            }
        }
        String[] lines = printed().strip().split("\\R");
        assertEquals(10, lines.length, printed());
        assertTrue(lines[0].startsWith("epoch  10%"), lines[0]);
        assertTrue(lines[9].startsWith("epoch 100% [========================] 200/200"), lines[9]);
        assertTrue(!printed().contains("\r"));
    }

    @Test
    void terminalModeRewritesOneLine() {
        try (Progress bar = new Progress("t", 10, Progress.Mode.TERMINAL, out, nanos::get)) {
            for (int i = 0; i < 10; i++) {
                nanos.addAndGet(200_000_000); // slower than the 0.1 s redraw interval: every step redraws
                bar.step();
            }
        }
        String text = printed();
        assertEquals(12, text.split("\r", -1).length - 1, "initial + 10 steps + final");
        assertTrue(text.endsWith("10/10 [00:02<00:00, 5.0 it/s]" + System.lineSeparator()), text);
        assertEquals(1, text.split("\n", -1).length - 1, "a single newline, at close");
    }

    @Test
    void notebookModeUpdatesOneHtmlDisplay() {
        RecordingFrontend frontend = new RecordingFrontend();
        Notebook.useFrontend(frontend);
        try (Progress bar = new Progress("fit", 100, Progress.Mode.NOTEBOOK, out, nanos::get)) {
            for (int i = 0; i < 100; i++) {
                nanos.addAndGet(20_000_000); // 2 s in all → 4 throttled updates
                bar.postfix("loss " + i).step();
            }
        }
        assertEquals(1, frontend.count("display"));
        assertEquals(5, frontend.count("update"), "4 throttled + 1 final");
        String last = frontend.sent.get(frontend.sent.size() - 1).html();
        assertTrue(last.contains("<progress value=\"100\" max=\"100\""), last);
        assertTrue(last.contains("loss 99"), last);
        assertEquals("", printed(), "nothing on stderr in a notebook");
    }
}
