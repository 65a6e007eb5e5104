package org.semisup4j.plot;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every figure kind carries a static PNG in its display bundle, drawn from the figure's own spec. */
class StaticFigureTest {

    private static final INDArray POINTS = Nd4j.create(new float[][]{{0, 0}, {1, 1}, {2, 0}, {0, 2}, {2, 2}, {1, 0}});
    private static final Function<INDArray, INDArray> TWO_CLASSES = x -> {
        INDArray p1 = x.getColumn(0).reshape(-1, 1).div(2).add(0.0); // P(class 1) grows with x1
        return Nd4j.hstack(p1.rsub(1), p1);
    };
    private static final Function<INDArray, INDArray> THREE_CLASSES = x -> {
        INDArray a = x.getColumn(0).reshape(-1, 1), b = x.getColumn(1).reshape(-1, 1);
        return Nd4j.hstack(a.rsub(2.5), a, b).div(Nd4j.hstack(a.rsub(2.5), a, b).sum(true, 1));
    };

    private final RecordingFrontend frontend = new RecordingFrontend();

    @BeforeEach
    void record() {
        PlotlyJs.resetForTesting();
        Notebook.useFrontend(frontend);
    }

    @AfterEach
    void restore() {
        Notebook.useFrontend(null);
        PlotlyJs.resetForTesting();
        System.clearProperty(PlotlyJs.KERNELSPEC_PROPERTY);
    }

    /** One figure of every kind the toolkit makes, by title. */
    private static Map<String, Displayable> everyKind() {
        Map<String, Displayable> figures = new LinkedHashMap<>();
        figures.put("Loss curves", Plots.lines("Loss curves", "step", "loss")
                .series("supervised", new double[]{0, 1, 2, 3}, new double[]{2, 1, 0.5, 0.25})
                .series("consistency", new double[]{0, 1, 2, 3}, new double[]{0.1, 0.2, 0.3, 0.2}).logY());
        figures.put("Roles", Plots.scatter("Roles").labeled(POINTS, new int[]{0, 1, 1, 0, 1, 0})
                .unlabeled(POINTS.add(0.5)).pseudoLabeled(POINTS.sub(0.5), new int[]{1, 1, 0, 0, 1, 1}));
        figures.put("Two-class boundary", Plots.decisionBoundary("Two-class boundary", TWO_CLASSES).resolution(20)
                .labeled(POINTS, new int[]{0, 1, 1, 0, 1, 0}));
        figures.put("Three-class boundary", Plots.decisionBoundary("Three-class boundary", THREE_CLASSES)
                .resolution(20).labeled(POINTS, new int[]{0, 1, 2, 0, 1, 2}));
        figures.put("Confusion", Plots.confusionMatrix("Confusion", new long[][]{{5, 1}, {2, 7}}, "cat", "dog"));
        figures.put("PCA", Plots.projection("PCA", Nd4j.rand(12, 4).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT),
                new int[]{0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1}));
        figures.put("Any tablesaw figure", PlotlyFigure.of(new Figure(Layout.builder("Any tablesaw figure").build(),
                ScatterTrace.builder(new double[]{1, 2, 3}, new double[]{3, 1, 2}).name("raw").build())));
        figures.put("Digits", Plots.images("Digits", Nd4j.rand(4, 1, 6, 6)));
        return figures;
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "not a PNG");
        return image;
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    @Test
    void everyFigureKindDisplaysAStaticPngBesideItsHtml() throws IOException {
        for (Map.Entry<String, Displayable> figure : everyKind().entrySet()) {
            frontend.sent.clear();
            Notebook.display(figure.getValue());
            DisplayData data = frontend.sent.get(frontend.sent.size() - 1).data();
            String name = figure.getKey();
            assertTrue(data.hasDataForType(MIMEType.IMAGE_PNG), name + ": image/png in the bundle");
            assertTrue(data.hasDataForType(MIMEType.TEXT_HTML), name + ": text/html in the bundle");
            BufferedImage image = decode(Base64.getDecoder().decode(String.valueOf(data.getData(MIMEType.IMAGE_PNG))));
            assertTrue(image.getWidth() > 10 && image.getHeight() > 10, name + ": " + image.getWidth() + "x" + image.getHeight());
            assertTrue(distinctColours(image) > 4, name + ": a picture, not a blank");
            if (figure.getValue() instanceof PlotlyPlot) {
                String html = String.valueOf(data.getData(MIMEType.TEXT_HTML));
                assertTrue(html.contains("<img class=\"semisup4j-static\" alt=\"" + name + "\""),
                        name + ": the HTML shows the picture where plotly.js does not run");
            }
        }
    }

    @Test
    void chartsCarryTheTitleAxisTitlesAndEveryLegendEntryOfTheSpec() {
        for (Displayable figure : everyKind().values()) {
            if (!(figure instanceof PlotlyPlot plot)) {
                continue;
            }
            StaticFigure.Spec spec = StaticFigure.spec(plot.toFigure());
            JFreeChart chart = StaticFigure.chart(spec);
            assertEquals(plot.title(), chart.getTitle().getText());
            List<String> legend = new ArrayList<>();
            LegendItemCollection items = chart.getXYPlot().getLegendItems();
            for (int i = 0; i < items.getItemCount(); i++) {
                legend.add(items.get(i).getLabel());
            }
            for (var trace : spec.traces()) {
                boolean shown = !trace.has("showlegend") || trace.get("showlegend").getAsBoolean();
                if (shown && trace.get("type").getAsString().equals("scatter")) {
                    assertTrue(legend.contains(trace.get("name").getAsString()), plot.title() + ": " + legend);
                }
            }
        }
        JFreeChart lines = StaticFigure.chart(StaticFigure.spec(((PlotlyPlot) everyKind().get("Loss curves")).toFigure()));
        assertEquals("step", lines.getXYPlot().getDomainAxis().getLabel());
        assertTrue(lines.getXYPlot().getRangeAxis() instanceof org.jfree.chart.axis.LogAxis, "log y axis kept");
        JFreeChart cm = StaticFigure.chart(StaticFigure.spec(((PlotlyPlot) everyKind().get("Confusion")).toFigure()));
        assertTrue(cm.getXYPlot().getRangeAxis().isInverted(), "actual classes top to bottom, as plotly shows them");
        assertEquals(4, cm.getXYPlot().getAnnotations().size(), "a count in every cell");
    }

    @Test
    void thePictureShowsTheSeriesInTheirColours() throws IOException {
        LinePlot plot = Plots.lines("Colours", "x", "y").series("only", new double[]{0, 1}, new double[]{0, 1});
        BufferedImage image = decode(plot.toPng().orElseThrow());
        int blue = 0xFF1F77B4; // Palette.color(0), the series' line
        int found = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                found += image.getRGB(x, y) == blue ? 1 : 0;
            }
        }
        assertTrue(found > 100, "the line is drawn in its colour: " + found + " pixels");
        assertEquals(760, image.getWidth(), "the layout's size");
        assertEquals(420, image.getHeight());
    }

    @Test
    void twoClassBoundaryShowsBothClassColoursBehindThePoints() throws IOException {
        ScatterPlot plot = Plots.decisionBoundary("Both", TWO_CLASSES).resolution(30)
                .labeled(POINTS, new int[]{0, 1, 1, 0, 1, 0});
        BufferedImage image = decode(plot.toPng().orElseThrow());
        // left edge near P(class 1) = 0 is tinted towards class 0's blue, the right edge towards class 1's orange
        int left = image.getRGB(image.getWidth() / 8, image.getHeight() / 2);
        int right = image.getRGB(image.getWidth() * 3 / 4, image.getHeight() / 2);
        assertTrue((left & 0xFF) > (left >> 16 & 0xFF), "blue side: " + Integer.toHexString(left));
        assertTrue((right >> 16 & 0xFF) > (right & 0xFF), "orange side: " + Integer.toHexString(right));
    }

    @Test
    void tablesawJavascriptIsReadAsJson() {
        assertEquals("{a: 1\n}", StaticFigure.withoutTrailingCommas("{a: 1,\n}"));
        assertEquals("{a: ',}'}", StaticFigure.withoutTrailingCommas("{a: ',}',}"), "commas in strings are kept");
        StaticFigure.Spec spec = StaticFigure.spec(((PlotlyPlot) everyKind().get("Loss curves")).toFigure());
        assertEquals("Loss curves", StaticFigure.title(spec.layout()));
        assertEquals(2, spec.traces().size());
        assertEquals("supervised", spec.traces().get(0).get("name").getAsString());
    }

    @Test
    void anUnknownTraceTypeIsRefusedByName() {
        com.google.gson.JsonObject trace = new com.google.gson.JsonObject();
        trace.addProperty("type", "sunburst");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StaticFigure.chart(new StaticFigure.Spec(new com.google.gson.JsonObject(), List.of(trace))));
        assertTrue(e.getMessage().contains("'sunburst'") && e.getMessage().contains("expected scatter"), e.getMessage());
    }

    @Test
    void liveRedrawsSkipThePictureAndTheFinalUpdateBringsIt() {
        LiveFigure live = new LiveFigure(Plots.lines("Live", "step", "loss"), java.time.Duration.ZERO,
                System::nanoTime, null);
        live.add("loss", 0, 1);
        live.add("loss", 1, 0.5);
        live.close();
        List<RecordingFrontend.Sent> figureMessages = frontend.sent.stream()
                .filter(s -> s.html().contains("data-title=\"Live\"")).toList();
        RecordingFrontend.Sent last = figureMessages.get(figureMessages.size() - 1);
        assertTrue(figureMessages.size() >= 3, "display, redraws, final update");
        for (RecordingFrontend.Sent sent : figureMessages.subList(0, figureMessages.size() - 1)) {
            assertFalse(sent.data().hasDataForType(MIMEType.IMAGE_PNG), "no picture while running");
        }
        assertTrue(last.data().hasDataForType(MIMEType.IMAGE_PNG), "the saved notebook keeps the picture");
        assertTrue(last.html().contains("semisup4j-static"));
    }

    @Test
    void inSemisup4jsKernelTheLibraryIsLoadedFromTheKernelspecNotSentIntoTheNotebook() {
        System.setProperty(PlotlyJs.KERNELSPEC_PROPERTY, "semisup4j");
        Notebook.display(Plots.lines("One", "x", "y").add("s", 1, 2));
        Notebook.display(Plots.lines("Two", "x", "y").add("s", 1, 2));
        assertEquals(2, frontend.count("display"), "no loader display");
        for (RecordingFrontend.Sent sent : frontend.sent) {
            assertFalse(sent.html().contains("plotly.js v" + PlotlyJs.VERSION), "the library is not in the notebook");
            assertTrue(sent.html().contains("'kernelspecs/semisup4j/" + PlotlyJs.SERVED_FILE + "'"), sent.html());
        }
    }

    @Test
    void theServedFileHidesTheLibraryFromRequireJsAndDrawsQueuedFigures() throws Exception {
        Path file = Files.createTempDirectory("kernelspec").resolve(PlotlyJs.SERVED_FILE);
        PlotlyJs.main(new String[]{file.toString()});
        String served = Files.readString(file);
        assertTrue(served.startsWith("if (!window.Plotly) {\n(function (define, exports, module) {"));
        assertTrue(served.contains("plotly.js v" + PlotlyJs.VERSION));
        assertTrue(served.contains(PlotlyJs.QUEUE + " = [];"), "queued figures are drawn once it has run");
    }
}
