package org.semisup4j.plot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Rows of named columns, shown as an HTML table in a notebook and as aligned text elsewhere.
 * Numbers are right-aligned and printed with four significant digits.
 *
 * <pre>{@code Table.withColumns("method", "accuracy").row("FixMatch", 0.912).row("Pi", 0.874)}</pre>
 */
public final class Table extends Displayable {

    private final List<String> columns;
    private final List<Object[]> rows = new ArrayList<>();
    private String title = "";

    private Table(List<String> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("table: expected at least one column");
        }
        this.columns = List.copyOf(columns);
    }

    /** An empty table with these columns; add rows with {@link #row}. */
    public static Table withColumns(String... columns) {
        return new Table(Arrays.asList(columns));
    }

    /** A table of maps; columns are the keys in first-seen order, missing cells stay empty. */
    public static Table of(List<? extends Map<String, ?>> records) {
        Set<String> names = new LinkedHashSet<>();
        records.forEach(r -> names.addAll(r.keySet()));
        Table table = new Table(new ArrayList<>(names));
        for (Map<String, ?> record : records) {
            Object[] row = new Object[names.size()];
            int i = 0;
            for (String name : names) {
                row[i++] = record.get(name);
            }
            table.rows.add(row);
        }
        return table;
    }

    /** Appends a row with one value per column. */
    public Table row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("table row " + rows.size() + ": " + values.length
                    + " values for columns " + columns);
        }
        rows.add(values.clone());
        return this;
    }

    public Table title(String title) {
        this.title = Objects.requireNonNull(title, "title");
        return this;
    }

    public List<String> columns() {
        return columns;
    }

    public int rowCount() {
        return rows.size();
    }

    /** Cell text: doubles and floats with four significant digits, null as empty. */
    static String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return Double.toString(d);
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            double magnitude = Math.abs(d);
            return magnitude >= 1e-3 && magnitude < 1e6
                    ? stripZeros(String.format(java.util.Locale.ROOT, "%.4g", d))
                    : String.format(java.util.Locale.ROOT, "%.3e", d);
        }
        return value.toString();
    }

    private static String stripZeros(String number) {
        return number.contains(".") ? number.replaceAll("0+$", "").replaceAll("\\.$", "") : number;
    }

    private static boolean isNumber(Object value) {
        return value instanceof Number;
    }

    @Override
    public String toText() {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columns.get(c).length();
            for (Object[] row : rows) {
                widths[c] = Math.max(widths[c], format(row[c]).length());
            }
        }
        StringBuilder out = new StringBuilder();
        if (!title.isEmpty()) {
            out.append(title).append('\n');
        }
        for (int c = 0; c < widths.length; c++) {
            out.append(c == 0 ? "" : "  ").append(pad(columns.get(c), widths[c], false));
        }
        out.append('\n');
        for (int c = 0; c < widths.length; c++) {
            out.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
        }
        for (Object[] row : rows) {
            out.append('\n');
            for (int c = 0; c < widths.length; c++) {
                out.append(c == 0 ? "" : "  ").append(pad(format(row[c]), widths[c], isNumber(row[c])));
            }
        }
        return out.toString().replaceAll(" +(\n|$)", "$1");
    }

    private static String pad(String text, int width, boolean right) {
        String fill = " ".repeat(width - text.length());
        return right ? fill + text : text + fill;
    }

    @Override
    public String toHtml() {
        StringBuilder html = new StringBuilder(
                "<table class=\"semisup4j-table\" style=\"border-collapse:collapse;font-size:13px\">\n");
        if (!title.isEmpty()) {
            html.append("<caption>").append(Html.escape(title)).append("</caption>\n");
        }
        html.append("<thead><tr>");
        columns.forEach(c -> html.append("<th style=\"padding:2px 8px;border-bottom:1px solid #999\">")
                .append(Html.escape(c)).append("</th>"));
        html.append("</tr></thead>\n<tbody>\n");
        for (Object[] row : rows) {
            html.append("<tr>");
            for (Object cell : row) {
                html.append("<td style=\"padding:2px 8px;text-align:")
                        .append(isNumber(cell) ? "right" : "left").append("\">")
                        .append(Html.escape(format(cell))).append("</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</tbody>\n</table>\n").toString();
    }
}
