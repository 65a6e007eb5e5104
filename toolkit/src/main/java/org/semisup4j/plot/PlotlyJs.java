package org.semisup4j.plot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * plotly.js served offline from the webjar on the classpath, emitted once per notebook.
 *
 * <p>Why the wrapper around the library: classic notebook 6.4 and nbconvert 6.5 pages carry
 * require.js, and plotly.js 2.x's UMD header then registers an anonymous AMD module instead of
 * setting {@code window.Plotly} (and require.js complains about an anonymous define outside a
 * loader call). The library therefore runs inside a function whose parameters {@code define},
 * {@code exports} and {@code module} are undefined, so it always takes the browser-global path.
 *
 * <p>Figures never assume the library is there yet: they queue their drawing function on
 * {@code window.semisup4jPlotlyQueue}, which the loader drains after the library has run.
 */
public final class PlotlyJs {

    public static final String VERSION = "2.35.3";
    static final String RESOURCE = "META-INF/resources/webjars/plotly.js-dist/" + VERSION + "/plotly.js";
    static final String QUEUE = "window.semisup4jPlotlyQueue";

    /** The library, already made safe for a script element: 11 MB, so built once. */
    private static volatile String librarySource;
    private static boolean emittedToNotebook;

    private PlotlyJs() {
    }

    /**
     * Makes sure the running notebook has the library: the first call emits it as its own display
     * (never updated afterwards), later calls do nothing.
     *
     * @return true when the page has (or will have) the library, false outside a notebook
     */
    public static synchronized boolean ensureLoadedInNotebook() {
        if (emittedToNotebook) {
            return true;
        }
        if (!Notebook.active()) {
            return false;
        }
        emittedToNotebook = Notebook.display(new Loader()).isPresent();
        return emittedToNotebook;
    }

    /** Test hook: forget that the library was emitted (as a kernel restart would). */
    static synchronized void resetForTesting() {
        emittedToNotebook = false;
    }

    /** The {@code <script>} elements that load the library inline and then draw any queued figure. */
    public static String inlineLibraryHtml() {
        return "<script type=\"text/javascript\">\n"
                + "if (!window.Plotly) {\n"
                + "(function (define, exports, module) {\n"
                + librarySource()
                + "\n}).call(window);\n"
                + "}\n</script>\n"
                + "<script type=\"text/javascript\">\n"
                + "(function () {\n"
                + "  var queued = " + QUEUE + " || [];\n"
                + "  " + QUEUE + " = [];\n"
                + "  queued.forEach(function (draw) { try { draw(); } catch (e) { console.error(e); } });\n"
                + "})();\n"
                + "</script>\n";
    }

    /** The unminified library source (~11 MB), read once from the webjar and made script-safe. */
    static String librarySource() {
        String source = librarySource;
        if (source == null) {
            synchronized (PlotlyJs.class) {
                if (librarySource == null) {
                    librarySource = Html.scriptSafe(readLibrary());
                }
                source = librarySource;
            }
        }
        return source;
    }

    private static String readLibrary() {
        ClassLoader loader = PlotlyJs.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("plotly.js not found on the classpath at " + RESOURCE
                        + ": add org.webjars.npm:plotly.js-dist:" + VERSION);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The once-per-notebook display that carries the library. */
    static final class Loader extends Displayable {
        @Override
        public String toHtml() {
            return "<div class=\"semisup4j-plotly-loader\" style=\"display:none\"></div>\n" + inlineLibraryHtml();
        }

        @Override
        public String toText() {
            return "plotly.js " + VERSION + " loaded (offline)";
        }
    }
}
