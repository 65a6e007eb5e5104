package org.semisup4j.eval;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.ConfusionMatrix;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class EvaluationTest {
    private static final List<String> ABC = List.of("A", "B", "C");
    // Hand example: rows = true, cols = predicted -> [[2,1,1],[1,2,0],[0,0,3]].
    private static final int[] TRUE = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
    private static final int[] PRED = {0, 0, 1, 2, 1, 1, 0, 2, 2, 2};

    /** Rows putting 0.6 on the given class and 0.2 on the two others. */
    private static INDArray confidentRows(int[] predicted) {
        float[][] rows = new float[predicted.length][3];
        for (int i = 0; i < predicted.length; i++) {
            java.util.Arrays.fill(rows[i], 0.2f);
            rows[i][predicted[i]] = 0.6f;
        }
        return Nd4j.createFromArray(rows);
    }

    @Test
    void accuracyAndConfusionMatrixOnHandExample() {
        Evaluation e = Evaluation.of(TRUE, confidentRows(PRED), ABC);
        assertEquals(10, e.n());
        assertEquals(0.7, e.accuracy(), 1e-12);
        assertEquals(0.3, e.error(), 1e-12);
        assertArrayEquals(new long[][]{{2, 1, 1}, {1, 2, 0}, {0, 0, 3}}, e.confusionMatrix());
    }

    @Test
    void perClassPrecisionRecallF1AgainstHandValues() {
        Evaluation e = Evaluation.of(TRUE, PRED, ABC);
        List<ClassMetrics> rows = e.perClass();
        // A: tp 2, predicted 3, support 4.  B: tp 2, predicted 3, support 3.  C: tp 3, predicted 4, support 3.
        assertRow(rows.get(0), "A", 4, 3, 2.0 / 3, 0.5, 4.0 / 7);
        assertRow(rows.get(1), "B", 3, 3, 2.0 / 3, 2.0 / 3, 2.0 / 3);
        assertRow(rows.get(2), "C", 3, 4, 0.75, 1.0, 6.0 / 7);
        assertEquals(44.0 / 63, e.macroF1(), 1e-12);
        assertTrue(e.macroAucRoc().isEmpty(), "hard predictions carry no scores, so no AUC");
    }

    private static void assertRow(ClassMetrics row, String name, long support, long predicted,
                                  double precision, double recall, double f1) {
        assertEquals(name, row.name());
        assertEquals(support, row.support());
        assertEquals(predicted, row.predicted());
        assertEquals(precision, row.precision(), 1e-12, name + " precision");
        assertEquals(recall, row.recall(), 1e-12, name + " recall");
        assertEquals(f1, row.f1(), 1e-12, name + " f1");
    }

    @Test
    void probabilitiesAndHardPredictionsGiveTheSameMetrics() {
        Evaluation soft = Evaluation.of(TRUE, confidentRows(PRED), ABC);
        Evaluation hard = Evaluation.of(TRUE, PRED, ABC);
        assertEquals(hard.perClass(), soft.perClass());
        assertEquals(hard.macroF1(), soft.macroF1(), 0);
    }

    @Test
    void tribuoAgreesWithCountsFromOurConfusionMatrixOnRandomData() {
        Random random = new Random(7);
        int n = 500, c = 4;
        List<String> names = List.of("w", "x", "y", "z");
        int[] y = new int[n];
        float[][] probs = new float[n][c];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(c);
            float sum = 0;
            for (int k = 0; k < c; k++) sum += probs[i][k] = random.nextFloat() + (k == y[i] ? 0.8f : 0f);
            for (int k = 0; k < c; k++) probs[i][k] /= sum;
        }
        Evaluation e = Evaluation.of(y, Nd4j.createFromArray(probs), names);
        long[][] cm = e.confusionMatrix();
        ConfusionMatrix<Label> tribuoCm = e.tribuo().getConfusionMatrix();
        long trace = 0;
        double f1Sum = 0, aucSum = 0;
        for (int k = 0; k < c; k++) {
            long rowSum = 0, columnSum = 0;
            for (int j = 0; j < c; j++) {
                rowSum += cm[k][j];
                columnSum += cm[j][k];
                // Tribuo's matrix is [predicted][true]: ours must be its transpose.
                assertEquals(cm[k][j], tribuoCm.confusion(new Label(names.get(j)), new Label(names.get(k))), 0);
            }
            trace += cm[k][k];
            double precision = cm[k][k] / (double) columnSum, recall = cm[k][k] / (double) rowSum;
            double f1 = 2 * precision * recall / (precision + recall);
            f1Sum += f1;
            ClassMetrics row = e.perClass().get(k);
            assertEquals(rowSum, row.support());
            assertEquals(rowSum, tribuoCm.support(new Label(names.get(k))), 0);
            assertEquals(precision, row.precision(), 1e-12);
            assertEquals(recall, row.recall(), 1e-12);
            assertEquals(f1, row.f1(), 1e-12);
            // Tribuo's ROC AUC, fed our probability column, equals the Mann-Whitney statistic computed here.
            double auc = mannWhitneyAuc(y, probs, k);
            assertEquals(auc, e.tribuo().AUCROC(new Label(names.get(k))), 1e-9);
            aucSum += auc;
        }
        assertEquals(n, e.n());
        assertEquals(trace / (double) n, e.accuracy(), 1e-12);
        assertEquals(f1Sum / c, e.macroF1(), 1e-12);
        assertEquals(aucSum / c, e.macroAucRoc().getAsDouble(), 1e-9);
        assertTrue(e.accuracy() > 0.4, "the labels were made learnable, so accuracy should beat chance");
    }

    /** P(score of a random positive > score of a random negative), ties counted half. */
    private static double mannWhitneyAuc(int[] y, float[][] probs, int k) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] != k) continue;
            for (int j = 0; j < y.length; j++) {
                if (y[j] == k) continue;
                pairs++;
                if (probs[i][k] > probs[j][k]) wins += 1;
                else if (probs[i][k] == probs[j][k]) wins += 0.5;
            }
        }
        return wins / pairs;
    }

    @Test
    void argmaxTiesGoToTheLowestIndex() {
        INDArray probs = Nd4j.createFromArray(new float[][]{
                {0.4f, 0.4f, 0.2f},   // tie 0/1 -> 0
                {0.2f, 0.4f, 0.4f},   // tie 1/2 -> 1
                {0.25f, 0.25f, 0.5f}, // no tie -> 2
                {0.5f, 0.0f, 0.5f},   // tie 0/2 -> 0
        });
        Evaluation e = Evaluation.of(new int[]{1, 2, 2, 2}, probs, ABC);
        // Predicted classes 0, 1, 2, 0 against true 1, 2, 2, 2.
        assertArrayEquals(new long[][]{{0, 0, 0}, {1, 0, 0}, {1, 1, 1}}, e.confusionMatrix());
        assertEquals(0.25, e.accuracy(), 1e-12);
    }

    @Test
    void aClassAbsentFromTheTestSetIsAveragedInAndItsAucIsNaN() {
        int[] y = {0, 1, 0, 1};
        INDArray probs = Nd4j.createFromArray(new float[][]{
                {0.7f, 0.2f, 0.1f}, {0.1f, 0.8f, 0.1f}, {0.2f, 0.2f, 0.6f}, {0.3f, 0.6f, 0.1f}});
        Evaluation e = Evaluation.of(y, probs, ABC);
        assertEquals(0.75, e.accuracy(), 1e-12);
        ClassMetrics c = e.perClass().get(2);
        assertEquals(0, c.support());
        assertEquals(0.0, c.precision(), 0, "predicted once, never right");
        assertEquals(0.0, c.recall(), 0, "Tribuo reports 0 when there is nothing to recall");
        // A: p 1, r 1/2 -> 2/3.  B: p 1, r 1 -> 1.  C: 0.  Macro over all three names.
        assertEquals((2.0 / 3 + 1 + 0) / 3, e.macroF1(), 1e-12);
        assertTrue(Double.isNaN(e.macroAucRoc().getAsDouble()));
    }

    @Test
    void doubleProbabilitiesAreAcceptedToo() {
        INDArray probs = confidentRows(PRED).castTo(DataType.DOUBLE);
        assertEquals(0.7, Evaluation.of(TRUE, probs, ABC).accuracy(), 1e-12);
    }

    @Test
    void toMapIsFlatAndNamesEveryClass() {
        Map<String, Double> map = Evaluation.of(TRUE, confidentRows(PRED), ABC).toMap();
        assertEquals(0.7, map.get("accuracy"), 1e-12);
        assertEquals(0.3, map.get("error"), 1e-12);
        assertEquals(44.0 / 63, map.get("macro_f1"), 1e-12);
        assertEquals(10.0, map.get("n"));
        assertEquals(0.75, map.get("precision[C]"), 1e-12);
        assertEquals(0.5, map.get("recall[A]"), 1e-12);
        assertEquals(2.0 / 3, map.get("f1[B]"), 1e-12);
        assertEquals(4.0, map.get("support[A]"));
        assertEquals(4 + 4 * 3, map.size());
    }

    @Test
    void textTableShowsMetricsAndConfusionCounts() {
        String text = Evaluation.of(TRUE, PRED, List.of("cat", "dog", "bird")).toString();
        assertTrue(text.contains("accuracy=0.7000"), text);
        assertTrue(text.contains("macro-F1=0.6984"), text);
        assertTrue(text.contains("0 cat"), text);
        assertTrue(text.contains("0.571"), text); // F1 of class 0
        assertTrue(text.matches("(?s).*2 bird\\s+0\\s+0\\s+3\\n.*"), text);
    }

    @Test
    void rendersAsPlainTextAndHtmlThroughBasekernel() {
        Evaluation e = Evaluation.of(TRUE, confidentRows(PRED), List.of("a<b", "B", "C"));
        DisplayData data = new Renderer().render(e);
        assertEquals(e.toString(), data.getData(MIMEType.TEXT_PLAIN));
        String html = (String) data.getData(MIMEType.TEXT_HTML);
        assertNotNull(html, "no text/html in the display bundle");
        assertTrue(html.contains("<th>a&lt;b</th>"), "class names are escaped: " + html);
        assertTrue(html.contains("<td style=\"font-weight:bold\">3</td>"), html);
        assertTrue(html.contains("accuracy=0.7000"), html);
        assertEquals(html.split("<table>", -1).length - 1, html.split("</table>", -1).length - 1);
    }

    @Test
    void resultIsImmutable() {
        Evaluation e = Evaluation.of(TRUE, PRED, ABC);
        e.confusionMatrix()[0][0] = 99;
        assertEquals(2, e.confusionMatrix()[0][0]);
        assertThrows(UnsupportedOperationException.class, () -> e.perClass().clear());
        assertThrows(UnsupportedOperationException.class, () -> e.toMap().clear());
    }

    // ---- bad input ----

    private static void assertRejected(Runnable call, String... fragments) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, call::run);
        for (String fragment : fragments)
            assertTrue(error.getMessage().contains(fragment), "message \"" + error.getMessage() + "\" lacks \"" + fragment + "\"");
    }

    @Test
    void lengthMismatchIsRejected() {
        assertRejected(() -> Evaluation.of(new int[]{0, 1}, confidentRows(PRED), ABC), "probs", "10 rows", "trueLabels", "2");
        assertRejected(() -> Evaluation.of(TRUE, new int[]{0, 1}, ABC), "predicted", "2 entries", "trueLabels", "10");
    }

    @Test
    void labelOutOfRangeIsRejected() {
        int[] bad = TRUE.clone();
        bad[3] = 3;
        assertRejected(() -> Evaluation.of(bad, confidentRows(PRED), ABC), "trueLabels[3] = 3", "0..2");
        int[] badPred = PRED.clone();
        badPred[5] = -1;
        assertRejected(() -> Evaluation.of(TRUE, badPred, ABC), "predicted[5] = -1", "0..2");
    }

    @Test
    void probabilitiesOfTheWrongWidthAreRejected() {
        INDArray fourColumns = Nd4j.ones(DataType.FLOAT, 10, 4).divi(4);
        assertRejected(() -> Evaluation.of(TRUE, fourColumns, ABC), "probs", "4 columns", "3 class names", "[10, 3]");
        assertRejected(() -> Evaluation.of(TRUE, Nd4j.ones(DataType.FLOAT, 10), ABC), "probs", "rank 2");
    }

    @Test
    void nanNegativeAndUnnormalisedProbabilitiesAreRejected() {
        INDArray nan = confidentRows(PRED);
        nan.putScalar(4, 1, Float.NaN);
        assertRejected(() -> Evaluation.of(TRUE, nan, ABC), "probs[4, 1] = NaN", "probability");
        INDArray logits = confidentRows(PRED).muli(1.5); // entries within [0, 1], rows summing to 1.5
        assertRejected(() -> Evaluation.of(TRUE, logits, ABC), "probs", "row 0", "not logits");
        INDArray negative = confidentRows(PRED);
        negative.putScalar(2, 0, -0.1f);
        assertRejected(() -> Evaluation.of(TRUE, negative, ABC), "probs[2, 0] = -0.1");
    }

    @Test
    void badClassNamesAreRejected() {
        assertRejected(() -> Evaluation.of(TRUE, PRED, List.of("A", "B", "A")), "classNames[2]", "unique");
        assertRejected(() -> Evaluation.of(TRUE, PRED, List.of()), "classNames", "empty");
        assertRejected(() -> Evaluation.of(new int[0], new int[0], ABC), "trueLabels", "empty");
        assertRejected(() -> Evaluation.of(TRUE, (INDArray) null, ABC), "probs", "null");
    }

    @Test
    void probabilitiesAndHardPredictionsAgreeOnALargeSet() {
        // Speed is a benchmark's business, not a test's: this only checks agreement at scale.
        Random random = new Random(1);
        int n = 10_000, c = 10;
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = random.nextInt(c);
        INDArray probs = org.nd4j.linalg.ops.transforms.Transforms.softmax(Nd4j.rand(DataType.FLOAT, n, c).muli(4), false);
        List<String> names = java.util.stream.IntStream.range(0, c).mapToObj(k -> "class" + k).toList();
        Evaluation soft = Evaluation.of(y, probs, names);
        Evaluation hard = Evaluation.of(y, argmaxes(probs), names);
        assertEquals(n, soft.n());
        assertEquals(soft.accuracy(), hard.accuracy(), 0);
        assertArrayEquals(soft.confusionMatrix(), hard.confusionMatrix());
    }

    private static int[] argmaxes(INDArray probs) {
        double[][] rows = Inputs.probabilities("probs", probs, -1, -1);
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = Inputs.argmax(rows[i]);
        return out;
    }
}
