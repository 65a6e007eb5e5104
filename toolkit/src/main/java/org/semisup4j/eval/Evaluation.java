package org.semisup4j.eval;

import io.github.spencerpark.jupyter.kernel.display.DisplayDataRenderable;
import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Classification metrics for one test set, computed by Tribuo's {@link LabelEvaluation} from predictions
 * made elsewhere (any model, any trainer).
 * <p>
 * From probabilities, the predicted class of a row is its argmax; <b>ties go to the lowest class index</b>, so
 * a result never depends on the backend's argmax. Macro averages are over all {@code classNames}, including
 * classes absent from the test set (Tribuo's convention); a class that is never predicted has precision 0.
 * <p>
 * Immutable and thread-safe (Tribuo's score metrics are computed once, on first request). In a notebook,
 * {@code display(evaluation)} shows an HTML table; {@link #toString()} is a text table.
 */
public final class Evaluation implements DisplayDataRenderable {
    private final List<String> classNames;
    private final long[][] confusion; // [true class][predicted class]
    private final int n;
    private final List<ClassMetrics> perClass;
    private final List<Prediction<Label>> predictions;
    private final boolean fromProbabilities;
    /** Tribuo's counting metrics (confusion matrix, precision, recall, F1, accuracy): cheap, always computed. */
    private final LabelEvaluation counts;
    /** Tribuo's full evaluation including ROC AUC and averaged precision: computed on first request. */
    private LabelEvaluation withScores;

    private Evaluation(List<String> classNames, int[] trueLabels, int[] predicted, double[][] probs) {
        this.classNames = classNames;
        this.n = trueLabels.length;
        this.fromProbabilities = probs != null;
        this.predictions = RecordedPredictions.predictions(trueLabels, predicted, probs, classNames);
        this.counts = RecordedPredictions.evaluate(predictions, classNames, false);
        int numClasses = classNames.size();
        // Counted here rather than read back from Tribuo: Tribuo's matrix is [predicted][true] in doubles.
        this.confusion = new long[numClasses][numClasses];
        long[] predictedCounts = new long[numClasses];
        for (int i = 0; i < n; i++) {
            confusion[trueLabels[i]][predicted[i]]++;
            predictedCounts[predicted[i]]++;
        }
        List<ClassMetrics> rows = new ArrayList<>(numClasses);
        for (int c = 0; c < numClasses; c++) {
            Label label = new Label(classNames.get(c));
            long support = 0;
            for (long count : confusion[c]) support += count;
            rows.add(new ClassMetrics(c, classNames.get(c), support, predictedCounts[c],
                    counts.precision(label), counts.recall(label), counts.f1(label)));
        }
        this.perClass = Collections.unmodifiableList(rows);
    }

    /**
     * Evaluates class probabilities.
     *
     * @param trueLabels one class index in {@code 0..C-1} per example
     * @param probs      [N, C] probabilities (rows of a softmax), any floating-point type
     * @param classNames C distinct names, in class-index order
     * @throws IllegalArgumentException naming the offending argument if the shapes disagree, a label is out
     *         of range, or a row is not a probability vector (NaN, negative, or not summing to 1 ± 1e-3)
     */
    public static Evaluation of(int[] trueLabels, INDArray probs, List<String> classNames) {
        List<String> names = Inputs.classNames(classNames);
        int[] labels = Inputs.labels("trueLabels", trueLabels, names.size());
        double[][] rows = Inputs.probabilities("probs", probs, labels.length, names.size());
        int[] predicted = new int[rows.length];
        for (int i = 0; i < rows.length; i++) predicted[i] = Inputs.argmax(rows[i]);
        return new Evaluation(names, labels, predicted, rows);
    }

    /** Evaluates hard predictions (class indices); no ROC AUC is available then. */
    public static Evaluation of(int[] trueLabels, int[] predicted, List<String> classNames) {
        List<String> names = Inputs.classNames(classNames);
        int[] labels = Inputs.labels("trueLabels", trueLabels, names.size());
        if (predicted == null) throw new IllegalArgumentException("predicted is null: expected one class index per example");
        Inputs.sameLength("predicted", predicted.length, "trueLabels", labels.length);
        int[] guesses = Inputs.labels("predicted", predicted, names.size());
        return new Evaluation(names, labels, guesses, null);
    }

    /** Number of examples evaluated. */
    public int n() { return n; }

    /** Fraction of examples whose predicted class is the true class. */
    public double accuracy() { return counts.accuracy(); }

    /** 1 − accuracy. */
    public double error() { return 1 - accuracy(); }

    /** Unweighted mean of the per-class F1 scores, over all classes. */
    public double macroF1() { return counts.macroAveragedF1(); }

    /**
     * Unweighted mean of Tribuo's one-vs-rest ROC AUCs, when evaluated from probabilities. Empty for hard
     * predictions; NaN when some class has no examples (its AUC is undefined). The first call runs
     * {@link #tribuo()}'s score metrics, which is why AUC is not in {@link #toMap()} or {@link #toString()}.
     */
    public OptionalDouble macroAucRoc() {
        return fromProbabilities ? OptionalDouble.of(tribuo().averageAUCROC(false)) : OptionalDouble.empty();
    }

    /** One row per class, in class-index order. */
    public List<ClassMetrics> perClass() { return perClass; }

    /** Counts: {@code [t][p]} = examples of true class t predicted as p. A fresh copy on each call. */
    public long[][] confusionMatrix() {
        long[][] copy = new long[confusion.length][];
        for (int t = 0; t < confusion.length; t++) copy[t] = confusion[t].clone();
        return copy;
    }

    public List<String> classNames() { return classNames; }

    /**
     * Tribuo's own evaluation, for what is not surfaced here (micro averages, per-class AUC, PR curves,
     * provenance). From probabilities it includes Tribuo's score metrics, computed on the first call
     * (about 0.1–0.3 s for 10 000 examples × 10 classes, several times that before the JIT warms up).
     */
    public synchronized LabelEvaluation tribuo() {
        if (!fromProbabilities) return counts;
        if (withScores == null) withScores = RecordedPredictions.evaluate(predictions, classNames, true);
        return withScores;
    }

    /**
     * A flat map for JSON and for {@link SeedSummary#aggregate}: {@code accuracy, error, macro_f1, n} and per class {@code precision[name]},
     * {@code recall[name]}, {@code f1[name]}, {@code support[name]}. Insertion-ordered.
     */
    public Map<String, Double> toMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("accuracy", accuracy());
        map.put("error", error());
        map.put("macro_f1", macroF1());
        map.put("n", (double) n);
        for (ClassMetrics row : perClass) {
            map.put("precision[" + row.name() + "]", row.precision());
            map.put("recall[" + row.name() + "]", row.recall());
            map.put("f1[" + row.name() + "]", row.f1());
            map.put("support[" + row.name() + "]", (double) row.support());
        }
        return Collections.unmodifiableMap(map);
    }

    /** A text table: summary line, per-class rows, and the confusion matrix (columns headed by class index). */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        out.append(summaryLine()).append('\n');
        int nameWidth = Math.max("class".length(), classNames.stream().mapToInt(String::length).max().orElse(0) + 4);
        out.append(String.format(Locale.ROOT, "%-" + nameWidth + "s %8s %9s %9s %7s%n", "class", "support", "precision", "recall", "f1"));
        for (ClassMetrics row : perClass) {
            out.append(String.format(Locale.ROOT, "%-" + nameWidth + "s %8d %9.3f %9.3f %7.3f%n",
                    row.index() + " " + row.name(), row.support(), row.precision(), row.recall(), row.f1()));
        }
        out.append("confusion (rows = true, columns = predicted):\n");
        int cellWidth = 1 + Long.toString(Math.max(n, classNames.size())).length();
        out.append(" ".repeat(nameWidth));
        for (int p = 0; p < classNames.size(); p++) out.append(String.format(Locale.ROOT, "%" + cellWidth + "d", p));
        out.append('\n');
        for (int t = 0; t < classNames.size(); t++) {
            out.append(String.format(Locale.ROOT, "%-" + nameWidth + "s", t + " " + classNames.get(t)));
            for (long count : confusion[t]) out.append(String.format(Locale.ROOT, "%" + cellWidth + "d", count));
            out.append('\n');
        }
        return out.toString();
    }

    private String summaryLine() {
        return String.format(Locale.ROOT, "n=%d  accuracy=%.4f  error=%.4f  macro-F1=%.4f", n, accuracy(), error(), macroF1());
    }

    /** A small self-contained HTML fragment: summary, per-class table, confusion matrix of counts. */
    public String toHtml() {
        StringBuilder html = new StringBuilder("<div class=\"semisup4j-evaluation\">\n");
        html.append("<p><b>").append(escape(summaryLine())).append("</b></p>\n");
        html.append("<table>\n<tr><th style=\"text-align:left\">class</th><th>support</th><th>predicted</th>"
                + "<th>precision</th><th>recall</th><th>F1</th></tr>\n");
        for (ClassMetrics row : perClass) {
            html.append(String.format(Locale.ROOT, "<tr><td style=\"text-align:left\">%s</td><td>%d</td><td>%d</td>"
                            + "<td>%.3f</td><td>%.3f</td><td>%.3f</td></tr>%n",
                    escape(row.name()), row.support(), row.predicted(), row.precision(), row.recall(), row.f1()));
        }
        html.append("</table>\n<p>Confusion matrix (rows = true class, columns = predicted class)</p>\n<table>\n<tr><th></th>");
        for (String name : classNames) html.append("<th>").append(escape(name)).append("</th>");
        html.append("</tr>\n");
        for (int t = 0; t < classNames.size(); t++) {
            html.append("<tr><th style=\"text-align:left\">").append(escape(classNames.get(t))).append("</th>");
            for (int p = 0; p < classNames.size(); p++) {
                String style = t == p ? " style=\"font-weight:bold\"" : "";
                html.append("<td").append(style).append('>').append(confusion[t][p]).append("</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</table>\n</div>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public Set<MIMEType> getSupportedRenderTypes() {
        return Set.of(MIMEType.TEXT_PLAIN, MIMEType.TEXT_HTML);
    }

    @Override
    public Set<MIMEType> getPreferredRenderTypes() {
        return Set.of(MIMEType.TEXT_PLAIN, MIMEType.TEXT_HTML);
    }

    @Override
    public void render(RenderContext context) {
        context.renderIfRequested(MIMEType.TEXT_PLAIN, this::toString);
        context.renderIfRequested(MIMEType.TEXT_HTML, this::toHtml);
    }
}
