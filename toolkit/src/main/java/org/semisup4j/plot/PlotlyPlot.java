package org.semisup4j.plot;

import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.traces.Trace;

import java.util.UUID;

/**
 * A Plotly figure that displays itself. Subclasses describe the figure with tablesaw-jsplot
 * ({@link #toFigure()}); this class turns it into an HTML fragment whose script waits until
 * plotly.js is in the page, emitting the library once per notebook (see {@link PlotlyJs}).
 *
 * <p>The figure's {@code div} carries the class {@code semisup4j-figure} and its title in
 * {@code data-title}, which the notebook browser check uses to find figures that failed to draw.
 */
public abstract class PlotlyPlot extends Displayable {

    /** The figure title, shown above the plot. */
    public abstract String title();

    /** The figure as tablesaw-jsplot sees it; a fresh object on every call. */
    public abstract Figure toFigure();

    /** One line per trace, for text-only frontends. */
    protected abstract String describe();

    @Override
    public String toText() {
        return title() + "\n" + describe();
    }

    @Override
    public String toHtml() {
        Figure figure = toFigure();
        String divId = "s4j" + UUID.randomUUID().toString().replace("-", "");
        figure.asJavascript(divId); // fills the figure's context with the layout and trace variables
        String variables = String.valueOf(figure.getContext().get("figure"));
        StringBuilder data = new StringBuilder("[");
        Trace[] traces = figure.getTraces();
        for (int i = 0; i < traces.length; i++) {
            data.append(i == 0 ? "" : ", ").append("trace").append(i);
        }
        data.append(']');
        return "<div class=\"semisup4j-figure\" id=\"" + divId + "\" data-title=\"" + Html.escape(title())
                + "\"></div>\n"
                + "<script type=\"text/javascript\">\n"
                + "(function () {\n"
                + "  var divId = '" + divId + "';\n"
                + "  function draw() {\n"
                + "    var target = document.getElementById(divId);\n"
                + "    if (!target) { return; }\n"
                + "    target.textContent = '';\n"
                + Html.scriptSafe(variables) + "\n"
                + "    window.Plotly.react(target, " + data + ", layout, {displaylogo: false});\n"
                + "  }\n"
                + "  if (window.Plotly) { draw(); return; }\n"
                + "  (" + PlotlyJs.QUEUE + " = " + PlotlyJs.QUEUE + " || []).push(draw);\n"
                + "  setTimeout(function () {\n"
                + "    var target = document.getElementById(divId);\n"
                + "    if (!window.Plotly && target && !target.firstChild) {\n"
                + "      target.textContent = 'plotly.js is not loaded in this page: re-run the notebook from '\n"
                + "          + 'the top (the library is sent once, with the first figure after a kernel start).';\n"
                + "    }\n"
                + "  }, 5000);\n"
                + "})();\n"
                + "</script>\n";
    }

    @Override
    protected String notebookHtml() {
        // Outside our lookup (an unknown kernel) the library must travel with the figure.
        return PlotlyJs.ensureLoadedInNotebook() ? toHtml() : standaloneHtml();
    }

    @Override
    protected String standaloneHtml() {
        return PlotlyJs.inlineLibraryHtml() + toHtml();
    }
}
