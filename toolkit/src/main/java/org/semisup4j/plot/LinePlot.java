package org.semisup4j.plot;

import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Several named series over a shared x axis, e.g. loss terms and accuracy over training steps.
 * Thread-safe: {@link LiveFigure} appends to it from a training loop while it is rendered.
 *
 * <pre>{@code Plots.lines("Loss", "step", "value").series("supervised", steps, losses)}</pre>
 */
public final class LinePlot extends PlotlyPlot {

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final Map<String, Series> series = new LinkedHashMap<>();
    private boolean logY;
    private int width = 760;
    private int height = 420;
    private int maxPointsPerSeries = 4000;

    LinePlot(String title, String xLabel, String yLabel) {
        this.title = Objects.requireNonNull(title, "title");
        this.xLabel = xLabel == null ? "" : xLabel;
        this.yLabel = yLabel == null ? "" : yLabel;
    }

    /** Adds (or extends) series {@code name} with the points {@code (xs[i], ys[i])}. */
    public synchronized LinePlot series(String name, double[] xs, double[] ys) {
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("series '" + name + "': " + xs.length + " x values but "
                    + ys.length + " y values; expected the same number");
        }
        for (int i = 0; i < xs.length; i++) {
            add(name, xs[i], ys[i]);
        }
        return this;
    }

    /** Adds series {@code name} with y values at x = 0, 1, 2, … */
    public LinePlot series(String name, double[] ys) {
        double[] xs = new double[ys.length];
        Arrays.setAll(xs, i -> i);
        return series(name, xs, ys);
    }

    /** Adds series {@code name} from lists of numbers of equal length. */
    public LinePlot series(String name, List<? extends Number> xs, List<? extends Number> ys) {
        return series(name, xs.stream().mapToDouble(Number::doubleValue).toArray(),
                ys.stream().mapToDouble(Number::doubleValue).toArray());
    }

    /** Appends one point to series {@code name}, creating the series on first use. */
    public synchronized LinePlot add(String name, double x, double y) {
        series.computeIfAbsent(Objects.requireNonNull(name, "series name"), n -> new Series()).add(x, y);
        return this;
    }

    /** Logarithmic y axis, for losses spanning decades. */
    public synchronized LinePlot logY() {
        this.logY = true;
        return this;
    }

    /** Figure size in pixels. */
    public synchronized LinePlot size(int width, int height) {
        this.width = width;
        this.height = height;
        return this;
    }

    /**
     * Longest series drawn as is (default 4000, far more than a plot is pixels wide); longer ones are
     * thinned to every k-th point, keeping the last, so live redraws stay cheap on long runs.
     */
    public synchronized LinePlot maxPointsPerSeries(int max) {
        if (max < 2) {
            throw new IllegalArgumentException("maxPointsPerSeries: expected >= 2, got " + max);
        }
        this.maxPointsPerSeries = max;
        return this;
    }

    /** Names of the series, in the order they were first added. */
    public synchronized List<String> seriesNames() {
        return new ArrayList<>(series.keySet());
    }

    /** Number of points in series {@code name} (0 when absent). */
    public synchronized int size(String name) {
        Series s = series.get(name);
        return s == null ? 0 : s.size;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public synchronized Figure toFigure() {
        Axis.AxisBuilder yAxis = Axis.builder().title(yLabel);
        if (logY) {
            yAxis.type(Axis.Type.LOG);
        }
        Layout layout = Layout.builder(title).xAxis(Axis.builder().title(xLabel).build()).yAxis(yAxis.build())
                .width(width).height(height).showLegend(true).build();
        List<Trace> traces = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, Series> entry : series.entrySet()) {
            Series s = entry.getValue();
            double[][] xy = s.thinned(maxPointsPerSeries);
            traces.add(ScatterTrace.builder(xy[0], xy[1])
                    .mode(ScatterTrace.Mode.LINE).name(entry.getKey())
                    .line(Line.builder().color(Palette.color(index++)).width(2).build()).build());
        }
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    @Override
    protected synchronized String describe() {
        StringBuilder out = new StringBuilder();
        series.forEach((name, s) -> {
            out.append(String.format("  %s: %d points", name, s.size));
            if (s.size > 0) {
                out.append(String.format(", last (%s, %s)", Table.format(s.xs[s.size - 1]),
                        Table.format(s.ys[s.size - 1])));
            }
            out.append('\n');
        });
        return out.length() == 0 ? "  (no data)" : out.toString().stripTrailing();
    }

    /** Growable pair of primitive arrays: training curves reach tens of thousands of points. */
    private static final class Series {
        double[] xs = new double[16];
        double[] ys = new double[16];
        int size;

        void add(double x, double y) {
            if (size == xs.length) {
                xs = Arrays.copyOf(xs, size * 2);
                ys = Arrays.copyOf(ys, size * 2);
            }
            xs[size] = x;
            ys[size] = y;
            size++;
        }

        /** At most {@code max} points: every k-th one, always including the last. */
        double[][] thinned(int max) {
            if (size <= max) {
                return new double[][]{Arrays.copyOf(xs, size), Arrays.copyOf(ys, size)};
            }
            int stride = (size - 1 + max - 2) / (max - 1); // ceil((size - 1) / (max - 1))
            int count = (size - 1 + stride - 1) / stride + 1;
            double[] tx = new double[count];
            double[] ty = new double[count];
            for (int i = 0, j = 0; j < count - 1; i += stride, j++) {
                tx[j] = xs[i];
                ty[j] = ys[i];
            }
            tx[count - 1] = xs[size - 1];
            ty[count - 1] = ys[size - 1];
            return new double[][]{tx, ty};
        }
    }
}
