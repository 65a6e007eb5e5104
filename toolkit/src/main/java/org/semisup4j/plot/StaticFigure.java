package org.semisup4j.plot;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import tech.tablesaw.plotly.components.Figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The static picture of a Plotly figure, drawn with JFreeChart from the same spec plotly.js draws
 * (the figure's {@code layout} and {@code trace0…} objects). It is what GitHub, nbviewer, nbconvert's
 * HTML and PDF exports and VS Code show, where plotly.js does not run.
 *
 * <p>Why JFreeChart fed from the Plotly spec rather than a second description of every figure: the
 * picture cannot drift from the interactive figure, a figure built from any tablesaw trace gets one, and
 * the drawing itself is a well-kept library's. Understood: {@code scatter} traces (lines and/or markers,
 * colour, width, size, symbol, opacity, marker outline), {@code heatmap} (colour scale, zmin/zmax, cell
 * text) and {@code contour} (drawn as filled bands); layout title, axis titles, log and category axes,
 * reversed axes, size and legend. Other trace types are refused by name.
 */
final class StaticFigure {

    /** A figure's spec as plain JSON: the layout and the traces in drawing order. */
    record Spec(JsonObject layout, List<JsonObject> traces) {}

    private static final Pattern VARIABLE = Pattern.compile("var\\s+(layout|trace\\d+)\\s*=\\s*");
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
    private static final Color PLOT_BACKGROUND = new Color(0xE5ECF6);
    /** Three significant digits, as plotly labels its ticks. */
    private static final java.text.NumberFormat SHORT_NUMBER = new java.text.NumberFormat() {
        @Override
        public StringBuffer format(double number, StringBuffer out, java.text.FieldPosition pos) {
            String[] parts = String.format(Locale.ROOT, "%.3g", number).split("e", 2);
            String mantissa = parts[0].contains(".") ? parts[0].replaceAll("\\.?0+$", "") : parts[0];
            return out.append(mantissa).append(parts.length > 1 ? "e" + parts[1] : "");
        }

        @Override
        public StringBuffer format(long number, StringBuffer out, java.text.FieldPosition pos) {
            return out.append(number);
        }

        @Override
        public Number parse(String source, java.text.ParsePosition pos) {
            throw new UnsupportedOperationException("tick labels are only written");
        }
    };

    private StaticFigure() {
    }

    /** PNG of {@code figure}, at the layout's size (default 700×450). */
    static byte[] png(Figure figure) {
        Spec spec = spec(figure);
        JFreeChart chart = chart(spec);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ChartUtils.writeChartAsPNG(out, chart, width(spec), height(spec));
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the PNG of figure '" + title(spec.layout()) + "'", e);
        }
    }

    static int width(Spec spec) {
        return (int) number(spec.layout().get("width"), 700);
    }

    static int height(Spec spec) {
        return (int) number(spec.layout().get("height"), 450);
    }

    /** Reads the layout and traces back from the JavaScript tablesaw writes for plotly.js. */
    static Spec spec(Figure figure) {
        figure.asJavascript("static");
        String script = String.valueOf(figure.getContext().get("figure"));
        JsonObject layout = new JsonObject();
        Map<Integer, JsonObject> traces = new LinkedHashMap<>();
        Matcher m = VARIABLE.matcher(script);
        while (m.find()) {
            JsonReader reader = new JsonReader(new StringReader(withoutTrailingCommas(script.substring(m.end()))));
            reader.setLenient(true); // tablesaw writes JavaScript object literals: bare keys, 'single quotes'
            JsonObject value = JsonParser.parseReader(reader).getAsJsonObject();
            if (m.group(1).equals("layout")) {
                layout = value;
            } else {
                traces.put(Integer.parseInt(m.group(1).substring("trace".length())), value);
            }
        }
        List<JsonObject> ordered = new ArrayList<>();
        traces.keySet().stream().sorted().forEach(i -> ordered.add(traces.get(i)));
        return new Spec(layout, ordered);
    }

    /** Drops commas that close an object or array literal ({@code a: 1,\n}), which JSON forbids. */
    static String withoutTrailingCommas(String js) {
        StringBuilder out = new StringBuilder(js.length());
        char quote = 0;
        for (int i = 0; i < js.length(); i++) {
            char c = js.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == '\\' && i + 1 < js.length()) {
                    out.append(js.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ',') {
                int j = i + 1;
                while (j < js.length() && Character.isWhitespace(js.charAt(j))) {
                    j++;
                }
                if (j < js.length() && (js.charAt(j) == '}' || js.charAt(j) == ']')) {
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    static JFreeChart chart(Spec spec) {
        JsonObject layout = spec.layout();
        Axes axes = new Axes(spec);
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(axes.axis("xaxis", layout, axes.xCategories));
        plot.setRangeAxis(axes.axis("yaxis", layout, axes.yCategories));
        plot.setBackgroundPaint(PLOT_BACKGROUND);
        plot.setDomainGridlinePaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD); // plotly draws trace 0 at the bottom
        boolean anyLegend = false;
        for (int i = 0; i < spec.traces().size(); i++) {
            JsonObject trace = spec.traces().get(i);
            String type = string(trace.get("type"), "scatter");
            switch (type) {
                case "scatter", "scattergl" -> anyLegend |= addScatter(plot, i, trace, axes);
                case "heatmap", "contour" -> addHeatmap(plot, i, trace, axes, type.equals("contour"));
                default -> throw new IllegalArgumentException("static image of figure '" + title(layout)
                        + "': trace " + i + " has type '" + type + "'; expected scatter, heatmap or contour");
            }
        }
        boolean legend = anyLegend && !(layout.has("showlegend") && !layout.get("showlegend").getAsBoolean());
        JFreeChart chart = new JFreeChart(title(layout), TITLE_FONT, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        if (chart.getTitle() != null) {
            chart.getTitle().setPosition(RectangleEdge.TOP);
        }
        if (chart.getLegend() != null) {
            chart.getLegend().setPosition(RectangleEdge.RIGHT);
            chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
        }
        if (title(layout).isEmpty()) {
            chart.setTitle((TextTitle) null);
        }
        return chart;
    }

    /** Adds one scatter trace as its own dataset; returns whether it shows in the legend. */
    private static boolean addScatter(XYPlot plot, int index, JsonObject trace, Axes axes) {
        String name = string(trace.get("name"), "trace " + index);
        XYSeries series = new XYSeries(name, false, true);
        JsonArray xs = array(trace, "x");
        JsonArray ys = array(trace, "y");
        for (int i = 0; i < Math.min(xs.size(), ys.size()); i++) {
            double x = axes.x(xs.get(i));
            double y = axes.y(ys.get(i));
            if (Double.isFinite(x) && Double.isFinite(y)) {
                series.add(x, y);
            }
        }
        String mode = string(trace.get("mode"), xs.size() > 20 ? "lines" : "lines+markers");
        boolean lines = mode.contains("lines");
        boolean markers = mode.contains("markers");
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(lines, markers);
        JsonObject line = object(trace, "line");
        JsonObject marker = object(trace, "marker");
        JsonObject outline = object(marker, "line");
        double opacity = number(trace.get("opacity"), 1) * number(marker.get("opacity"), 1);
        Color color = color(string(lines ? line.get("color") : marker.get("color"),
                string(marker.get("color"), string(line.get("color"), Palette.color(index)))),
                markers && !lines ? opacity : number(trace.get("opacity"), 1));
        renderer.setSeriesPaint(0, color);
        renderer.setSeriesStroke(0, new BasicStroke((float) number(line.get("width"), 2),
                BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        renderer.setSeriesShape(0, shape(string(marker.get("symbol"), "circle"), number(marker.get("size"), 6)));
        renderer.setSeriesShapesFilled(0, true);
        if (outline.has("color") || outline.has("width")) {
            renderer.setUseOutlinePaint(true);
            renderer.setDrawOutlines(true);
            renderer.setSeriesOutlinePaint(0, color(string(outline.get("color"), "#444444"), 1));
            renderer.setSeriesOutlineStroke(0, new BasicStroke((float) number(outline.get("width"), 1)));
        }
        boolean inLegend = !(trace.has("showlegend") && !trace.get("showlegend").getAsBoolean()) && !name.isEmpty();
        renderer.setSeriesVisibleInLegend(0, inLegend);
        plot.setDataset(index, new XYSeriesCollection(series));
        plot.setRenderer(index, renderer);
        return inLegend;
    }

    /** Adds a heatmap (or a contour, as filled bands) with its cell text, if any. */
    private static void addHeatmap(XYPlot plot, int index, JsonObject trace, Axes axes, boolean contour) {
        JsonArray z = array(trace, "z");
        int rows = z.size();
        int cols = rows == 0 ? 0 : z.get(0).getAsJsonArray().size();
        double[] xs = axes.cellCentres(trace.get("x"), cols, true);
        double[] ys = axes.cellCentres(trace.get("y"), rows, false);
        double[][] xyz = new double[3][rows * cols];
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < rows; r++) {
            JsonArray row = z.get(r).getAsJsonArray();
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                xyz[0][i] = xs[c];
                xyz[1][i] = ys[r];
                xyz[2][i] = number(row.get(c), Double.NaN);
                if (Double.isFinite(xyz[2][i])) {
                    min = Math.min(min, xyz[2][i]);
                    max = Math.max(max, xyz[2][i]);
                }
            }
        }
        double zmin = number(trace.get("zmin"), min);
        double zmax = number(trace.get("zmax"), max);
        if (!(zmax > zmin)) {
            zmax = zmin + 1;
        }
        Colorscale scale = Colorscale.of(trace.get("colorscale"),
                trace.has("reversescale") && trace.get("reversescale").getAsBoolean(),
                number(trace.get("opacity"), 1));
        int bands = contour ? (int) number(trace.get("ncontours"), 10) : 0;
        double lo = zmin, hi = zmax;
        PaintScale paint = new PaintScale() {
            @Override
            public double getLowerBound() {
                return lo;
            }

            @Override
            public double getUpperBound() {
                return hi;
            }

            @Override
            public java.awt.Paint getPaint(double value) {
                double t = Math.max(0, Math.min(1, (value - lo) / (hi - lo)));
                if (bands > 0) { // filled contours: one flat colour per band, as plotly fills them
                    t = (Math.min(Math.floor(t * bands), bands - 1) + 0.5) / bands;
                }
                return scale.at(t);
            }
        };
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setBlockWidth(spacing(xs));
        renderer.setBlockHeight(spacing(ys));
        renderer.setPaintScale(paint);
        renderer.setDefaultSeriesVisibleInLegend(false);
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries(string(trace.get("name"), "trace " + index), xyz);
        plot.setDataset(index, dataset);
        plot.setRenderer(index, renderer);
        JsonArray text = trace.has("text") && trace.get("text").isJsonArray() ? trace.getAsJsonArray("text") : null;
        if (text != null && string(trace.get("texttemplate"), "").contains("%{text}")) {
            for (int r = 0; r < Math.min(rows, text.size()); r++) {
                JsonArray row = text.get(r).getAsJsonArray();
                for (int c = 0; c < Math.min(cols, row.size()); c++) {
                    XYTextAnnotation label = new XYTextAnnotation(row.get(c).getAsString(), xs[c], ys[r]);
                    label.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
                    label.setPaint(dark((Color) paint.getPaint(xyz[2][r * cols + c])) ? Color.WHITE : Color.BLACK);
                    plot.addAnnotation(label);
                }
            }
        }
    }

    private static double spacing(double[] centres) {
        return centres.length < 2 ? 1 : Math.abs(centres[1] - centres[0]);
    }

    private static boolean dark(Color color) {
        return 0.299 * color.getRed() + 0.587 * color.getGreen() + 0.114 * color.getBlue() < 140;
    }

    /** Category names of both axes, and the conversion of a trace's values to positions on them. */
    private static final class Axes {
        final List<String> xCategories = new ArrayList<>();
        final List<String> yCategories = new ArrayList<>();

        Axes(Spec spec) {
            boolean xCategory = "category".equals(string(object(spec.layout(), "xaxis").get("type"), ""));
            boolean yCategory = "category".equals(string(object(spec.layout(), "yaxis").get("type"), ""));
            for (JsonObject trace : spec.traces()) {
                collect(trace.get("x"), xCategory, xCategories);
                collect(trace.get("y"), yCategory, yCategories);
            }
        }

        /** Categories: every value when the axis says so, or when some value is not a number. */
        private static void collect(JsonElement values, boolean category, List<String> into) {
            if (values == null || !values.isJsonArray()) {
                return;
            }
            boolean allNumbers = true;
            for (JsonElement v : values.getAsJsonArray()) {
                allNumbers &= !Double.isNaN(number(v, Double.NaN));
            }
            if (category || !allNumbers) {
                for (JsonElement v : values.getAsJsonArray()) {
                    if (!into.contains(v.getAsString())) {
                        into.add(v.getAsString());
                    }
                }
            }
        }

        double x(JsonElement v) {
            return xCategories.isEmpty() ? number(v, Double.NaN) : xCategories.indexOf(v.getAsString());
        }

        double y(JsonElement v) {
            return yCategories.isEmpty() ? number(v, Double.NaN) : yCategories.indexOf(v.getAsString());
        }

        /** Positions of a heatmap's columns (or rows): its x (y) values, or 0, 1, 2, … when it has none. */
        double[] cellCentres(JsonElement values, int count, boolean isX) {
            double[] centres = new double[count];
            for (int i = 0; i < count; i++) {
                boolean given = values != null && values.isJsonArray() && i < values.getAsJsonArray().size();
                centres[i] = given ? (isX ? x(values.getAsJsonArray().get(i)) : y(values.getAsJsonArray().get(i))) : i;
            }
            return centres;
        }

        ValueAxis axis(String key, JsonObject layout, List<String> categories) {
            JsonObject spec = object(layout, key);
            String label = title(spec);
            ValueAxis axis;
            if (!categories.isEmpty()) {
                SymbolAxis symbols = new SymbolAxis(label, categories.toArray(new String[0]));
                symbols.setGridBandsVisible(false);
                axis = symbols;
            } else if ("log".equals(string(spec.get("type"), ""))) {
                LogAxis log = new LogAxis(label);
                log.setSmallestValue(1e-12);
                log.setNumberFormatOverride(SHORT_NUMBER); // 0.5, not 10^-0.3
                axis = log;
            } else {
                NumberAxis number = new NumberAxis(label);
                number.setAutoRangeIncludesZero(false);
                axis = number;
            }
            axis.setInverted("reversed".equals(string(spec.get("autorange"), "")));
            return axis;
        }
    }

    /** A plotly colour scale: named (Blues, Greys, Viridis, RdBu) or a list of [position, colour]. */
    private record Colorscale(double[] stops, Color[] colors, double alpha) {

        private static final Map<String, String[]> NAMED = Map.of(
                "blues", new String[]{"rgb(5,10,172)", "rgb(40,60,190)", "rgb(70,100,245)", "rgb(90,120,245)",
                        "rgb(106,137,247)", "rgb(220,220,220)"},
                "greys", new String[]{"rgb(0,0,0)", "rgb(255,255,255)"},
                "viridis", new String[]{"#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89",
                        "#35b779", "#6ece58", "#b5de2b", "#fde725"},
                "rdbu", new String[]{"rgb(5,10,172)", "rgb(106,137,247)", "rgb(190,190,190)", "rgb(220,170,132)",
                        "rgb(230,145,90)", "rgb(178,10,28)"});
        private static final double[] BLUES_STOPS = {0, 0.35, 0.5, 0.6, 0.7, 1};

        static Colorscale of(JsonElement spec, boolean reversed, double alpha) {
            List<Double> stops = new ArrayList<>();
            List<Color> colors = new ArrayList<>();
            if (spec != null && spec.isJsonArray()) {
                for (JsonElement stop : spec.getAsJsonArray()) {
                    stops.add(stop.getAsJsonArray().get(0).getAsDouble());
                    colors.add(color(stop.getAsJsonArray().get(1).getAsString(), 1));
                }
            } else {
                String name = string(spec, "viridis").toLowerCase(Locale.ROOT);
                String[] named = NAMED.getOrDefault(name, NAMED.get("viridis"));
                for (int i = 0; i < named.length; i++) {
                    stops.add(name.equals("blues") ? BLUES_STOPS[i] : (double) i / (named.length - 1));
                    colors.add(color(named[i], 1));
                }
            }
            int n = stops.size();
            double[] s = new double[n];
            Color[] c = new Color[n];
            for (int i = 0; i < n; i++) {
                int from = reversed ? n - 1 - i : i;
                s[i] = reversed ? 1 - stops.get(from) : stops.get(from);
                c[i] = colors.get(from);
            }
            return new Colorscale(s, c, alpha);
        }

        Color at(double t) {
            int i = 1;
            while (i < stops.length - 1 && t > stops[i]) {
                i++;
            }
            double span = stops[i] - stops[i - 1];
            double f = span <= 0 ? 0 : Math.max(0, Math.min(1, (t - stops[i - 1]) / span));
            Color a = colors[i - 1], b = colors[i];
            // Opacity as a blend over white, giving an opaque colour: XYBlockRenderer outlines every cell
            // with its own paint, and translucent cells would show a grid where outlines overlap.
            return new Color(overWhite(mix(a.getRed(), b.getRed(), f)), overWhite(mix(a.getGreen(), b.getGreen(), f)),
                    overWhite(mix(a.getBlue(), b.getBlue(), f)));
        }

        private int overWhite(double channel) {
            return (int) Math.round(alpha * channel + (1 - alpha) * 255);
        }

        private static double mix(int a, int b, double f) {
            return a + (b - a) * f;
        }
    }

    private static Shape shape(String symbol, double size) {
        float s = (float) size;
        return switch (symbol) {
            case "x" -> ShapeUtils.createDiagonalCross(s / 2, s / 7);
            case "cross" -> ShapeUtils.createRegularCross(s / 2, s / 7);
            case "square" -> new Rectangle2D.Double(-s / 2, -s / 2, s, s);
            case "diamond" -> ShapeUtils.createDiamond(s / 2);
            case "triangle-up" -> ShapeUtils.createUpTriangle(s / 2);
            default -> new Ellipse2D.Double(-s / 2, -s / 2, s, s);
        };
    }

    /** {@code #rgb}, {@code #rrggbb}, {@code rgb(…)}, {@code rgba(…)} or a few names; grey otherwise. */
    static Color color(String css, double opacity) {
        String c = css.trim().toLowerCase(Locale.ROOT);
        int r = 128, g = 128, b = 128;
        double a = 1;
        if (c.startsWith("#") && (c.length() == 7 || c.length() == 4)) {
            String hex = c.length() == 4
                    ? "" + c.charAt(1) + c.charAt(1) + c.charAt(2) + c.charAt(2) + c.charAt(3) + c.charAt(3)
                    : c.substring(1);
            int rgb = Integer.parseInt(hex, 16);
            r = rgb >> 16 & 0xFF;
            g = rgb >> 8 & 0xFF;
            b = rgb & 0xFF;
        } else if (c.startsWith("rgb")) {
            String[] parts = c.substring(c.indexOf('(') + 1, c.indexOf(')')).split(",");
            r = (int) Double.parseDouble(parts[0].trim());
            g = (int) Double.parseDouble(parts[1].trim());
            b = (int) Double.parseDouble(parts[2].trim());
            a = parts.length > 3 ? Double.parseDouble(parts[3].trim()) : 1;
        } else {
            Color named = switch (c) {
                case "black" -> Color.BLACK;
                case "white" -> Color.WHITE;
                case "red" -> Color.RED;
                case "green" -> new Color(0, 128, 0);
                case "blue" -> Color.BLUE;
                case "orange" -> Color.ORANGE;
                default -> Color.GRAY;
            };
            r = named.getRed();
            g = named.getGreen();
            b = named.getBlue();
        }
        return new Color(r, g, b, (int) Math.round(255 * Math.max(0, Math.min(1, a * opacity))));
    }

    /** A title given as a string or as {@code {text: …}}. */
    static String title(JsonObject spec) {
        JsonElement title = spec.get("title");
        if (title != null && title.isJsonObject()) {
            title = title.getAsJsonObject().get("text");
        }
        return string(title, "");
    }

    private static JsonObject object(JsonObject parent, String key) {
        JsonElement e = parent.get(key);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
    }

    private static JsonArray array(JsonObject parent, String key) {
        JsonElement e = parent.get(key);
        return e != null && e.isJsonArray() ? e.getAsJsonArray() : new JsonArray();
    }

    private static String string(JsonElement e, String fallback) {
        return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? fallback : e.getAsString();
    }

    /** A number, also when tablesaw wrote it as a string ({@code "0.5"}); {@code fallback} otherwise. */
    private static double number(JsonElement e, double fallback) {
        if (e == null || !e.isJsonPrimitive()) {
            return fallback;
        }
        try {
            return Double.parseDouble(e.getAsString());
        } catch (NumberFormatException notANumber) {
            return fallback;
        }
    }
}
