package org.semisup4j.plot;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FiguresTest {

    private static int countOf(String text, String needle) {
        return text.split(Pattern.quote(needle), -1).length - 1;
    }

    @Test
    void lineFigureHtmlCarriesTitleSeriesAndData() {
        LinePlot plot = Plots.lines("Training loss", "step", "value")
                .series("supervised", new double[]{1, 2, 3}, new double[]{0.75, 0.5, 0.125})
                .series("accuracy", new double[]{0.25, 0.625});
        String html = plot.toHtml();
        assertTrue(html.contains("data-title=\"Training loss\""), html);
        assertTrue(html.contains("title: 'Training loss'"), "layout title for plotly 2.x");
        assertTrue(html.contains("'supervised'") && html.contains("'accuracy'"));
        assertTrue(html.contains("0.125") && html.contains("0.625"), "data points in the figure");
        assertTrue(html.contains("Plotly.react(target, [trace0, trace1]"), html);
        assertFalse(html.contains("plotly.js v" + PlotlyJs.VERSION), "a notebook figure must not carry the library");
        assertTrue(plot.toText().contains("supervised: 3 points"), plot.toText());
    }

    @Test
    void curvesOverSeedsDrawTheMeanAndAStdBandInTheSameColour() {
        // two seeds: at x=1 values 0.5 and 0.7 (mean 0.6, std 0.1414); at x=2 both 0.9 (std 0)
        LinePlot plot = Plots.lines("Accuracy over seeds", "step", "accuracy")
                .seriesOverSeeds("fixmatch", new double[]{1, 2}, new double[][]{{0.5, 0.9}, {0.7, 0.9}});
        String html = plot.toHtml();
        assertTrue(html.contains("Plotly.react(target, [trace0, trace1]"), "band trace, then the mean line: " + html);
        assertTrue(html.contains("\"fill\":\"toself\"") || html.contains("fill: 'toself'"), html);
        assertTrue(html.contains("rgba(31,119,180,0.2)"), "band in a pale shade of the first palette colour");
        assertTrue(html.contains("0.6") && html.contains("0.9"), "mean values");
        String upper = String.valueOf(0.6 + Math.sqrt(0.02)), lower = String.valueOf(0.6 - Math.sqrt(0.02));
        assertTrue(html.contains(upper.substring(0, 6)) && html.contains(lower.substring(0, 6)), "mean ± std edges: " + html);
        assertTrue(plot.toText().contains("fixmatch: 2 points, last (2, 0.9), with a band"), plot.toText());
        assertEquals(2, plot.size("fixmatch"));
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> Plots.lines("t", "x", "y").seriesOverSeeds("m", new double[]{1, 2}, new double[][]{{1, 2}, {1}}));
        assertTrue(ragged.getMessage().contains("seed row 1 has 1 values"), ragged.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Plots.lines("t", "x", "y").band("m", new double[]{1}, new double[]{2}, new double[]{1}));
    }

    @Test
    void longSeriesAreThinnedKeepingTheLastPoint() {
        LinePlot plot = Plots.lines("Long", "step", "loss").maxPointsPerSeries(4);
        for (int i = 0; i < 10; i++) {
            plot.add("loss", i, 100 + i);
        }
        String html = plot.toHtml();
        // stride 3 over 0..9: steps 0, 3, 6 and the last, 9
        assertTrue(html.contains("x: [\"0.0\",\"3.0\",\"6.0\",\"9.0\"]"), html);
        assertEquals(10, plot.size("loss"), "thinning only affects drawing");
    }

    @Test
    void titlesCannotBreakOutOfTheScript() {
        String html = Plots.lines("a </script><b>'x'", "s", "v").add("s</script>", 1, 2).toHtml();
        int scripts = countOf(html, "<script");
        assertEquals(scripts, countOf(html.toLowerCase(), "</script>"), "only our own script elements end");
        assertTrue(html.contains("data-title=\"a &lt;/script&gt;&lt;b&gt;&#39;x&#39;\""));
    }

    @Test
    void standalonePageCarriesTheLibraryOnceBeforeTheFigure() throws Exception {
        Path file = Files.createTempDirectory("plot").resolve("fig.html");
        Plots.lines("Saved", "x", "y").add("s", 1, 1).save(file);
        String page = Files.readString(file);
        assertEquals(1, countOf(page, "plotly.js v" + PlotlyJs.VERSION));
        assertTrue(page.indexOf("plotly.js v") < page.indexOf("class=\"semisup4j-figure\""));
        assertTrue(page.contains("(function (define, exports, module)"), "library hidden from require.js");
        assertTrue(page.startsWith("<!DOCTYPE html>"));
    }

    @Test
    void everyTraceGetsItsOwnVariable() {
        INDArray points = Nd4j.create(new float[][]{{0, 0}, {1, 1}, {2, 0}, {0, 2}});
        String html = Plots.decisionBoundary("Boundary", x -> {
                    INDArray p1 = x.getColumn(0).reshape(-1, 1).div(3);
                    return Nd4j.hstack(p1.rsub(1), p1);
                }).resolution(5)
                .labeled(points, new int[]{0, 1, 1, 0}).toHtml();
        Matcher vars = Pattern.compile("var trace(\\d+) =").matcher(html);
        StringBuilder found = new StringBuilder();
        while (vars.find()) {
            found.append(vars.group(1)).append(',');
        }
        assertEquals("0,1,2,", found.toString(), "background contour + one trace per labeled class");
        assertTrue(html.contains("\"type\":\"contour\""));
    }

    @Test
    void decisionBoundaryNeedsPointsAndProbabilityRows() {
        assertThrows(IllegalStateException.class,
                () -> Plots.decisionBoundary("empty", x -> x).toHtml());
        INDArray points = Nd4j.create(new float[][]{{0, 0}, {1, 1}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.decisionBoundary("bad", x -> Nd4j.zeros(3, 2)).labeled(points, new int[]{0, 1}).toHtml());
        assertTrue(e.getMessage().contains("probabilities"), e.getMessage());
    }

    @Test
    void scatterSeparatesRolesAndClasses() {
        INDArray points = Nd4j.create(new float[][]{{0, 0}, {1, 1}, {2, 2}});
        String html = Plots.scatter("Roles").classNames("cat", "dog")
                .labeled(points, new int[]{0, 1, 1}).unlabeled(points).pseudoLabeled(points, new int[]{1, 1, 1})
                .toHtml();
        for (String legend : new String[]{"labeled: cat", "labeled: dog", "unlabeled", "pseudo: dog"}) {
            assertTrue(html.contains("'" + legend + "'"), legend);
        }
        assertFalse(html.contains("pseudo: cat"), "no empty traces");
        assertThrows(IllegalArgumentException.class,
                () -> Plots.scatter("x").labeled(points, new int[]{0}));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.scatter("x").unlabeled(Nd4j.zeros(DataType.FLOAT, 3, 3)));
    }

    @Test
    void confusionMatrixCountsAndWritesThemInCells() {
        ConfusionMatrixPlot cm = Plots.confusionMatrix("Confusion", new int[]{0, 0, 1, 2, 2, 2},
                new int[]{0, 1, 1, 2, 2, 0}, "a", "b", "c");
        long[][] counts = cm.counts();
        assertEquals(1, counts[0][0]);
        assertEquals(1, counts[0][1]);
        assertEquals(2, counts[2][2]);
        assertEquals(1, counts[2][0]);
        String html = cm.toHtml();
        assertTrue(html.contains("\"texttemplate\":\"%{text}\""));
        assertTrue(html.contains("\"text\":[[\"1\",\"1\",\"0\"],[\"0\",\"1\",\"0\"],[\"1\",\"0\",\"2\"]]"), html);
        assertTrue(cm.toText().contains("Confusion"));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.confusionMatrix("bad", new long[][]{{1, 2}, {3}}));
    }

    @Test
    void projectionLabelsAxesWithExplainedVariance() {
        INDArray features = Nd4j.create(new float[][]{{1, 0, 0}, {2, 0, 0}, {3, 0.1f, 0}, {4, 0, 0}});
        ScatterPlot plot = Plots.projection("PCA", features, new int[]{0, 0, 1, 1});
        String html = plot.toHtml();
        assertTrue(html.contains("PC1 (99%)") || html.contains("PC1 (100%)"), html);
    }
}
