package org.semisup4j.plot;

import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.traces.Trace;

import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * A Plotly figure that displays itself. Subclasses describe the figure with tablesaw-jsplot
 * ({@link #toFigure()}); this class turns it into a display bundle: an HTML fragment whose script
 * draws the interactive figure once plotly.js is in the page (see {@link PlotlyJs} for where the
 * library comes from), the same figure as a static PNG ({@link StaticFigure}) inside that fragment
 * and beside it as {@code image/png}, and a text summary.
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
        return html(figure, StaticFigure.png(figure));
    }

    /** The figure's static picture (drawn by {@link StaticFigure} from the same spec plotly.js draws). */
    @Override
    public Optional<byte[]> toPng() {
        return Optional.of(StaticFigure.png(toFigure()));
    }

    @Override
    protected boolean hasPng() {
        return true;
    }

    /** Builds the figure once (a decision boundary runs its model) for the HTML, its fallback and the PNG. */
    @Override
    public void render(RenderContext context) {
        Figure figure = toFigure();
        byte[] png = StaticFigure.png(figure);
        context.renderIfRequested(MIMEType.TEXT_HTML, () -> notebookHtml(figure, png));
        context.renderIfRequested(MIMEType.TEXT_PLAIN, this::toText);
        context.renderIfRequested(MIMEType.IMAGE_PNG, () -> Base64.getEncoder().encodeToString(png));
    }

    /**
     * The figure's {@code div} holds its static picture until plotly.js replaces it with the live
     * figure; where no script runs (GitHub, nbviewer without the library, an untrusted notebook, an
     * nbconvert export) the picture stays. {@code png} null: no picture (live redraws while training).
     */
    String html(Figure figure, byte[] png) {
        String divId = "s4j" + UUID.randomUUID().toString().replace("-", "");
        figure.asJavascript(divId); // fills the figure's context with the layout and trace variables
        String variables = String.valueOf(figure.getContext().get("figure"));
        StringBuilder data = new StringBuilder("[");
        Trace[] traces = figure.getTraces();
        for (int i = 0; i < traces.length; i++) {
            data.append(i == 0 ? "" : ", ").append("trace").append(i);
        }
        data.append(']');
        String picture = png == null ? "" : "<img class=\"semisup4j-static\" alt=\"" + Html.escape(title())
                + "\" style=\"max-width:100%\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\"/>";
        return "<div class=\"semisup4j-figure\" id=\"" + divId + "\" data-title=\"" + Html.escape(title())
                + "\">" + picture + "</div>\n"
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
                + PlotlyJs.requestFromServerScript()
                + "})();\n"
                + "</script>\n";
    }

    String notebookHtml(Figure figure, byte[] png) {
        // Outside our kernel (IJava) the library travels in the notebook, once (see PlotlyJs).
        String html = html(figure, png);
        return PlotlyJs.ensureLoadedInNotebook() ? html : PlotlyJs.inlineLibraryHtml() + html;
    }

    @Override
    protected String notebookHtml() {
        Figure figure = toFigure();
        return notebookHtml(figure, StaticFigure.png(figure));
    }

    @Override
    protected String standaloneHtml() {
        return PlotlyJs.inlineLibraryHtml() + toHtml();
    }

    /** This figure without its static picture: for live redraws, which only a running Jupyter shows. */
    Displayable interactiveOnly() {
        PlotlyPlot plot = this;
        return new Displayable() {
            @Override
            public String toHtml() {
                return plot.html(plot.toFigure(), null);
            }

            @Override
            protected String notebookHtml() {
                return plot.notebookHtml(plot.toFigure(), null);
            }

            @Override
            public String toText() {
                return plot.toText();
            }
        };
    }
}
