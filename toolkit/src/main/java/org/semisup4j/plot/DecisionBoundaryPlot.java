package org.semisup4j.plot;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.plotly.traces.Trace;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A 2-D classifier's decision regions under its points. The predictor maps a FLOAT [m, 2] batch
 * of grid points to [m, K] class probabilities. Two classes: a filled contour of P(class 1);
 * more: each grid cell tinted with its predicted class, hover showing the probability.
 */
public final class DecisionBoundaryPlot extends ScatterPlot {

    private final Function<INDArray, INDArray> predictor;
    private int resolution = 80;
    private double padding = 0.1;

    DecisionBoundaryPlot(String title, Function<INDArray, INDArray> predictor) {
        super(title);
        this.predictor = Objects.requireNonNull(predictor, "predictor");
    }

    /** Grid points per axis (default 80). */
    public DecisionBoundaryPlot resolution(int pointsPerAxis) {
        if (pointsPerAxis < 2) {
            throw new IllegalArgumentException("resolution: expected at least 2 grid points per axis, got "
                    + pointsPerAxis);
        }
        this.resolution = pointsPerAxis;
        return this;
    }

    /** Margin around the points, as a fraction of their range (default 0.1). */
    public DecisionBoundaryPlot padding(double fraction) {
        this.padding = fraction;
        return this;
    }

    @Override
    protected List<Trace> backgroundTraces() {
        double[] box = boundingBox();
        double[] gx = linspace(box[0], box[1], resolution);
        double[] gy = linspace(box[2], box[3], resolution);
        float[][] grid = new float[resolution * resolution][];
        for (int r = 0; r < resolution; r++) {
            for (int c = 0; c < resolution; c++) {
                grid[r * resolution + c] = new float[]{(float) gx[c], (float) gy[r]};
            }
        }
        INDArray probabilities = predictor.apply(Nd4j.create(grid)).castTo(DataType.DOUBLE);
        if (probabilities.rank() != 2 || probabilities.rows() != grid.length) {
            throw new IllegalArgumentException("decision boundary predictor: expected [" + grid.length
                    + ", K] probabilities, got " + java.util.Arrays.toString(probabilities.shape()));
        }
        double[][] p = probabilities.toDoubleMatrix();
        int classes = p[0].length;
        JsonObject trace = new JsonObject();
        trace.add("x", JsonTrace.gson().toJsonTree(gx));
        trace.add("y", JsonTrace.gson().toJsonTree(gy));
        trace.addProperty("showlegend", false);
        if (classes == 2) {
            double[][] z = new double[resolution][resolution];
            for (int i = 0; i < grid.length; i++) {
                z[i / resolution][i % resolution] = p[i][1];
            }
            trace.addProperty("type", "contour");
            trace.addProperty("name", "P(" + className(1) + ")");
            trace.add("z", JsonTrace.gson().toJsonTree(z));
            trace.addProperty("zmin", 0.0);
            trace.addProperty("zmax", 1.0);
            trace.add("colorscale", colorscale(Palette.color(0), "#ffffff", Palette.color(1)));
            trace.addProperty("opacity", 0.45);
            trace.addProperty("ncontours", 10);
            JsonObject colorbar = new JsonObject();
            colorbar.addProperty("title", "P(" + className(1) + ")");
            // the legend sits at the top right: keep the colour bar in the lower half, clear of it
            colorbar.addProperty("len", 0.5);
            colorbar.addProperty("y", 0.0);
            colorbar.addProperty("yanchor", "bottom");
            trace.add("colorbar", colorbar);
        } else {
            double[][] z = new double[resolution][resolution];
            String[][] text = new String[resolution][resolution];
            for (int i = 0; i < grid.length; i++) {
                int best = 0;
                for (int k = 1; k < classes; k++) {
                    best = p[i][k] > p[i][best] ? k : best;
                }
                z[i / resolution][i % resolution] = best;
                text[i / resolution][i % resolution] = className(best) + String.format(" p=%.2f", p[i][best]);
            }
            trace.addProperty("type", "heatmap");
            trace.addProperty("name", "predicted class");
            trace.add("z", JsonTrace.gson().toJsonTree(z));
            trace.add("text", JsonTrace.gson().toJsonTree(text));
            trace.addProperty("hoverinfo", "text");
            trace.addProperty("zmin", -0.5);
            trace.addProperty("zmax", classes - 0.5);
            trace.add("colorscale", discreteColorscale(classes));
            trace.addProperty("showscale", false);
            trace.addProperty("opacity", 0.35);
        }
        return List.of(new JsonTrace(trace));
    }

    /** [xmin, xmax, ymin, ymax] of all points, widened by the padding. */
    private double[] boundingBox() {
        double xmin = Double.POSITIVE_INFINITY, xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY, ymax = Double.NEGATIVE_INFINITY;
        for (Group g : groups()) {
            for (int i = 0; i < g.xs().length; i++) {
                xmin = Math.min(xmin, g.xs()[i]);
                xmax = Math.max(xmax, g.xs()[i]);
                ymin = Math.min(ymin, g.ys()[i]);
                ymax = Math.max(ymax, g.ys()[i]);
            }
        }
        if (xmin > xmax) {
            throw new IllegalStateException("decision boundary '" + title()
                    + "': add points first (labeled, unlabeled or pseudoLabeled); they set the plotted area");
        }
        double dx = Math.max(xmax - xmin, 1e-9) * padding;
        double dy = Math.max(ymax - ymin, 1e-9) * padding;
        return new double[]{xmin - dx, xmax + dx, ymin - dy, ymax + dy};
    }

    private static double[] linspace(double from, double to, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = from + (to - from) * i / (n - 1);
        }
        return values;
    }

    private static JsonArray colorscale(String low, String mid, String high) {
        JsonArray scale = new JsonArray();
        scale.add(stop(0.0, low));
        scale.add(stop(0.5, mid));
        scale.add(stop(1.0, high));
        return scale;
    }

    /** Flat colour bands, one per class, for a heatmap of class indices with zmin -0.5 and zmax K-0.5. */
    private static JsonArray discreteColorscale(int classes) {
        JsonArray scale = new JsonArray();
        for (int k = 0; k < classes; k++) {
            scale.add(stop((double) k / classes, Palette.color(k)));
            scale.add(stop((double) (k + 1) / classes, Palette.color(k)));
        }
        return scale;
    }

    private static JsonArray stop(double at, String color) {
        JsonArray stop = new JsonArray();
        stop.add(at);
        stop.add(color);
        return stop;
    }
}
