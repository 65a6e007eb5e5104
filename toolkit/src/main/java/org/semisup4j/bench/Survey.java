package org.semisup4j.bench;

import org.semisup4j.eval.SeedSummary;
import org.semisup4j.eval.Verdict;
import org.semisup4j.method.Families;
import org.semisup4j.method.Methods;
import org.semisup4j.plot.Table;
import org.semisup4j.train.RunConfig;

import java.util.ArrayList;
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
                RunConfig.of(MOONS).labels(6).steps(60).evalEvery(0),
                RunConfig.of(FASHION).model("mlp").trainSize(600).testSize(300).steps(20).evalEvery(0), 40);
    }

    /**
     * The full survey: 3 seeds; two moons 1 500 steps; Fashion-MNIST (MLP) on 20 000 training and 5 000 test
     * images, 100 labels, 1 000 steps. Hours on 2 cores with ~25 methods (see the notebook for the measured time).
     */
    public static Protocol full() {
        return protocol("survey-full", List.of(0L, 1L, 2L),
                RunConfig.of(MOONS).labels(6).steps(1500).evalEvery(0),
                RunConfig.of(FASHION).model("mlp").trainSize(20000).testSize(5000).steps(1000).evalEvery(0), 100);
    }

    /** Every registered method, on two moons with 6 labels and on {@code fashion} with {@code fashionLabels} labels. */
    public static Protocol protocol(String name, List<Long> seeds, RunConfig moons, RunConfig fashion, int fashionLabels) {
        return new Protocol(name, new ArrayList<>(Methods.names()), seeds, List.of(
                new Protocol.Sweep(MOONS, moons, List.of((double) moons.labels()), (c, v) -> c.labels((int) Math.round(v))),
                new Protocol.Sweep(FASHION, fashion, List.of((double) fashionLabels), (c, v) -> c.labels((int) Math.round(v)))));
    }

    /** One method on one dataset: its family, test accuracy over seeds (null when it could not run) and cost. */
    public record Row(String dataset, String method, String family, SeedSummary accuracy, double stepMillis, String note) {
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
                rows.add(new Row(dataset, method, Families.of(method), null, Double.NaN,
                        skip.map(s -> "cannot run: " + s.reason()).orElse("not run")));
                continue;
            }
            SeedSummary error = byValue.values().iterator().next();
            double[] accuracy = error.values().stream().mapToDouble(e -> 1 - e).toArray();
            double millis = results.stream().filter(r -> r.variable().equals(dataset) && r.method().equals(method))
                    .mapToDouble(Protocol.Result::stepMillis).average().orElse(Double.NaN);
            rows.add(new Row(dataset, method, Families.of(method), SeedSummary.of("accuracy", accuracy), millis, ""));
        }
        return rows;
    }

    /** The rows as a table: method, family, test accuracy % mean ± std, ms per step, note. */
    public static Table table(List<Row> rows, String title) {
        Table t = Table.withColumns("method", "family", "test accuracy %", "ms / step", "note").title(title);
        for (Row r : rows)
            t.row(r.method(), r.family(), r.ran() ? String.format(Locale.ROOT, "%.1f ± %.1f", 100 * r.accuracy().mean(), 100 * r.accuracy().std()) : "—",
                    r.ran() ? String.format(Locale.ROOT, "%.1f", r.stepMillis()) : "—", shorten(r.note()));
        return t;
    }

    /** Each family's best method (highest mean accuracy) among the rows that ran, best family first. */
    public static List<Row> bestPerFamily(List<Row> rows) {
        Map<String, Row> best = new LinkedHashMap<>();
        for (Row r : rows) {
            if (!r.ran()) continue;
            Row b = best.get(r.family());
            if (b == null || r.accuracy().mean() > b.accuracy().mean()) best.put(r.family(), r);
        }
        return best.values().stream().sorted(Comparator.comparingDouble((Row r) -> -r.accuracy().mean())).toList();
    }

    /**
     * Whether the best semi-supervised family (its best method, by mean test accuracy) beats the supervised
     * baseline on this dataset, paired over seeds. The pick is the best of many by the same test numbers, so a
     * HELD here says "some family clearly beats supervised", not that a chosen method would.
     */
    public static Verdict bestFamilyBeatsSupervised(List<Row> rows) {
        Row supervised = rows.stream().filter(r -> r.method().equals("supervised") && r.ran()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the survey has no supervised run to compare with"));
        Row best = bestPerFamily(rows).stream()
                .filter(r -> !r.family().equals("supervised") && r.accuracy().n() == supervised.accuracy().n())
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no semi-supervised method ran on " + supervised.dataset()));
        return Verdict.higherIsBetter(String.format(Locale.ROOT, "on %s the best SSL family (%s: %s) has higher test accuracy than supervised",
                supervised.dataset(), best.family(), best.method()), best.accuracy(), supervised.accuracy());
    }

    private static String shorten(String note) {
        return note.length() <= 90 ? note : note.substring(0, 87) + "…";
    }
}
