package org.semisup4j.bench;

import org.semisup4j.eval.SeedSummary;
import org.semisup4j.eval.Verdict;
import org.semisup4j.method.Families;
import org.semisup4j.method.Methods;
import org.semisup4j.plot.Table;
import org.semisup4j.train.RunConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every registered method side by side under one {@link Protocol} (the code {@code bench accuracy} runs): two
 * moons with 6 labels and Fashion-MNIST with few labels, the same model, budget, batches and default
 * hyperparameters for all, over seeds; then a table per dataset (family, test accuracy mean ± std, cost per
 * step), the best method of each family, and whether the best semi-supervised family beats the supervised
 * baseline ({@code survey.ipynb}).
 *
 * <p>The methods are {@link Methods#names()} at the time of the call, so a newly registered method joins the
 * survey by itself; its family comes from {@link Families} ("other" until it is filed there).
 */
public final class Survey {
    public static final String MOONS = "two-moons", FASHION = "fashion-mnist";

    private Survey() {}

    /**
     * CI's budget, enough to run every method end to end (not for SSL to pull away): 2 seeds; two moons 60 steps;
     * Fashion-MNIST (MLP) on 600 training and 300 test images, 40 labels, 20 steps.
     */
    public static Protocol quick() {
        return protocol("survey-quick", List.of(0L, 1L),
                RunConfig.of(MOONS).labels(6).validation(VALIDATION).steps(60).evalEvery(0),
                RunConfig.of(FASHION).model("mlp").trainSize(600).testSize(300).validation(VALIDATION).steps(20).evalEvery(0), 40);
    }

    /**
     * Labeled examples held out of the unlabeled pool to choose each family's representative and the family the
     * verdict tests (never the test set). Small, as Oliver et al. (2018) ask, but not as small as the 6 labels
     * of two moons, where accuracy on 6 points moves in steps of 17 points and ties would decide.
     */
    public static final int VALIDATION = 50;

    /**
     * The full survey: 3 seeds; two moons 1 500 steps; Fashion-MNIST (MLP) on 20 000 training and 5 000 test
     * images, 100 labels, 1 000 steps. Hours on 2 cores with ~25 methods (see the notebook for the measured time).
     */
    public static Protocol full() {
        return protocol("survey-full", List.of(0L, 1L, 2L),
                RunConfig.of(MOONS).labels(6).validation(VALIDATION).steps(1500).evalEvery(0),
                RunConfig.of(FASHION).model("mlp").trainSize(20000).testSize(5000).validation(100).steps(1000).evalEvery(0), 100);
    }

    /** Every registered method, on two moons with 6 labels and on {@code fashion} with {@code fashionLabels} labels. */
    public static Protocol protocol(String name, List<Long> seeds, RunConfig moons, RunConfig fashion, int fashionLabels) {
        return new Protocol(name, new ArrayList<>(Methods.names()), seeds, List.of(
                new Protocol.Sweep(MOONS, moons, List.of((double) moons.labels()), (c, v) -> c.labels((int) Math.round(v))),
                new Protocol.Sweep(FASHION, fashion, List.of((double) fashionLabels), (c, v) -> c.labels((int) Math.round(v)))));
    }

    /**
     * One method on one dataset: its family, test accuracy over seeds (null when it could not run), accuracy on the
     * validation part over the same seeds (null when the runs had none) and cost.
     */
    public record Row(String dataset, String method, String family, SeedSummary accuracy, SeedSummary validation,
                      double stepMillis, String note) {
        public boolean ran() {
            return accuracy != null;
        }
    }

    /** The rows of one dataset (sweep), in registry order, from the protocol's results and skipped methods. */
    public static List<Row> rows(String dataset, List<Protocol.Result> results, List<Protocol.Skipped> skipped) {
        Map<String, Map<Double, SeedSummary>> errors = Protocol.summary(results, dataset);
        List<Row> rows = new ArrayList<>();
        for (String method : Methods.names()) {
            Optional<Protocol.Skipped> skip = skipped.stream().filter(s -> s.variable().equals(dataset) && s.method().equals(method)).findFirst();
            Map<Double, SeedSummary> byValue = errors.get(method);
            if (byValue == null || skip.isPresent()) {
                rows.add(new Row(dataset, method, Families.of(method), null, null, Double.NaN,
                        skip.map(s -> "cannot run: " + s.reason()).orElse("not run")));
                continue;
            }
            SeedSummary error = byValue.values().iterator().next();
            double[] accuracy = error.values().stream().mapToDouble(e -> 1 - e).toArray();
            List<Protocol.Result> runs = results.stream().filter(r -> r.variable().equals(dataset) && r.method().equals(method)).toList();
            double millis = runs.stream().mapToDouble(Protocol.Result::stepMillis).average().orElse(Double.NaN);
            double[] validation = runs.stream().mapToDouble(Protocol.Result::validationAccuracy).toArray();
            rows.add(new Row(dataset, method, Families.of(method), SeedSummary.of("accuracy", accuracy),
                    Arrays.stream(validation).anyMatch(Double::isNaN) ? null : SeedSummary.of("validation accuracy", validation), millis, ""));
        }
        return rows;
    }

    /** The rows as a table: method, family, validation and test accuracy % mean ± std, ms per step, note. */
    public static Table table(List<Row> rows, String title) {
        Table t = Table.withColumns("method", "family", "validation accuracy %", "test accuracy %", "ms / step", "note").title(title);
        for (Row r : rows)
            t.row(r.method(), r.family(), percent(r.validation()), percent(r.accuracy()),
                    r.ran() ? String.format(Locale.ROOT, "%.1f", r.stepMillis()) : "—", shorten(r.note()));
        return t;
    }

    /** "mean ± std" in percent, or "—" when not measured. */
    public static String percent(SeedSummary s) {
        return s == null ? "—" : s.percent();
    }

    /**
     * Each family's best method among the rows that ran, best family first — best by mean accuracy on the
     * <b>validation</b> part: the test accuracy is what the choice is then judged by, so it cannot also make it.
     */
    public static List<Row> bestPerFamily(List<Row> rows) {
        Map<String, Row> best = new LinkedHashMap<>();
        for (Row r : rows) {
            if (!r.ran()) continue;
            if (r.validation() == null)
                throw new IllegalArgumentException(r.method() + " on " + r.dataset() + " has no validation accuracy: run the survey"
                        + " with a validation part (RunConfig.validation) so that choices are not made on the test set");
            Row b = best.get(r.family());
            if (b == null || r.validation().mean() > b.validation().mean()) best.put(r.family(), r);
        }
        return best.values().stream().sorted(Comparator.comparingDouble((Row r) -> -r.validation().mean())).toList();
    }

    /**
     * Whether the best semi-supervised family — its best method, both chosen on validation accuracy
     * ({@link #bestPerFamily}) — beats the supervised baseline in test accuracy on this dataset, paired over seeds.
     */
    public static Verdict bestFamilyBeatsSupervised(List<Row> rows) {
        Row supervised = rows.stream().filter(r -> r.method().equals("supervised") && r.ran()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the survey has no supervised run to compare with"));
        Row best = bestPerFamily(rows).stream()
                .filter(r -> !r.family().equals("supervised") && r.accuracy().n() == supervised.accuracy().n())
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no semi-supervised method ran on " + supervised.dataset()));
        return Verdict.higherIsBetter(String.format(Locale.ROOT, "on %s the SSL family best on validation (%s: %s) has higher test accuracy than supervised",
                supervised.dataset(), best.family(), best.method()), best.accuracy().named(best.method()), supervised.accuracy().named("supervised"));
    }

    private static String shorten(String note) {
        return note.length() <= 90 ? note : note.substring(0, 87) + "…";
    }
}
