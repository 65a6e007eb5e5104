package org.semisup4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CellOutputTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<String> sent = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private CellOutput output(int batchBytes, long batchMillis, long limit) {
        return new CellOutput(sent::add, timer, batchBytes, batchMillis, limit);
    }

    @Test
    void aFloodOfPrintlnArrivesWholeInFewMessages() {
        CellOutput out = output(64 * 1024, 10_000, 1L << 30);
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            print.println("line " + i);
            expected.append("line ").append(i).append('\n');
        }
        out.finish();
        assertEquals(expected.toString(), String.join("", sent));
        // ~1.1 MB in 64 kB batches: one message per batch, not one per line.
        assertTrue(sent.size() <= 20, sent.size() + " messages");
    }

    @Test
    void aLoneLineIsSentByTheTimerWithoutWaitingForTheCellToEnd() throws InterruptedException {
        CellOutput out = output(64 * 1024, 20, 1L << 30);
        new PrintStream(out, true, StandardCharsets.UTF_8).println("epoch 1");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (sent.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(List.of("epoch 1\n"), sent);
    }

    @Test
    void aCharacterCutBetweenBatchesArrivesWhole() {
        CellOutput out = output(4, 10_000, 1L << 30);
        byte[] text = "ab\u00e9\u20ac\ud83d\ude00".getBytes(StandardCharsets.UTF_8);
        for (byte b : text) {
            out.write(b);
        }
        out.finish();
        assertEquals("ab\u00e9\u20ac\ud83d\ude00", String.join("", sent));
        sent.forEach(piece -> assertTrue(!piece.contains("\ufffd"), "a batch split a character: " + sent));
    }

    @Test
    void aRunawayCellIsCutWithANoticeAndTheCountIsReported() {
        CellOutput out = output(1024, 10_000, 100);
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        for (int i = 0; i < 50; i++) {
            print.println("0123456789"); // 11 bytes a line: 550 bytes against a limit of 100
        }
        out.finish();
        String all = String.join("", sent);
        assertTrue(all.startsWith("0123456789\n".repeat(9) + "0"), all);
        assertTrue(all.contains("passed the limit of 100 bytes; the rest is not shown"), all);
        assertTrue(all.contains("450 bytes in 41 lines of this cell's output were not shown"), all);

        // A limit reached exactly at the end of a write cuts at the next one.
        sent.clear();
        CellOutput exact = output(1024, 10_000, 22);
        exact.write("0123456789\n0123456789\n".getBytes(StandardCharsets.UTF_8), 0, 22);
        exact.write("more\n".getBytes(StandardCharsets.UTF_8), 0, 5);
        exact.finish();
        String cutExactly = String.join("", sent);
        assertTrue(cutExactly.startsWith("0123456789\n0123456789\n\n[kernel: this cell's output passed"), cutExactly);
        assertTrue(cutExactly.contains("5 bytes in 1 lines"), cutExactly);

        // The next cell starts its own count.
        sent.clear();
        print.println("next cell");
        out.finish();
        assertEquals(List.of("next cell\n"), sent);
    }
}
