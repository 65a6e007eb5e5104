package org.semisup4j.plot;

import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.traces.Trace;

import java.util.Objects;

/** Any tablesaw-jsplot {@link Figure}, displayed the semisup4j way (offline plotly.js, loaded once). */
public final class PlotlyFigure extends PlotlyPlot {

    private final Figure figure;

    private PlotlyFigure(Figure figure) {
        this.figure = Objects.requireNonNull(figure, "figure");
    }

    public static PlotlyFigure of(Figure figure) {
        return new PlotlyFigure(figure);
    }

    @Override
    public String title() {
        String title = figure.getLayout() == null ? null : figure.getLayout().getTitle();
        return title == null ? "" : title;
    }

    @Override
    public Figure toFigure() {
        return figure;
    }

    @Override
    protected String describe() {
        StringBuilder out = new StringBuilder();
        for (Trace trace : figure.getTraces()) {
            out.append("  trace ").append(trace.name()).append('\n');
        }
        return out.toString().stripTrailing();
    }
}
