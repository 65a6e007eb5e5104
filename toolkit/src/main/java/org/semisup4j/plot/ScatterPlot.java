package org.semisup4j.plot;

import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.components.Symbol;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * 2-D points coloured by class, with the semi-supervised roles told apart: labeled points are
 * filled circles with a dark rim, unlabeled points small grey dots, pseudo-labeled points crosses
 * in the colour of their pseudo-label.
 */
public class ScatterPlot extends PlotlyPlot {

    /** The role a group of points plays. */
    public enum Role { LABELED, UNLABELED, PSEUDO_LABELED }

    /** Points of one role; {@code classes} is null for unlabeled points. */
    record Group(Role role, double[] xs, double[] ys, int[] classes) {}

    private final String title;
    private final List<Group> groups = new ArrayList<>();
    private String xLabel = "x1";
    private String yLabel = "x2";
    private String[] classNames = new String[0];
    private int width = 640;
    private int height = 520;

    ScatterPlot(String title) {
        this.title = Objects.requireNonNull(title, "title");
    }

    /** Labeled points: {@code points} is [n, 2], {@code classes} holds n class indices. */
    public ScatterPlot labeled(INDArray points, int[] classes) {
        return add(Role.LABELED, points, classes);
    }

    /** Unlabeled points, [n, 2]. */
    public ScatterPlot unlabeled(INDArray points) {
        return add(Role.UNLABELED, points, null);
    }

    /** Points with pseudo-labels given by a model, [n, 2] and n class indices. */
    public ScatterPlot pseudoLabeled(INDArray points, int[] classes) {
        return add(Role.PSEUDO_LABELED, points, classes);
    }

    /** Names shown in the legend instead of "class 0", "class 1", … */
    public ScatterPlot classNames(String... names) {
        this.classNames = names.clone();
        return this;
    }

    public ScatterPlot axes(String xLabel, String yLabel) {
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        return this;
    }

    public ScatterPlot size(int width, int height) {
        this.width = width;
        this.height = height;
        return this;
    }

    private ScatterPlot add(Role role, INDArray points, int[] classes) {
        Objects.requireNonNull(points, "points");
        if (points.rank() != 2 || points.columns() != 2) {
            throw new IllegalArgumentException(role.name().toLowerCase() + " points: expected shape [n, 2], got "
                    + java.util.Arrays.toString(points.shape()));
        }
        int n = (int) points.rows();
        if (classes != null && classes.length != n) {
            throw new IllegalArgumentException(role.name().toLowerCase() + " points: " + n + " rows but "
                    + classes.length + " classes; expected one class per row");
        }
        double[][] rows = points.toDoubleMatrix();
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = rows[i][0];
            ys[i] = rows[i][1];
        }
        groups.add(new Group(role, xs, ys, classes == null ? null : classes.clone()));
        return this;
    }

    List<Group> groups() {
        return groups;
    }

    String className(int k) {
        return k < classNames.length ? classNames[k] : "class " + k;
    }

    /** Number of classes seen in the labels given so far. */
    int classCount() {
        int max = classNames.length - 1;
        for (Group g : groups) {
            if (g.classes != null) {
                for (int c : g.classes) {
                    max = Math.max(max, c);
                }
            }
        }
        return max + 1;
    }

    @Override
    public String title() {
        return title;
    }

    /** Traces drawn beneath the points (the decision boundary's background). */
    protected List<Trace> backgroundTraces() {
        return List.of();
    }

    @Override
    public Figure toFigure() {
        List<Trace> traces = new ArrayList<>(backgroundTraces());
        for (Role role : Role.values()) {
            for (Group g : groups) {
                if (g.role == role) {
                    traces.addAll(tracesOf(g));
                }
            }
        }
        Layout layout = Layout.builder(title).xAxis(Axis.builder().title(xLabel).build())
                .yAxis(Axis.builder().title(yLabel).build()).width(width).height(height).showLegend(true)
                .hoverMode(Layout.HoverMode.CLOSEST).build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    private List<Trace> tracesOf(Group g) {
        if (g.role == Role.UNLABELED) {
            return List.of(ScatterTrace.builder(g.xs, g.ys).mode(ScatterTrace.Mode.MARKERS).name("unlabeled")
                    .marker(Marker.builder().color("#9e9e9e").size(5).opacity(0.55).build()).build());
        }
        List<Trace> traces = new ArrayList<>();
        for (int k = 0; k < classCount(); k++) {
            int count = 0;
            for (int c : g.classes) {
                count += c == k ? 1 : 0;
            }
            if (count == 0) {
                continue;
            }
            double[] xs = new double[count];
            double[] ys = new double[count];
            for (int i = 0, j = 0; i < g.classes.length; i++) {
                if (g.classes[i] == k) {
                    xs[j] = g.xs[i];
                    ys[j++] = g.ys[i];
                }
            }
            Marker marker = g.role == Role.LABELED
                    ? Marker.builder().color(Palette.color(k)).size(11)
                            .line(Line.builder().color("#222222").width(1.5).build()).build()
                    : Marker.builder().color(Palette.color(k)).size(9).symbol(Symbol.X).build();
            String label = (g.role == Role.LABELED ? "labeled: " : "pseudo: ") + className(k);
            traces.add(ScatterTrace.builder(xs, ys).mode(ScatterTrace.Mode.MARKERS).name(label).marker(marker)
                    .build());
        }
        return traces;
    }

    @Override
    protected String describe() {
        StringBuilder out = new StringBuilder();
        for (Group g : groups) {
            out.append("  ").append(g.role.name().toLowerCase().replace('_', '-')).append(": ")
                    .append(g.xs.length).append(" points\n");
        }
        return out.length() == 0 ? "  (no points)" : out.toString().stripTrailing();
    }
}
