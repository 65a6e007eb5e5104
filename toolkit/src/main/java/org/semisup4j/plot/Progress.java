package org.semisup4j.plot;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A progress bar with count, rate, ETA and a short postfix ("loss 0.31 acc 0.87").
 * In a notebook it is an HTML bar updated in place (at most twice a second); in a terminal a
 * single line on stderr rewritten with {@code \r}; when stderr is not a terminal (logs, CI) a
 * plain line every 10 %.
 *
 * <pre>{@code
 * try (Progress bar = Progress.start("epoch 1", batches)) {
 *     for (...) { ...; bar.postfix("loss " + loss).step(); }
 * }
 * }</pre>
 */
public final class Progress extends Displayable implements AutoCloseable {

    /** Where the bar is drawn. */
    enum Mode { NOTEBOOK, TERMINAL, LINES }

    private static final int BAR_WIDTH = 24;
    private static final Duration NOTEBOOK_INTERVAL = Duration.ofMillis(500);
    private static final Duration TERMINAL_INTERVAL = Duration.ofMillis(100);
    /** Without a total there are no 10 % marks: log lines come this often instead. */
    private static final long UNKNOWN_TOTAL_LOG_NANOS = Duration.ofSeconds(10).toNanos();

    private final String label;
    private final long total;
    private final Mode mode;
    private final PrintStream out;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final Throttle throttle;
    private final Optional<String> displayId;
    private long count;
    private String postfix = "";
    private long lastLoggedTenth = 0;
    private long lastLogNanos;
    private boolean closed;

    Progress(String label, long total, Mode mode, PrintStream out, LongSupplier nanoClock) {
        this.label = label == null ? "" : label;
        this.total = total;
        this.mode = mode;
        this.out = out;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.lastLogNanos = startNanos;
        this.throttle = new Throttle(mode == Mode.NOTEBOOK ? NOTEBOOK_INTERVAL : TERMINAL_INTERVAL, nanoClock);
        this.displayId = mode == Mode.NOTEBOOK ? Notebook.display(this) : Optional.empty();
        throttle.markPassed();
        if (mode == Mode.TERMINAL) {
            out.print("\r" + line());
            out.flush();
        }
    }

    /** Starts a bar of {@code total} steps ({@code total <= 0}: unknown, no percentage or ETA). */
    public static Progress start(String label, long total) {
        Mode mode = Notebook.active() ? Mode.NOTEBOOK : System.console() != null ? Mode.TERMINAL : Mode.LINES;
        return new Progress(label, total, mode, System.err, System::nanoTime);
    }

    public Progress step() {
        return step(1);
    }

    /** Advances by {@code n} steps and redraws if it is time to. */
    public Progress step(long n) {
        String draw = null;
        boolean update = false;
        synchronized (this) {
            if (closed) {
                return this;
            }
            count += n;
            switch (mode) {
                case NOTEBOOK -> update = displayId.isPresent() && throttle.tryPass();
                case TERMINAL -> draw = throttle.tryPass() ? "\r" + line() : null;
                case LINES -> draw = dueLogLine() ? line() + System.lineSeparator() : null;
            }
        }
        emit(draw, update);
        return this;
    }

    /** Sets the short text shown after the counts, e.g. {@code "loss 0.31 acc 0.87"}. */
    public synchronized Progress postfix(String text) {
        this.postfix = text == null ? "" : text;
        return this;
    }

    public synchronized long count() {
        return count;
    }

    /** Draws the final state: the complete bar stays in the notebook, the terminal line ends. */
    @Override
    public void close() {
        String draw = null;
        boolean update = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            switch (mode) {
                case NOTEBOOK -> update = displayId.isPresent();
                case TERMINAL -> draw = "\r" + line() + System.lineSeparator();
                case LINES -> draw = total > 0 && lastLoggedTenth >= 10 ? null : line() + System.lineSeparator();
            }
        }
        emit(draw, update);
    }

    private void emit(String draw, boolean update) {
        if (draw != null) {
            out.print(draw);
            out.flush();
        }
        if (update) {
            Notebook.update(displayId.get(), this);
        }
    }

    private boolean dueLogLine() {
        long now = nanoClock.getAsLong();
        if (total > 0) {
            long tenth = Math.min(10, count * 10 / total);
            if (tenth > lastLoggedTenth) {
                lastLoggedTenth = tenth;
                return true;
            }
            return false;
        }
        if (now - lastLogNanos >= UNKNOWN_TOTAL_LOG_NANOS) {
            lastLogNanos = now;
            return true;
        }
        return false;
    }

    /** The text form: {@code label  45% [=========>          ] 450/1000 [00:12<00:15, 37.5 it/s] loss 0.31}. */
    public synchronized String line() {
        StringBuilder line = new StringBuilder(label);
        if (!label.isEmpty()) {
            line.append(' ');
        }
        if (total > 0) {
            double fraction = Math.min(1.0, (double) count / total);
            int filled = (int) Math.round(fraction * BAR_WIDTH);
            line.append(String.format(Locale.ROOT, "%3d%% [", (int) Math.floor(fraction * 100)))
                    .append("=".repeat(Math.max(0, filled - 1)))
                    .append(filled == 0 ? "" : filled == BAR_WIDTH ? "=" : ">")
                    .append(" ".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(count).append('/').append(total);
        } else {
            line.append(count);
        }
        line.append(" [").append(timing()).append(']');
        if (!postfix.isEmpty()) {
            line.append(' ').append(postfix);
        }
        return line.toString();
    }

    private String timing() {
        double elapsed = (nanoClock.getAsLong() - startNanos) / 1e9;
        double rate = elapsed > 0 ? count / elapsed : 0;
        StringBuilder text = new StringBuilder(clock(elapsed));
        if (total > 0) {
            text.append('<').append(rate > 0 ? clock((total - Math.min(count, total)) / rate) : "?");
        }
        text.append(", ").append(rate >= 1 || rate == 0 ? String.format(Locale.ROOT, "%.1f it/s", rate)
                : String.format(Locale.ROOT, "%.1f s/it", 1 / rate));
        return text.toString();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }

    @Override
    public synchronized String toHtml() {
        String percent = total > 0 ? (int) Math.floor(Math.min(1.0, (double) count / total) * 100) + "%" : "";
        String progress = total > 0
                ? "<progress value=\"" + Math.min(count, total) + "\" max=\"" + total
                        + "\" style=\"width:240px\"></progress>"
                : "<progress style=\"width:240px\"></progress>";
        String counts = total > 0 ? count + "/" + total : Long.toString(count);
        return "<div class=\"semisup4j-progress\" style=\"font-family:monospace;font-size:13px\">"
                + Html.escape(label) + " " + progress + " " + percent + " " + counts
                + " [" + Html.escape(timing()) + "] " + Html.escape(postfix) + "</div>";
    }

    @Override
    public String toText() {
        return line();
    }
}
