package org.semisup4j.plot;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Training curves that redraw one notebook output while work runs. {@link #add} is thread-safe
 * and cheap; the display is updated at most once per interval (default 0.5 s), and
 * {@link #close()} sends a final update so the saved notebook ends with the complete figure. Redraws
 * while running carry only the interactive figure (a static picture costs a JFreeChart drawing each
 * time, and only a live Jupyter shows them); the final update adds the picture.
 * Outside a notebook nothing is displayed and {@code close()} prints a one-line summary per series
 * on stderr.
 *
 * <p>It knows nothing about trainers: a training listener only has to call {@code add}.
 *
 * <pre>{@code
 * try (LiveFigure live = LiveFigure.start("Training", "step", "value")) {
 *     for (int step = 0; step < steps; step++) { ...; live.add("loss", step, loss); }
 * }
 * }</pre>
 */
public final class LiveFigure implements AutoCloseable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);

    private final LinePlot plot;
    private final Throttle throttle;
    private final PrintStream summaryOut;
    private final Optional<String> displayId;
    private boolean dirty;
    private boolean closed;
    private int updates;

    LiveFigure(LinePlot plot, Duration interval, LongSupplier nanoClock, PrintStream summaryOut) {
        this.plot = plot;
        this.throttle = new Throttle(interval, nanoClock);
        this.summaryOut = summaryOut;
        this.displayId = Notebook.display(plot.interactiveOnly());
        throttle.markPassed();
    }

    /** Shows an empty figure now (in a notebook) and redraws it at most twice a second. */
    public static LiveFigure start(String title, String xLabel, String yLabel) {
        return start(title, xLabel, yLabel, DEFAULT_INTERVAL);
    }

    /** As {@link #start(String, String, String)} with a chosen minimum time between redraws. */
    public static LiveFigure start(String title, String xLabel, String yLabel, Duration minInterval) {
        return new LiveFigure(new LinePlot(title, xLabel, yLabel), minInterval, System::nanoTime, System.err);
    }

    /** Appends a point to {@code series}; redraws the display if the interval has passed. */
    public void add(String series, double x, double y) {
        boolean redraw;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("live figure '" + plot.title() + "' is closed");
            }
            plot.add(series, x, y);
            dirty = true;
            redraw = displayId.isPresent() && throttle.tryPass();
            if (redraw) {
                dirty = false;
                updates++;
            }
        }
        if (redraw) {
            Notebook.update(displayId.get(), plot.interactiveOnly());
        }
    }

    /** The figure with everything added so far (a live object: it keeps growing). */
    public LinePlot plot() {
        return plot;
    }

    /** Redraws sent so far, not counting the first display. */
    public synchronized int updates() {
        return updates;
    }

    /** Sends the final redraw (or, outside a notebook, prints the summary). Idempotent. */
    @Override
    public void close() {
        boolean redraw;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            redraw = displayId.isPresent(); // always: the final figure brings its static picture
            if (redraw) {
                updates++;
            }
        }
        if (redraw) {
            Notebook.update(displayId.get(), plot);
        } else if (displayId.isEmpty() && summaryOut != null) {
            summaryOut.println(plot.toText());
        }
    }
}
