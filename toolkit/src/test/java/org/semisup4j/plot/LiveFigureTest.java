package org.semisup4j.plot;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveFigureTest {

    private final AtomicLong nanos = new AtomicLong();

    @AfterEach
    void restore() {
        Notebook.useFrontend(null);
        PlotlyJs.resetForTesting();
    }

    private void advanceMillis(long millis) {
        nanos.addAndGet(millis * 1_000_000);
    }

    @Test
    void throttleLetsOnePassPerInterval() {
        Throttle throttle = new Throttle(Duration.ofMillis(500), nanos::get);
        assertTrue(throttle.tryPass(), "first pass is free");
        assertFalse(throttle.tryPass());
        advanceMillis(499);
        assertFalse(throttle.tryPass());
        advanceMillis(1);
        assertTrue(throttle.tryPass());
        assertFalse(throttle.tryPass());
    }

    @Test
    void updatesOneDisplayAtMostOncePerIntervalAndAtClose() {
        RecordingFrontend frontend = new RecordingFrontend();
        Notebook.useFrontend(frontend);
        LiveFigure live = new LiveFigure(Plots.lines("Curves", "step", "loss"), Duration.ofMillis(500),
                nanos::get, null);
        // 100 points over 2.5 s of fake time: 10 ms apart
        for (int step = 0; step < 100; step++) {
            advanceMillis(25);
            live.add("loss", step, 1.0 / (step + 1));
        }
        int throttled = live.updates();
        assertEquals(5, throttled, "2.5 s at 2 updates/s");
        live.add("loss", 100, 0.01); // too soon for a redraw: only close() shows it
        live.close();
        live.close();
        assertEquals(throttled + 1, live.updates(), "one final update, once");

        String figureId = frontend.sent.get(1).displayId(); // [0] is the plotly.js loader
        assertTrue(frontend.sent.stream().filter(s -> s.kind().equals("update"))
                .allMatch(s -> s.displayId().equals(figureId)), "always the same display");
        RecordingFrontend.Sent last = frontend.sent.get(frontend.sent.size() - 1);
        assertTrue(last.html().contains("0.01"), "final update holds the last point");
        assertThrows(IllegalStateException.class, () -> live.add("loss", 1, 1));
    }

    @Test
    void outsideANotebookPrintsASummaryAtClose() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        LiveFigure live = new LiveFigure(Plots.lines("Curves", "step", "v"), Duration.ofMillis(500), nanos::get,
                new PrintStream(buffer, true, StandardCharsets.UTF_8));
        live.add("loss", 0, 2.0);
        live.add("loss", 1, 0.5);
        live.add("acc", 1, 0.75);
        live.close();
        String summary = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(summary.contains("loss: 2 points, last (1, 0.5)"), summary);
        assertTrue(summary.contains("acc: 1 points"), summary);
        assertEquals(0, live.updates());
    }

    @Test
    void addIsThreadSafe() throws InterruptedException {
        LiveFigure live = new LiveFigure(Plots.lines("Curves", "step", "v"), Duration.ZERO, nanos::get, null);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            String series = "s" + (t % 2);
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    live.add(series, i, i);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(2000, live.plot().size("s0"));
        assertEquals(2000, live.plot().size("s1"));
    }
}
