package org.semisup4j.plot;

import com.google.gson.JsonObject;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Margin;

import java.util.Objects;

/** A confusion matrix as a heatmap with the count written in every cell; rows are actual classes. */
public final class ConfusionMatrixPlot extends PlotlyPlot {

    private final String title;
    private final long[][] counts;
    private final String[] classNames;

    ConfusionMatrixPlot(String title, long[][] counts, String... classNames) {
        this.title = Objects.requireNonNull(title, "title");
        int k = counts.length;
        for (int r = 0; r < k; r++) {
            if (counts[r].length != k) {
                throw new IllegalArgumentException("confusion matrix '" + title + "': row " + r + " has "
                        + counts[r].length + " columns; expected a square " + k + "x" + k + " matrix");
            }
        }
        if (classNames.length != 0 && classNames.length != k) {
            throw new IllegalArgumentException("confusion matrix '" + title + "': " + classNames.length
                    + " class names for " + k + " classes");
        }
        this.counts = new long[k][];
        for (int r = 0; r < k; r++) {
            this.counts[r] = counts[r].clone();
        }
        this.classNames = new String[k];
        for (int i = 0; i < k; i++) {
            this.classNames[i] = classNames.length == 0 ? String.valueOf(i) : classNames[i];
        }
    }

    /** Counts actual (rows) against predicted (columns) class indices in [0, classes). */
    static long[][] count(int[] actual, int[] predicted, int classes) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("confusion matrix: " + actual.length + " actual labels but "
                    + predicted.length + " predictions; expected the same number");
        }
        long[][] counts = new long[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] < 0 || actual[i] >= classes || predicted[i] < 0 || predicted[i] >= classes) {
                throw new IllegalArgumentException("confusion matrix: example " + i + " has actual "
                        + actual[i] + ", predicted " + predicted[i] + "; expected classes in [0, " + classes + ")");
            }
            counts[actual[i]][predicted[i]]++;
        }
        return counts;
    }

    /** counts[actual][predicted]. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            copy[r] = counts[r].clone();
        }
        return copy;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public Figure toFigure() {
        String[][] text = new String[counts.length][counts.length];
        for (int r = 0; r < counts.length; r++) {
            for (int c = 0; c < counts.length; c++) {
                text[r][c] = Long.toString(counts[r][c]);
            }
        }
        JsonObject heatmap = new JsonObject();
        heatmap.addProperty("type", "heatmap");
        heatmap.addProperty("name", "count");
        heatmap.add("x", JsonTrace.gson().toJsonTree(classNames));
        heatmap.add("y", JsonTrace.gson().toJsonTree(classNames));
        heatmap.add("z", JsonTrace.gson().toJsonTree(counts));
        heatmap.add("text", JsonTrace.gson().toJsonTree(text));
        heatmap.addProperty("texttemplate", "%{text}");
        heatmap.addProperty("hovertemplate", "actual %{y}<br>predicted %{x}<br>count %{z}<extra></extra>");
        heatmap.addProperty("colorscale", "Blues");
        heatmap.addProperty("reversescale", true);
        int side = Math.max(360, Math.min(800, 120 + 48 * counts.length));
        Layout layout = Layout.builder(title)
                .xAxis(Axis.builder().title("predicted").type(Axis.Type.CATEGORY).build())
                .yAxis(Axis.builder().title("actual").type(Axis.Type.CATEGORY).autoRange(Axis.AutoRange.REVERSED)
                        .build())
                .width(side + 100).height(side).margin(Margin.builder().left(100).bottom(90).build()).build();
        return new Figure(layout, new JsonTrace(heatmap));
    }

    @Override
    protected String describe() {
        int width = 6;
        for (String name : classNames) {
            width = Math.max(width, name.length() + 1);
        }
        StringBuilder out = new StringBuilder(String.format("  %" + width + "s", "a\\p"));
        for (String name : classNames) {
            out.append(String.format("%" + width + "s", name));
        }
        for (int r = 0; r < counts.length; r++) {
            out.append(String.format("%n  %" + width + "s", classNames[r]));
            for (long count : counts[r]) {
                out.append(String.format("%" + width + "d", count));
            }
        }
        return out.toString();
    }
}
