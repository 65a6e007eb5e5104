package org.semisup4j.plot;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Several figures (or any displayables) side by side, wrapping into rows: one notebook output for a grid of
 * small plots, e.g. the survey's decision maps of every method.
 */
public final class FigureGrid extends Displayable {
    private final String title;
    private final List<? extends Displayable> cells;
    private final int cellWidth;

    private FigureGrid(String title, List<? extends Displayable> cells, int cellWidth) {
        if (cells.isEmpty()) throw new IllegalArgumentException("a figure grid needs at least one figure");
        if (cellWidth < 50) throw new IllegalArgumentException("figure grid: cell width must be >= 50 px, got " + cellWidth);
        this.title = title;
        this.cells = List.copyOf(cells);
        this.cellWidth = cellWidth;
    }

    /** The figures in reading order, each in a cell {@code cellWidth} pixels wide. */
    public static FigureGrid of(String title, List<? extends Displayable> figures, int cellWidth) {
        return new FigureGrid(title, figures, cellWidth);
    }

    @Override
    public String toHtml() {
        return grid(cells.stream().map(Displayable::toHtml).toList());
    }

    @Override
    protected String notebookHtml() {
        return grid(cells.stream().map(Displayable::notebookHtml).toList());
    }

    @Override
    protected String standaloneHtml() {
        return grid(cells.stream().map(Displayable::standaloneHtml).toList());
    }

    private String grid(List<String> html) {
        return "<div class=\"semisup4j-grid\"><div style=\"font-weight:bold;margin:4px 0\">" + Html.escape(title) + "</div>"
                + "<div style=\"display:flex;flex-wrap:wrap;gap:6px\">"
                + html.stream().map(h -> "<div style=\"width:" + cellWidth + "px\">" + h + "</div>").collect(Collectors.joining())
                + "</div></div>";
    }

    @Override
    public String toText() {
        return title + "\n" + cells.stream().map(c -> "  " + firstLine(c.toText())).collect(Collectors.joining("\n"));
    }

    private static String firstLine(String text) {
        int i = text.indexOf('\n');
        return i < 0 ? text : text.substring(0, i);
    }
}
