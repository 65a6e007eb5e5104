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
    /** Shaded spread drawn behind the series of the same name: {lower xs, lower ys, upper ys}. */
    private final Map<String, double[][]> bands = new LinkedHashMap<>();
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

    /**
     * A curve measured over several seeds: the mean over seeds as series {@code name}, and mean ± one sample
     * standard deviation as a shaded band in the series' colour. {@code perSeed[s][i]} is seed s's value at
     * {@code xs[i]}; every seed needs a value at every x (at least one seed).
     */
    public synchronized LinePlot seriesOverSeeds(String name, double[] xs, double[][] perSeed) {
        if (perSeed.length == 0) throw new IllegalArgumentException("series '" + name + "': no seeds; expected at least one row of values");
        double[] mean = new double[xs.length], lower = new double[xs.length], upper = new double[xs.length];
        for (int s = 0; s < perSeed.length; s++) {
            if (perSeed[s].length != xs.length)
                throw new IllegalArgumentException("series '" + name + "': seed row " + s + " has " + perSeed[s].length
                        + " values but there are " + xs.length + " x values; expected one value per x");
        }
        for (int i = 0; i < xs.length; i++) {
            double sum = 0, squares = 0;
            for (double[] row : perSeed) sum += row[i];
            mean[i] = sum / perSeed.length;
            for (double[] row : perSeed) squares += (row[i] - mean[i]) * (row[i] - mean[i]);
            double std = perSeed.length > 1 ? Math.sqrt(squares / (perSeed.length - 1)) : 0;
            lower[i] = mean[i] - std;
            upper[i] = mean[i] + std;
        }
        series.remove(name);
        series(name, xs, mean);
        return band(name, xs, lower, upper);
    }

    /** A shaded band from {@code lower} to {@code upper} behind series {@code name} (e.g. a confidence interval). */
    public synchronized LinePlot band(String name, double[] xs, double[] lower, double[] upper) {
        if (xs.length != lower.length || xs.length != upper.length)
            throw new IllegalArgumentException("band '" + name + "': " + xs.length + " x values, " + lower.length + " lower and "
                    + upper.length + " upper values; expected the same number");
        for (int i = 0; i < xs.length; i++) {
            if (!(lower[i] <= upper[i]))
                throw new IllegalArgumentException("band '" + name + "' at x = " + xs[i] + ": lower " + lower[i] + " is above upper " + upper[i]);
        }
        series.computeIfAbsent(Objects.requireNonNull(name, "series name"), n -> new Series());
        bands.put(name, new double[][]{xs.clone(), lower.clone(), upper.clone()});
        return this;
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
            String colour = Palette.color(index++);
            double[][] band = bands.get(entry.getKey());
            if (band != null) traces.add(bandTrace(entry.getKey(), band, colour));
            traces.add(ScatterTrace.builder(xy[0], xy[1])
                    .mode(ScatterTrace.Mode.LINE).name(entry.getKey()).legendGroup(entry.getKey())
                    .line(Line.builder().color(colour).width(2).build()).build());
        }
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    /** The band as one closed polygon (along the upper edge, back along the lower), filled in a pale shade of the line's colour. */
    private static Trace bandTrace(String name, double[][] band, String colour) {
        int n = band[0].length;
        double[] x = new double[2 * n], y = new double[2 * n];
        for (int i = 0; i < n; i++) {
            x[i] = band[0][i];
            y[i] = band[2][i];
            x[2 * n - 1 - i] = band[0][i];
            y[2 * n - 1 - i] = band[1][i];
        }
        int rgb = Integer.parseInt(colour.substring(1), 16);
        String fill = String.format(java.util.Locale.ROOT, "rgba(%d,%d,%d,0.2)", rgb >> 16, (rgb >> 8) & 0xff, rgb & 0xff);
        return ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE).name(name + " ± std").legendGroup(name).showLegend(false)
                .fill(ScatterTrace.Fill.TO_SELF).fillColor(fill).line(Line.builder().color(fill).width(0).build()).build();
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
            if (bands.containsKey(name)) out.append(", with a band");
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
