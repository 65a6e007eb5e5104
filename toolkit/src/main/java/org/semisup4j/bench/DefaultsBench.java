package org.semisup4j.bench;

import org.semisup4j.eval.SeedSummary;
import org.semisup4j.eval.Verdict;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.train.RunConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code ./semisup4j bench defaults [--quick]}: every method with its <b>defaults</b> (no {@code --param}, no
 * tuning) against the supervised baseline on several datasets, over the same seeds; each cell is the paired
 * margin over supervised, mean ± standard error in points of test accuracy, with its {@link Verdict}. A
 * regression guard for defaults: a method that falls below the baseline on one dataset shows up here.
 *
 * <p>It writes the "defaults" section of BENCHMARKS.md <b>and</b> the methods table of README.md (between
 * {@code <!-- methods:begin -->} and {@code <!-- methods:end -->}), from the same numbers, so the two cannot
 * disagree.
 */
public final class DefaultsBench {
    /** One dataset at one label budget, with the base configuration every method shares there. */
    public record Case(String name, RunConfig base) {}

    /** One (case, method, seed) run. */
    public record Result(String dataset, String method, long seed, double accuracy, double seconds) {}

    /** The methods, the paper each follows and its notebook: the static columns of the README table. */
    static final List<String[]> METHODS = List.of(
            new String[]{"pi-model", "Laine & Aila 2017", "`temporal-ensembling.ipynb`"},
            new String[]{"temporal-ensembling", "Laine & Aila 2017", "`temporal-ensembling.ipynb`"},
            new String[]{"mean-teacher", "Tarvainen & Valpola 2017", "`mean-teacher.ipynb`"},
            new String[]{"ua-mt", "Yu et al. 2019 (segmentation)", "`ua-mt.ipynb`"},
            new String[]{"vat", "Miyato et al. 2018", "`vat.ipynb`"},
            new String[]{"vat-entmin", "Miyato et al. 2018", "`vat.ipynb`"},
            new String[]{"pseudo-label", "Lee 2013", "`fixmatch.ipynb`"},
            new String[]{"mixmatch", "Berthelot et al. 2019", "`mixmatch.ipynb`"},
            new String[]{"fixmatch", "Sohn et al. 2020", "`fixmatch.ipynb`"},
            new String[]{"uda", "Xie et al. 2020", "`uda.ipynb`"},
            new String[]{"icl", "interpolation-based contrastive", "`interpolation-contrastive.ipynb`"},
            new String[]{"ncr", "Iscen et al. 2022", "`neighbor-consistency.ipynb`"},
            new String[]{"mpl", "Pham et al. 2021", "`self-mpl.ipynb`"},
            new String[]{"self-mpl", "Ng & Wang 2022", "`self-mpl.ipynb`"});

    /**
     * Why a method falls below the baseline with its defaults on a dataset of this bench, and the setting that
     * fixes it (or why none does), as its javadoc explains it at length. Printed under both tables for every
     * method with a ✗ cell; a ✗ without an entry here is printed as unexplained.
     */
    static final Map<String, String> EXPLAINED = Map.of(
            "vat", "it merges classes: with 10 labels per class its smoothness term, whose target is the model's own prediction, "
                    + "empties a class into its neighbours (Sandal's test recall 0.58 → 0.00 on seed 0). **Fixed by `--param balance=1`** "
                    + "(a class-balance term, chosen on validation among 0, 0.3, 1, 3): +2.2 ± 1.6 ? on seeds 0–2 (0.743 vs 0.721), "
                    + "**or by the VAT paper's batch norm, `--model mlp-bn`**: +1.3 ± 0.4 ✓ against the same model supervised (0.737 vs "
                    + "0.724; Sandal kept at 0.44). ε from 0.1 to 20, lr 1e-3 or a longer run do not fix it. See `Vat`'s javadoc.",
            "vat-entmin", "as `vat` (classes merge), and entropy minimisation makes the merged answers surer. `--param balance=1` "
                    + "brings it to the baseline: −0.6 ± 1.0 ? on seeds 0–2 (0.715 vs 0.721); batch norm does not (−1.4 ± 0.2 ✗). "
                    + "See `Vat`'s javadoc.",
            "uda", "a budget too short for it: at the full bench's budget (1 500 steps, 10 000 images) it is at the baseline, "
                    + "+0.0 ± 1.5 ? on seeds 0–2 (0.713 vs 0.713; +1.6 points on validation); at 300 steps `--model mlp-bn` (batch norm) "
                    + "brings it to the baseline, −0.3 ± 1.2 ? against the same model supervised. No other setting tried at 300 steps "
                    + "reaches the baseline on validation (TSA exp/none/linear/log, T 1 with β 0 and no TSA, strong noise 0.05, λ_u 0.3, "
                    + "lr 1e-3, batch norm at width 256); on vectors its strong augmentation is noise and masking, not RandAugment. "
                    + "See `Uda`'s javadoc.",
            "ncr", "a method for noisy labels, run here on clean ones: it has nothing to correct and gives α of the cross-entropy's "
                    + "weight to agreeing with batch neighbours. No setting fixes it: on validation a smaller α only loses less (α 0.1: "
                    + "0.684, 0.3: 0.676, 0.5, the default: 0.653; supervised 0.70), nor do batch norm or the full budget, and α = 0 is "
                    + "cross-entropy, the choice for clean labels. Under label noise it beats cross-entropy (digits, 40 % flipped, seeds 0–1). See `Ncr`'s javadoc.");

    private final String name;
    private final List<Case> cases;
    private final List<String> methods;
    private final List<Long> seeds;

    public DefaultsBench(String name, List<Case> cases, List<String> methods, List<Long> seeds) {
        if (seeds.size() < 2) throw new IllegalArgumentException("the defaults bench needs at least 2 seeds for a standard error, got " + seeds);
        this.name = name;
        this.cases = List.copyOf(cases);
        this.methods = List.copyOf(methods);
        this.seeds = List.copyOf(seeds);
    }

    static List<String> allMethods() {
        return METHODS.stream().map(m -> m[0]).toList();
    }

    /**
     * Two moons (6 labels), the UCI digits (5 labels per class) and Fashion-MNIST as vectors (10 labels per
     * class, 10 000 training images), 3 seeds: the budgets of the issue that found the defaults wanting.
     */
    public static DefaultsBench full() {
        return new DefaultsBench("full", List.of(
                new Case("two moons, 6 labels", RunConfig.of("two-moons").labels(6).steps(1000).evalEvery(0)),
                new Case("digits, 5 per class", RunConfig.of("digits").labels(50).steps(3000).evalEvery(0)),
                new Case("Fashion-MNIST, 10 per class", RunConfig.of("fashion-mnist").model("mlp").labels(100)
                        .trainSize(10000).testSize(2000).steps(1500).evalEvery(0))),
                allMethods(), List.of(0L, 1L, 2L));
    }

    /** The same datasets at a fraction of the budget, 2 seeds: a smoke test of the defaults, not evidence. */
    public static DefaultsBench quick() {
        return new DefaultsBench("quick", List.of(
                new Case("two moons, 6 labels", RunConfig.of("two-moons").labels(6).steps(500).evalEvery(0)),
                new Case("digits, 5 per class", RunConfig.of("digits").labels(50).steps(800).evalEvery(0)),
                new Case("Fashion-MNIST, 10 per class", RunConfig.of("fashion-mnist").model("mlp").labels(100)
                        .trainSize(4000).testSize(1000).steps(300).evalEvery(0))),
                allMethods(), List.of(0L, 1L));
    }

    public List<Result> run(Consumer<Result> onResult) {
        List<Result> results = new ArrayList<>();
        for (Case c : cases) {
            List<String> all = new ArrayList<>(List.of("supervised"));
            all.addAll(methods);
            for (String method : all) {
                for (long seed : seeds) {
                    var r = Experiment.run(c.base().method(method).seed(seed));
                    Result result = new Result(c.name(), method, seed, r.accuracy(), r.seconds());
                    results.add(result);
                    if (onResult != null) onResult.accept(result);
                }
            }
        }
        return results;
    }

    /** Per dataset and method, the verdict on "beats supervised" from the paired per-seed accuracies. */
    static Map<String, Map<String, Verdict>> verdicts(List<Result> results) {
        Map<String, Map<String, List<Double>>> acc = new LinkedHashMap<>();
        for (Result r : results)
            acc.computeIfAbsent(r.dataset(), k -> new LinkedHashMap<>()).computeIfAbsent(r.method(), k -> new ArrayList<>()).add(r.accuracy());
        Map<String, Map<String, Verdict>> out = new LinkedHashMap<>();
        acc.forEach((dataset, byMethod) -> {
            SeedSummary supervised = summary("supervised", byMethod.get("supervised"));
            Map<String, Verdict> row = new LinkedHashMap<>();
            byMethod.forEach((method, values) -> {
                if (!method.equals("supervised"))
                    row.put(method, Verdict.higherIsBetter(method + " beats supervised on " + dataset, summary(method, values), supervised));
            });
            out.put(dataset, row);
        });
        return out;
    }

    private static SeedSummary summary(String method, List<Double> values) {
        if (values == null) throw new IllegalArgumentException("no supervised results: the bench always runs the baseline");
        return SeedSummary.of(method, values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** e.g. {@code +5.2 ± 1.1 ✓}: margin in points, its standard error, and ✓ HELD / ✗ NOT HELD / ? INCONCLUSIVE. */
    static String cell(Verdict v) {
        String mark = switch (v.outcome()) { case HELD -> "✓"; case NOT_HELD -> "✗"; case INCONCLUSIVE -> "?"; };
        return String.format(Locale.ROOT, "%+.1f ± %.1f %s", 100 * v.gain().mean(), 100 * v.gain().standardError(), mark);
    }

    /** The BENCHMARKS.md section. */
    String report(List<Result> results, String started, double minutes) {
        Map<String, Map<String, Verdict>> verdicts = verdicts(results);
        StringBuilder md = new StringBuilder("## Defaults: every method against the supervised baseline\n\n");
        md.append(String.format(Locale.ROOT, "Run: `./semisup4j bench defaults%s`, %s, %.1f minutes at one thread (%s, %d cores, shared with "
                        + "other work while it ran). Configuration: `DefaultsBench.%s()` in `org.semisup4j.bench.DefaultsBench`.%n%n",
                name.equals("quick") ? " --quick" : "", started, minutes, SpeedBench.cpuModel(), Runtime.getRuntime().availableProcessors(), name));
        md.append("Every method runs with its defaults — no `--param`, nothing tuned — with the baseline's model, optimizer (Adam, lr 3e-3), ")
                .append("batches (B = 32 labeled + 3·B unlabeled) and steps, on seeds ").append(seeds).append(". A cell is the **paired margin over ")
                .append("supervised** in points of test accuracy, mean ± standard error over the seeds, then the verdict of `eval.Verdict` on ")
                .append("\"beats supervised\": ✓ held (mean gain over 2 SE above 0), ✗ not held (2 SE below 0 or equal), ? inconclusive.\n\n");
        md.append(table(verdicts, results)).append('\n');
        md.append(explanations(verdicts));
        for (Case c : cases)
            md.append("- ").append(c.name()).append(": `").append(describe(c.base())).append("`")
                    .append(verdicts.containsKey(c.name()) ? "" : " — no results (the run stopped before this dataset)").append('\n');
        return md.toString();
    }

    private String table(Map<String, Map<String, Verdict>> verdicts, List<Result> results) {
        StringBuilder t = new StringBuilder("| method |");
        verdicts.keySet().forEach(d -> t.append(' ').append(d).append(" |"));
        t.append("\n|---|");
        verdicts.keySet().forEach(d -> t.append("---|"));
        t.append("\n| supervised (accuracy) |");
        for (String dataset : verdicts.keySet()) {
            double[] sup = results.stream().filter(r -> r.dataset().equals(dataset) && r.method().equals("supervised"))
                    .mapToDouble(Result::accuracy).toArray();
            SeedSummary s = SeedSummary.of("supervised", sup);
            t.append(' ').append(s.percent()).append(" |");
        }
        t.append('\n');
        for (String method : methods) {
            t.append("| `").append(method).append("` |");
            for (var row : verdicts.values()) t.append(' ').append(row.containsKey(method) ? cell(row.get(method)) : "").append(" |");
            t.append('\n');
        }
        return t.toString();
    }

    /**
     * One line per method with a ✗ (not held) cell: which datasets, then its {@link #EXPLAINED} entry, or
     * "not explained yet" so that a new regression cannot pass for a known exception. Empty when none.
     */
    static String explanations(Map<String, Map<String, Verdict>> verdicts) {
        Map<String, List<String>> below = new LinkedHashMap<>();
        verdicts.forEach((dataset, row) -> row.forEach((method, v) -> {
            if (v.outcome() == Verdict.Outcome.NOT_HELD) below.computeIfAbsent(method, k -> new ArrayList<>()).add(dataset);
        }));
        if (below.isEmpty()) return "";
        StringBuilder s = new StringBuilder("Below the baseline with its defaults (✗), and why:\n\n");
        below.forEach((method, datasets) -> s.append("- `").append(method).append("` on ").append(String.join("; ", datasets)).append(": ")
                .append(EXPLAINED.getOrDefault(method, "not explained yet.")).append('\n'));
        return s.append('\n').toString();
    }

    /** Marks a README row kept for a method this bench did not run. */
    static final String NOT_BENCHMARKED = "not in the defaults benchmark yet";

    /**
     * The rows of the README's current methods table (its text between the markers) that name no method this
     * bench ran — methods added by hand, or that need a teacher — so that regenerating the table keeps them.
     * A row's methods are the first word of each {@code `code`} span in its first cell (options such as
     * {@code `--batches uniform`} aside); a row naming at least one method the bench did not run is kept.
     */
    List<String[]> rowsToKeep(String currentTable) {
        List<String[]> kept = new ArrayList<>();
        for (String line : currentTable.split("\n")) {
            String l = line.strip();
            if (!l.startsWith("|") || l.startsWith("|---") || l.startsWith("| `--method`")) continue;
            // A cell may hold an escaped pipe (`a\|b`): split on the others only.
            String[] cells = l.substring(1, l.endsWith("|") ? l.length() - 1 : l.length()).split("(?<!\\\\)\\|", -1);
            if (cells.length < 3) continue;
            List<String> named = new ArrayList<>();
            var spans = java.util.regex.Pattern.compile("`([^`]+)`").matcher(cells[0]);
            while (spans.find()) {
                String word = spans.group(1).strip().split("\\s+")[0];
                if (!word.startsWith("-")) named.add(word);   // `--batches uniform` is an option, not a method
            }
            if (named.isEmpty() || methods.containsAll(named)) continue;
            StringBuilder note = new StringBuilder();
            for (int i = 3; i < cells.length; i++) {
                String c = cells[i].strip();
                if (c.isEmpty() || c.startsWith(NOT_BENCHMARKED)) c = c.replaceFirst("^" + NOT_BENCHMARKED + "([:.] ?)?\\s*", "");
                if (!c.isEmpty()) note.append(note.length() > 0 ? "; " : "").append(c);
            }
            kept.add(new String[] {cells[0].strip(), cells[1].strip(), cells[2].strip(), note.toString()});
        }
        return kept;
    }

    /** The README methods table: paper, notebook and this run's margins, one row per method. */
    String readmeTable(List<Result> results) {
        return readmeTable(results, "");
    }

    /**
     * The README methods table from this run's margins, followed by the rows of {@code currentTable} (the
     * section as it stands) for methods the bench did not run, marked {@value #NOT_BENCHMARKED} with their
     * hand-written note kept.
     */
    String readmeTable(List<Result> results, String currentTable) {
        Map<String, Map<String, Verdict>> verdicts = verdicts(results);
        StringBuilder t = new StringBuilder("| `--method` | paper | notebook |");
        verdicts.keySet().forEach(d -> t.append(' ').append(d).append(" |"));
        t.append("\n|---|---|---|");
        verdicts.keySet().forEach(d -> t.append("---|"));
        t.append('\n');
        for (String[] m : METHODS) {
            if (!methods.contains(m[0])) continue;
            t.append("| `").append(m[0]).append("` | ").append(m[1]).append(" | ").append(m[2]).append(" |");
            for (var row : verdicts.values()) t.append(' ').append(row.containsKey(m[0]) ? cell(row.get(m[0])) : "").append(" |");
            t.append('\n');
        }
        for (String[] row : rowsToKeep(currentTable)) {
            t.append("| ").append(row[0]).append(" | ").append(row[1]).append(" | ").append(row[2]).append(" | ").append(NOT_BENCHMARKED)
                    .append(row[3].isEmpty() ? "" : ": " + row[3]).append(" |");
            for (int i = 1; i < verdicts.size(); i++) t.append(" |");
            t.append('\n');
        }
        String explained = explanations(verdicts);
        if (!explained.isEmpty()) t.append('\n').append(explained.strip()).append('\n');
        t.append(String.format(Locale.ROOT, "%nMargins over the supervised baseline with every method's defaults, in points of test accuracy "
                + "(mean ± SE over seeds %s; ✓ held, ✗ not held, ? inconclusive), written by `./semisup4j bench defaults%s` — "
                + "see BENCHMARKS.md for the budgets.", seeds, name.equals("quick") ? " --quick" : ""));
        return t.toString();
    }

    private static String describe(RunConfig c) {
        StringBuilder s = new StringBuilder("--dataset ").append(c.dataset()).append(" --labels ").append(c.labels())
                .append(" --steps ").append(c.steps());
        if (!c.model().equals("auto")) s.append(" --model ").append(c.model());
        if (c.trainSize() > 0) s.append(" --train-size ").append(c.trainSize());
        if (c.testSize() > 0) s.append(" --test-size ").append(c.testSize());
        return s.toString();
    }

    private static void writeCsv(List<Result> results, Path file) throws IOException {
        StringBuilder csv = new StringBuilder("dataset,method,seed,accuracy,seconds\n");
        for (Result r : results) csv.append(csvLine(r));
        Files.writeString(file, csv);
    }

    private static String csvLine(Result r) {
        return String.format(Locale.ROOT, "%s,%s,%d,%.6f,%.2f%n", r.dataset(), r.method(), r.seed(), r.accuracy(), r.seconds());
    }

    static List<Result> readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Result> results = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            // The dataset's name may hold commas ("two moons, 6 labels"): the last four fields are read from the right.
            String[] f = lines.get(i).split(",");
            if (f.length < 5) throw new IOException(file + ": line " + (i + 1) + " has " + f.length + " fields; expected dataset,method,seed,accuracy,seconds");
            int n = f.length;
            String dataset = String.join(",", java.util.Arrays.copyOf(f, n - 4));
            results.add(new Result(dataset, f[n - 4], Long.parseLong(f[n - 3]), Double.parseDouble(f[n - 2]), Double.parseDouble(f[n - 1])));
        }
        return results;
    }

    public static void main(String[] args) throws IOException {
        boolean quick = false;
        Path output = Path.of("BENCHMARKS.md"), readme = Path.of("README.md"), figures = Path.of("benchmarks"), fromCsv = null;
        List<String> only = null;
        List<Long> seeds = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> output = Path.of(args[++i]);
                case "--readme" -> readme = Path.of(args[++i]);
                case "--figures" -> figures = Path.of(args[++i]);
                case "--from-csv" -> fromCsv = Path.of(args[++i]);
                case "--methods" -> only = List.of(args[++i].split(","));
                case "--seeds" -> seeds = java.util.Arrays.stream(args[++i].split(",")).map(Long::parseLong).toList();
                default -> {
                    System.err.println("usage: bench defaults [--quick] [--methods a,b] [--seeds 0,1,2] [--out BENCHMARKS.md] [--readme README.md] [--figures DIR] [--from-csv FILE]");
                    System.exit(2);
                }
            }
        }
        DefaultsBench bench = quick ? quick() : full();
        if (only != null || seeds != null)
            bench = new DefaultsBench(bench.name, bench.cases, only != null ? only : bench.methods, seeds != null ? seeds : bench.seeds);
        String started = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"));
        long t0 = System.nanoTime();
        Files.createDirectories(figures);
        Path csv = figures.resolve("defaults-" + bench.name + ".csv");
        if (fromCsv == null) writeCsv(List.of(), csv);
        // Each result is appended as it comes, so an interrupted bench keeps what it measured (--from-csv reads it).
        List<Result> results = fromCsv != null ? readCsv(fromCsv) : bench.run(r -> {
            System.err.printf(Locale.ROOT, "bench defaults: %s, %s, seed %d: %.4f (%.1f s)%n", r.dataset(), r.method(), r.seed(), r.accuracy(), r.seconds());
            try {
                Files.writeString(csv, csvLine(r), java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(csv + ": cannot append a result", e);
            }
        });
        double minutes = fromCsv != null ? results.stream().mapToDouble(Result::seconds).sum() / 60 : (System.nanoTime() - t0) / 6e10;
        if (fromCsv != null) started = "from " + fromCsv + " (training time summed)";
        // A method with no result (not run, or an interrupted bench) gets no row: its README row is kept as it was.
        List<String> ran = results.stream().map(Result::method).distinct().toList();
        bench = new DefaultsBench(bench.name, bench.cases, bench.methods.stream().filter(ran::contains).toList(), bench.seeds);
        MarkdownSections.replace(output, "defaults", bench.report(results, started, minutes));
        MarkdownSections.replace(readme, "methods", bench.readmeTable(results, MarkdownSections.read(readme, "methods")));
        System.err.println("bench defaults: wrote the defaults section of " + output + " and the methods table of " + readme);
        System.exit(0);
    }
}
