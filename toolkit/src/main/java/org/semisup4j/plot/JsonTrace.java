package org.semisup4j.plot;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import tech.tablesaw.plotly.components.HoverLabel;
import tech.tablesaw.plotly.traces.Trace;

/**
 * A tablesaw {@link Trace} written straight from plotly's JSON attributes. Used where tablesaw's
 * own traces fall short: its heatmap and contour templates name every trace {@code trace0} (which
 * breaks figures with more than one trace) and cannot emit {@code text}, {@code texttemplate},
 * {@code colorscale} arrays or {@code zmin}/{@code zmax}.
 */
final class JsonTrace implements Trace {

    /** Gson escapes {@code <}, {@code >} and {@code &} by default, which keeps the JSON script-safe. */
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final JsonObject attributes;

    JsonTrace(JsonObject attributes) {
        this.attributes = attributes;
    }

    static Gson gson() {
        return GSON;
    }

    @Override
    public String asJavascript(int index) {
        return "var trace" + index + " = " + GSON.toJson(attributes) + ";\n";
    }

    @Override
    public String name() {
        return attributes.has("name") ? attributes.get("name").getAsString() : "";
    }

    @Override
    public HoverLabel hoverLabel() {
        return null;
    }

    @Override
    public boolean showLegend() {
        return !attributes.has("showlegend") || attributes.get("showlegend").getAsBoolean();
    }
}
