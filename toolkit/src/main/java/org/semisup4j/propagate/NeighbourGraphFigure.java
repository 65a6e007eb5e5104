package org.semisup4j.propagate;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.plot.Palette;
import org.semisup4j.plot.PlotlyFigure;
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

/**
 * A neighbour graph drawn over 2-D positions: grey edges from every point to its neighbours, points coloured
 * by class, and marked points (e.g. those whose label was flipped) drawn as crosses. The neighbours may come
 * from anywhere — a {@link KnnGraph} over the inputs or NCR's nearest neighbours in feature space — so the
 * picture shows which points a method lets vote on each other's labels.
 */
public final class NeighbourGraphFigure {
    private NeighbourGraphFigure() {}

    /**
     * @param positions  [N, 2] where to draw each point
     * @param neighbours neighbours[i] = indices of i's neighbours
     * @param classes    the class shown for each point (its colour)
     * @param marked     points drawn as crosses (null: none)
     * @param classNames legend names of the classes
     */
    public static PlotlyFigure draw(String title, INDArray positions, int[][] neighbours, int[] classes, boolean[] marked,
                                    String... classNames) {
        int n = (int) positions.size(0);
        if (positions.rank() != 2 || positions.size(1) != 2 || neighbours.length != n || classes.length != n
                || (marked != null && marked.length != n))
            throw new IllegalArgumentException("neighbour graph: positions must be [N, 2] with one neighbour list, class"
                    + " and mark per row; got " + n + " positions, " + neighbours.length + " lists, " + classes.length + " classes");
        double[][] xy = positions.toDoubleMatrix();
        List<Trace> traces = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (neighbours[i].length == 0) continue;
            // a star i → j₁ → i → j₂ → i …: one trace per point, without gaps that plotly would need nulls for
            double[] xs = new double[2 * neighbours[i].length + 1], ys = new double[xs.length];
            xs[0] = xy[i][0];
            ys[0] = xy[i][1];
            for (int e = 0; e < neighbours[i].length; e++) {
                xs[2 * e + 1] = xy[neighbours[i][e]][0];
                ys[2 * e + 1] = xy[neighbours[i][e]][1];
                xs[2 * e + 2] = xy[i][0];
                ys[2 * e + 2] = xy[i][1];
            }
            traces.add(ScatterTrace.builder(xs, ys).mode(ScatterTrace.Mode.LINE).name("neighbour edges")
                    .legendGroup("edges").showLegend(traces.isEmpty()).opacity(0.35)
                    .line(Line.builder().color("#9e9e9e").width(1).build()).build());
        }
        int numClasses = 0;
        for (int c : classes) numClasses = Math.max(numClasses, c + 1);
        for (int k = 0; k < numClasses; k++) {
            for (boolean cross : new boolean[]{false, true}) {
                List<double[]> points = new ArrayList<>();
                for (int i = 0; i < n; i++)
                    if (classes[i] == k && (marked != null && marked[i]) == cross) points.add(xy[i]);
                if (points.isEmpty()) continue;
                double[] xs = points.stream().mapToDouble(p -> p[0]).toArray(), ys = points.stream().mapToDouble(p -> p[1]).toArray();
                String name = (k < classNames.length ? classNames[k] : "class " + k) + (cross ? " (marked)" : "");
                Marker marker = cross ? Marker.builder().color(Palette.color(k)).size(11).symbol(Symbol.X).build()
                        : Marker.builder().color(Palette.color(k)).size(8).line(Line.builder().color("#222222").width(1).build()).build();
                traces.add(ScatterTrace.builder(xs, ys).mode(ScatterTrace.Mode.MARKERS).name(name).marker(marker).build());
            }
        }
        Layout layout = Layout.builder(title).xAxis(Axis.builder().title("x1").build()).yAxis(Axis.builder().title("x2").build())
                .width(620).height(480).showLegend(true).hoverMode(Layout.HoverMode.CLOSEST).build();
        return PlotlyFigure.of(new Figure(layout, traces.toArray(new Trace[0])));
    }
}
