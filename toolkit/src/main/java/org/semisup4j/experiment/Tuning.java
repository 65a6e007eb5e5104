package org.semisup4j.experiment;

import org.semisup4j.train.*;
import org.semisup4j.data.Dataset;
import org.semisup4j.eval.Evaluation;
import org.semisup4j.eval.SeedSummary;
import org.semisup4j.model.Model;
import org.semisup4j.plot.Displayable;
import org.semisup4j.plot.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Chooses a method's settings without the test set: every combination of a grid over its {@code --param}s
 * (and {@code strong_noise}), or a list of {@link #candidates}
 * is trained on {@link #seeds tuning seeds} kept apart from the reported ones, and scored by accuracy on
 * the label split's <b>validation</b> part ({@link RunConfig#validation}); the test set plays no part in
 * the choice. Where the method keeps a teacher, the teacher is scored too, so "teacher or student" is
 * chosen on validation as well.
 *
 * <p>How small the validation part is: by default as many examples as the labeled set (e.g. 6 on two moons
 * with 6 labels, 50 on a 5-per-class 10-class split), taken from the unlabeled pool — Oliver et al.
 * (2018) showed that the 5 000-example validation sets of SSL papers are larger than the labeled sets
 * they claim to need, so tuning on them flatters the method. A validation part this small measures
 * accuracy in steps of 1/size, so candidates often tie: ties keep the <b>earlier</b> candidate in grid order
 * (list each parameter's default first and a tie keeps the default) and the student before a teacher.
 *
 * <pre>{@code
 * Tuning.Result r = Tuning.of(RunConfig.of("two-moons").method("vat").labels(6).steps(1500))
 *         .grid("epsilon", 0.3, 1.0, 3.0).run(System.out::println);
 * display(r);                       // the table: each candidate's validation accuracy over the tuning seeds
 * RunConfig chosen = r.choice();    // base with the chosen params, for the reported seeds
 * }</pre>
 */
public final class Tuning {
    /** Seeds used for tuning unless {@link #seeds} says otherwise; the project reports seeds 0, 1, 2, … */
    public static final List<Long> DEFAULT_SEEDS = List.of(100L, 101L);

    private final RunConfig base;
    private final Map<String, List<Object>> grid = new LinkedHashMap<>();
    private List<Map<String, Object>> candidates;
    private List<Long> seeds = DEFAULT_SEEDS;
    private int validation;

    private Tuning(RunConfig base) {
        this.base = Objects.requireNonNull(base, "base");
        this.validation = base.validation() > 0 ? base.validation() : base.labels();
    }

    /** Tunes {@code base}'s method; its own seed is the first reported one and may not be a tuning seed. */
    public static Tuning of(RunConfig base) {
        return new Tuning(base);
    }

    /** Candidate values of method parameter {@code name}; list the default first (ties keep it). */
    public Tuning grid(String name, Object... values) {
        if (values.length == 0) throw new IllegalArgumentException("grid '" + name + "': no values; expected at least one candidate");
        grid.put(name, List.of(values));
        return this;
    }

    /**
     * Explicit candidates instead of a grid, e.g. the paper's settings as a whole against another set
     * ({@code Map.of("T", 0.4, "beta", 0.8)} vs {@code Map.of("T", 1.0, "beta", 0.0)}); the first is kept on ties.
     */
    public Tuning candidates(List<Map<String, Object>> settings) {
        if (settings.isEmpty()) throw new IllegalArgumentException("candidates are empty: expected at least one setting");
        this.candidates = settings.stream().<Map<String, Object>>map(LinkedHashMap::new).toList();
        return this;
    }

    /** Tuning seeds (default {@link #DEFAULT_SEEDS}); each must differ from the base configuration's seed. */
    public Tuning seeds(List<Long> tuningSeeds) {
        if (tuningSeeds.isEmpty()) throw new IllegalArgumentException("tuning seeds are empty: expected at least one");
        this.seeds = List.copyOf(tuningSeeds);
        return this;
    }

    /** Size of the validation part (default: as many as the labeled set). */
    public Tuning validation(int total) {
        if (total < 1) throw new IllegalArgumentException("validation size " + total + ": expected at least 1");
        this.validation = total;
        return this;
    }

    /** Every grid point on every tuning seed; {@code onRun} hears one line per finished run (may be null). */
    public Result run(Consumer<String> onRun) {
        if (seeds.contains(base.seed()))
            throw new IllegalArgumentException("tuning seeds " + seeds + " include the reported seed " + base.seed()
                    + ": expected seeds kept apart from the ones whose results are reported");
        List<Map<String, Object>> points = points();
        List<Row> rows = new ArrayList<>();
        for (Map<String, Object> point : points) {
            Map<String, List<Double>> byModel = new LinkedHashMap<>();
            for (long seed : seeds) {
                RunConfig c = withParams(base, point).seed(seed).validation(validation).evalEvery(0);
                Experiment experiment = Experiment.prepare(c);
                experiment.trainer(null).run();
                Dataset val = experiment.validation();
                Map<String, Model> models = new LinkedHashMap<>();
                models.put("student", experiment.model());
                models.putAll(experiment.method().evaluatedModels());
                for (var m : models.entrySet()) {
                    double acc = validationAccuracy(m.getValue(), val);
                    byModel.computeIfAbsent(m.getKey(), k -> new ArrayList<>()).add(acc);
                    if (onRun != null) onRun.accept(String.format(Locale.ROOT, "tuning %s %s seed %d: %s validation accuracy %.3f (%d examples)",
                            base.method(), point, seed, m.getKey(), acc, val.size()));
                }
            }
            byModel.forEach((model, accs) -> rows.add(new Row(point, model,
                    SeedSummary.of("validation accuracy", accs.stream().mapToDouble(Double::doubleValue).toArray()))));
        }
        Row best = rows.get(0);
        for (Row r : rows) if (r.accuracy().mean() > best.accuracy().mean()) best = r;
        return new Result(withParams(base, best.params()), best, rows, seeds, validation);
    }

    /** A model's accuracy on a validation part (the score every tuning choice is made on). */
    public static double validationAccuracy(Model model, Dataset validation) {
        return Evaluation.of(validation.labels(), Predictions.probabilities(model, validation.features(), 1000), validation.classNames())
                .accuracy();
    }

    private List<Map<String, Object>> points() {
        if (candidates != null) {
            if (!grid.isEmpty()) throw new IllegalStateException("give a grid or candidates, not both");
            return candidates;
        }
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (var e : grid.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> p : points) {
                for (Object v : e.getValue()) {
                    Map<String, Object> q = new LinkedHashMap<>(p);
                    q.put(e.getKey(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        return points;
    }

    /** Method parameters, and {@code strong_noise} (the strong vector augmentation's σ, a run setting). */
    private static RunConfig withParams(RunConfig c, Map<String, Object> params) {
        for (var e : params.entrySet())
            c = e.getKey().equals("strong_noise") ? c.strongNoise(Double.parseDouble(e.getValue().toString())) : c.param(e.getKey(), e.getValue());
        return c;
    }

    /** One grid point and one of its models, with its validation accuracy over the tuning seeds. */
    public record Row(Map<String, Object> params, String model, SeedSummary accuracy) {}

    /** The chosen configuration and model, and the table the choice was made from. */
    public static final class Result extends Displayable {
        private final RunConfig choice;
        private final Row best;
        private final List<Row> rows;
        private final List<Long> seeds;
        private final int validation;

        Result(RunConfig choice, Row best, List<Row> rows, List<Long> seeds, int validation) {
            this.choice = choice;
            this.best = best;
            this.rows = List.copyOf(rows);
            this.seeds = seeds;
            this.validation = validation;
        }

        /** The base configuration with the chosen parameters (its seed and validation setting unchanged). */
        public RunConfig choice() { return choice; }

        /** The chosen parameters. */
        public Map<String, Object> params() { return best.params(); }

        /** The model to report: "student", or e.g. "teacher" when the method's teacher scored higher. */
        public String model() { return best.model(); }

        public List<Row> rows() { return rows; }

        public Table table() {
            java.util.Set<String> names = new java.util.LinkedHashSet<>();
            rows.forEach(r -> names.addAll(r.params().keySet()));
            List<String> columns = new ArrayList<>(names);
            columns.add("model");
            columns.add("validation accuracy");
            columns.add("std");
            columns.add("chosen");
            Table t = Table.withColumns(columns.toArray(String[]::new)).title(String.format(Locale.ROOT,
                    "%s: validation accuracy over tuning seeds %s (%d validation examples; the test set is not used)",
                    choice.method(), seeds, validation));
            for (Row r : rows) {
                List<Object> cells = new ArrayList<>();
                for (String n : names) cells.add(r.params().get(n));
                cells.add(r.model());
                cells.add(r.accuracy().mean());
                cells.add(r.accuracy().std());
                cells.add(r == best ? "✓" : "");
                t.row(cells.toArray());
            }
            return t;
        }

        @Override
        public String toHtml() { return table().toHtml(); }

        @Override
        public String toText() { return table().toText(); }

        @Override
        public String toString() {
            return "chosen on validation: " + params() + ", " + model() + " (" + best.accuracy() + ")";
        }
    }
}
