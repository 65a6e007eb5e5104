package org.semisup4j.kernel;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One output stream of a cell (stdout or stderr), sent to the notebook in batches.
 *
 * <p>Why batches: one stream message per {@code println} floods IOPub; past ZeroMQ's high-water
 * mark (1000 queued messages) the publisher silently drops messages, lines and the final idle status
 * alike. Here text is sent when {@link #batchBytes} have gathered or {@link #batchMillis} after the
 * first unsent byte, whichever comes first, and all of it when the cell ends ({@link #finish}).
 * A cell that prints more than {@link #limitBytes} gets a notice where the cut is, its further
 * output is counted but not sent, and the count is reported when the cell ends.
 */
final class CellOutput extends OutputStream {
    private final Consumer<String> sink;
    private final ScheduledExecutorService timer;
    private final int batchBytes;
    private final long batchMillis;
    private final long limitBytes;

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pending;
    private boolean flushScheduled;
    private long acceptedBytes;
    private boolean cut;
    private long droppedBytes;
    private long droppedLines;

    /**
     * @param sink        sends one batch of text (called with this stream's lock held, so batches keep their order)
     * @param timer       runs the delayed sends
     * @param batchBytes  send as soon as this many bytes wait
     * @param batchMillis send at the latest this long after the first unsent byte
     * @param limitBytes  bytes a cell may send on this stream before the rest is cut
     */
    CellOutput(Consumer<String> sink, ScheduledExecutorService timer, int batchBytes, long batchMillis,
               long limitBytes) {
        this.sink = sink;
        this.timer = timer;
        this.batchBytes = batchBytes;
        this.batchMillis = batchMillis;
        this.limitBytes = limitBytes;
        this.pending = ByteBuffer.allocate(Math.max(256, batchBytes));
    }

    @Override
    public void write(int b) {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        if (length <= 0) {
            return;
        }
        if (cut) {
            countDropped(bytes, offset, length);
            return;
        }
        int kept = (int) Math.min(length, limitBytes - acceptedBytes);
        append(bytes, offset, kept);
        acceptedBytes += kept;
        if (kept < length) {
            cut = true;
            countDropped(bytes, offset + kept, length - kept);
            append("\n[kernel: this cell's output passed the limit of " + size(limitBytes)
                    + "; the rest is not shown (the cell keeps running)]\n");
        }
        if (pending.position() >= batchBytes) {
            send(false);
        } else if (!flushScheduled) {
            flushScheduled = true;
            timer.schedule(this::sendDue, batchMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** PrintStream flushes after every line: batching means not sending here. */
    @Override
    public void flush() {
    }

    /** Sends everything written so far, e.g. before a display or an input prompt keeps its place. */
    synchronized void sendNow() {
        send(false);
    }

    /**
     * Ends the cell: sends everything (an incomplete character too), says how much the limit
     * held back, and starts the next cell's count from zero.
     */
    synchronized void finish() {
        send(true);
        if (droppedBytes > 0) {
            sink.accept(String.format(Locale.ROOT,
                    "[kernel: %s in %,d lines of this cell's output were not shown]%n",
                    size(droppedBytes), droppedLines));
        }
        acceptedBytes = 0;
        cut = false;
        droppedBytes = 0;
        droppedLines = 0;
    }

    private synchronized void sendDue() {
        flushScheduled = false;
        send(false);
    }

    private void send(boolean everything) {
        if (pending.position() == 0) {
            return;
        }
        pending.flip();
        CharBuffer text = CharBuffer.allocate(pending.remaining() + 1);
        decoder.decode(pending, text, everything);
        if (everything) {
            decoder.flush(text);
            decoder.reset();
            pending.clear();
        } else {
            pending.compact(); // keeps the bytes of a character cut in half for the next batch
        }
        text.flip();
        if (text.hasRemaining()) {
            sink.accept(text.toString());
        }
    }

    private void append(byte[] bytes, int offset, int length) {
        if (pending.remaining() < length) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + length));
            pending.flip();
            bigger.put(pending);
            pending = bigger;
        }
        pending.put(bytes, offset, length);
    }

    private void append(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        append(bytes, 0, bytes.length);
    }

    private void countDropped(byte[] bytes, int offset, int length) {
        droppedBytes += length;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                droppedLines++;
            }
        }
    }

    static String size(long bytes) {
        if (bytes >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1 << 20));
        }
        if (bytes >= 1 << 10) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / (double) (1 << 10));
        }
        return bytes + " bytes";
    }
}
