package org.semisup4j.plot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Where the interactive figures get plotly.js from, offline.
 *
 * <p>In semisup4j's kernel the library never enters the notebook: {@code scripts/kernel/install.sh}
 * puts {@link #SERVED_FILE} (written by {@link #main}) into the kernelspec folder, which Jupyter
 * serves at {@code BASE/kernelspecs/NAME/}, and the first figure on a page loads it from there (the
 * kernel knows NAME from the {@code semisup4j.kernelspec} system property in its kernel.json). So a
 * saved notebook carries no library, and a notebook reopened in Jupyter draws its figures again.
 * Elsewhere (GitHub, nbviewer, exports, VS Code) the figures' static pictures show.
 *
 * <p>In another kernel (IJava) the library is emitted once per notebook as its own display. It is
 * the unminified build: Maven Central has no minified plotly.js {@value #VERSION} webjar.
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
    /** The library's file name in the kernelspec folder; versioned, so an upgrade installs the new one. */
    public static final String SERVED_FILE = "plotly-" + VERSION + ".js";
    /** System property naming the kernelspec whose folder serves {@link #SERVED_FILE}. */
    public static final String KERNELSPEC_PROPERTY = "semisup4j.kernelspec";

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
        if (servedBy().isPresent()) {
            return true; // each figure asks the server for it (requestFromServerScript)
        }
        emittedToNotebook = Notebook.display(new Loader()).isPresent();
        return emittedToNotebook;
    }

    /** Test hook: forget that the library was emitted (as a kernel restart would). */
    static synchronized void resetForTesting() {
        emittedToNotebook = false;
    }

    /** The kernelspec that serves the library, when this JVM is semisup4j's installed kernel. */
    static java.util.Optional<String> servedBy() {
        String name = System.getProperty(KERNELSPEC_PROPERTY, "");
        return name.matches("[A-Za-z0-9._-]+") ? java.util.Optional.of(name) : java.util.Optional.empty();
    }

    /**
     * Script lines (inside a figure's function) that, in a Jupyter page, load the library from the
     * kernelspec folder once per page: the base URL is on the classic notebook's body
     * ({@code data-base-url}) or in JupyterLab's page config. Outside Jupyter nothing is requested and
     * the static picture stays. Empty when no kernelspec serves the library.
     */
    static String requestFromServerScript() {
        return servedBy().map(name -> ""
                + "  if (!window.semisup4jPlotlyRequested) {\n"
                + "    var base = document.body && document.body.getAttribute('data-base-url');\n"
                + "    var config = document.getElementById('jupyter-config-data');\n"
                + "    if (base == null && config) { try { base = JSON.parse(config.textContent).baseUrl; } catch (e) {} }\n"
                + "    if (base != null) {\n"
                + "      window.semisup4jPlotlyRequested = true;\n"
                + "      var script = document.createElement('script');\n"
                + "      script.src = base.replace(/\\/?$/, '/') + 'kernelspecs/" + name + "/" + SERVED_FILE + "';\n"
                + "      script.onerror = function () { window.semisup4jPlotlyRequested = false; };\n"
                + "      document.head.appendChild(script);\n"
                + "    }\n"
                + "  }\n").orElse("");
    }

    /** The {@code <script>} elements that load the library inline and then draw any queued figure. */
    public static String inlineLibraryHtml() {
        return "<script type=\"text/javascript\">\n" + wrappedLibrary() + "</script>\n";
    }

    /**
     * The library hidden from require.js, then the queued figures drawn: the body of the inline
     * script, and the whole of the served file.
     */
    static String wrappedLibrary() {
        return "if (!window.Plotly) {\n"
                + "(function (define, exports, module) {\n"
                + librarySource()
                + "\n}).call(window);\n"
                + "}\n"
                + "(function () {\n"
                + "  var queued = " + QUEUE + " || [];\n"
                + "  " + QUEUE + " = [];\n"
                + "  queued.forEach(function (draw) { try { draw(); } catch (e) { console.error(e); } });\n"
                + "})();\n";
    }

    /**
     * Writes the file the kernelspec serves ({@code java -cp … org.semisup4j.plot.PlotlyJs FILE}), or
     * prints its name ({@code --name}); used by {@code scripts/kernel/install.sh}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("--name")) {
            System.out.println(SERVED_FILE);
            return;
        }
        if (args.length != 1 || args[0].startsWith("-")) {
            System.err.println("usage: PlotlyJs OUTPUT_FILE | --name   (writes or names " + SERVED_FILE
                    + ", the plotly.js a kernelspec folder serves)");
            System.exit(2);
        }
        java.nio.file.Files.writeString(java.nio.file.Path.of(args[0]), wrappedLibrary(), StandardCharsets.UTF_8);
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
