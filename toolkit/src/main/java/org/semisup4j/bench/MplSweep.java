package org.semisup4j.bench;

import org.semisup4j.eval.SeedSummary;
import org.semisup4j.eval.Verdict;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.experiment.Tuning;
import org.semisup4j.model.Model;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.TrainingResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ./semisup4j bench mpl [--quick] [--seeds 0,1,2] [--steps N] [--feedback 1,0,10,100] [--csv FILE] [--out FILE]}:
 * does Meta Pseudo Labels' teacher feedback beat Pseudo-Label at CPU scale? On the UCI digits with 5 labels per class,
 * the same student (the default MLP, Adam, same batches per seed) is trained by Pseudo-Label (its defaults), MPL and
 * Self-MPL at each scale s of the feedback h in the teacher's loss (s = 0: the feedback removed, a teacher trained on
 * labels alone). Each run is scored on the split's validation part (50 examples from the unlabeled pool, as many as
 * the labels) and on the test set. The scale is <b>chosen on validation</b> (mean over the seeds, s &gt; 0; ties keep
 * the earlier value in the list, so list the paper's s = 1 first); the test set only reports.
 *
 * <p>Every finished run is appended to the CSV at once (a stopped sweep keeps its rows, and a rerun skips the rows
 * the CSV already has, so two processes may share the seeds out); the "mpl" section of BENCHMARKS.md is then
 * written from every row of the CSV at this step count.
 */
public final class MplSweep {
    private MplSweep() {}

    static final String HEADER = "dataset,labels,steps,method,feedback,seed,validation_accuracy,test_accuracy,"
            + "teacher_validation_accuracy,teacher_test_accuracy,seconds";

    /** One run: the student's (and, for MPL, the teacher's) accuracy on validation and test. NaN where none. */
    record Row(String dataset, int labels, int steps, String method, double feedback, long seed, double validation, double test,
               double teacherValidation, double teacherTest, double seconds) {
        String csv() {
            return String.format(Locale.ROOT, "%s,%d,%d,%s,%s,%d,%.4f,%.4f,%.4f,%.4f,%.1f", dataset, labels, steps, method,
                    feedbackText(feedback), seed, validation, test, teacherValidation, teacherTest, seconds);
        }

        static Row parse(Path file, int line, String text) {
            String[] f = text.split(",");
            if (f.length != 11) throw new IllegalArgumentException(file + " line " + line + ": expected 11 fields (" + HEADER + "), got " + f.length);
            try {
                return new Row(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3], f[4].isEmpty() ? Double.NaN : Double.parseDouble(f[4]),
                        Long.parseLong(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]),
                        Double.parseDouble(f[9]), Double.parseDouble(f[10]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + line + ": a number field is not a number (" + e.getMessage() + ")");
            }
        }

        String key() {
            return method + "/" + feedbackText(feedback) + "/" + seed;
        }
    }

    static String feedbackText(double s) {
        return Double.isNaN(s) ? "" : (s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s));
    }

    public static void main(String[] args) throws IOException {
        boolean quick = false, summaryOnly = false;
        List<Long> seeds = List.of(0L, 1L, 2L);
        List<Double> feedback = List.of(1.0, 0.0, 10.0, 100.0);
        Integer steps = null;
        Path csv = Path.of("benchmarks/mpl-sweep.csv"), out = Path.of("BENCHMARKS.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--summary-only" -> summaryOnly = true;
                case "--seeds" -> seeds = Arrays.stream(args[++i].split(",")).map(String::strip).map(Long::parseLong).toList();
                case "--feedback" -> feedback = Arrays.stream(args[++i].split(",")).map(String::strip).map(Double::parseDouble).toList();
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--csv" -> csv = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: bench mpl [--quick] [--seeds 0,1,2] [--steps N] [--feedback 1,0,10,100] [--csv FILE] "
                            + "[--out BENCHMARKS.md] [--summary-only]");
                    System.exit(2);
                }
            }
        }
        int n = steps != null ? steps : quick ? 100 : 300;
        RunConfig base = RunConfig.of("digits").labels(50).validation(50).steps(n).evalEvery(0);
        if (!summaryOnly) sweep(base, seeds, feedback, csv);
        String body = summary(read(csv), n, feedback, csv);
        System.out.print(body);
        MarkdownSections.replace(out, "mpl", body);
        System.out.println("wrote the mpl section of " + out);
    }

    /** Every (method, scale, seed) run the CSV does not have yet, appended as it finishes. */
    static void sweep(RunConfig base, List<Long> seeds, List<Double> feedback, Path csv) throws IOException {
        if (csv.getParent() != null) Files.createDirectories(csv.getParent());
        if (!Files.exists(csv)) Files.writeString(csv, HEADER + "\n");
        Set<String> done = read(csv).stream().filter(r -> r.steps() == base.steps()).map(Row::key).collect(Collectors.toSet());
        for (long seed : seeds) {
            List<RunConfig> runs = new ArrayList<>();
            runs.add(base.method("pseudo-label"));
            for (String method : List.of("mpl", "self-mpl"))
                for (double s : feedback) runs.add(base.method(method).param("feedback", s));
            for (RunConfig c : runs) {
                double s = c.method().equals("pseudo-label") ? Double.NaN : c.paramOr("feedback", 1.0);
                String key = c.method() + "/" + feedbackText(s) + "/" + seed;
                if (done.contains(key)) continue;
                long t0 = System.nanoTime();
                Experiment e = Experiment.prepare(c.seed(seed));
                TrainingResult r = e.trainer(null).run();
                Model teacher = e.method().evaluatedModels().get("teacher");
                Row row = new Row("digits", c.labels(), c.steps(), c.method(), s, seed, Tuning.validationAccuracy(e.model(), e.validation()), r.accuracy(),
                        teacher == null ? Double.NaN : Tuning.validationAccuracy(teacher, e.validation()),
                        teacher == null ? Double.NaN : r.accuracy("teacher"), (System.nanoTime() - t0) / 1e9);
                Files.writeString(csv, row.csv() + "\n", StandardOpenOption.APPEND);
                System.out.println(row.csv());
            }
        }
    }

    static List<Row> read(Path csv) throws IOException {
        if (!Files.exists(csv)) throw new IllegalArgumentException(csv + ": no such file (the sweep's rows; run without --summary-only first)");
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER))
            throw new IllegalArgumentException(csv + " line 1: expected the header '" + HEADER + "'");
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) if (!lines.get(i).isBlank()) rows.add(Row.parse(csv, i + 1, lines.get(i).strip()));
        return rows;
    }

    /**
     * The BENCHMARKS.md section: per arm, validation and test accuracy and the paired test gain over Pseudo-Label (on
     * the seeds both have); then, for MPL and Self-MPL, the scale chosen on validation (over the seeds every candidate
     * has) and the verdicts at that scale, against Pseudo-Label and against the same method with h removed (s = 0),
     * each on the seeds its two arms share.
     */
    static String summary(List<Row> all, int steps, List<Double> order, Path csv) {
        Map<String, Map<Long, Row>> arms = new LinkedHashMap<>();
        all.stream().filter(r -> r.steps() == steps)
                .sorted(Comparator.comparing((Row r) -> !r.method().equals("pseudo-label")).thenComparing(Row::method)
                        .thenComparing(r -> order.contains(r.feedback()) ? order.indexOf(r.feedback()) : order.size()).thenComparing(Row::seed))
                .forEach(r -> arms.computeIfAbsent(arm(r.method(), r.feedback()), k -> new LinkedHashMap<>()).put(r.seed(), r));
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, """
                ## Meta Pseudo Labels vs Pseudo-Label: the feedback scale (`./semisup4j bench mpl`)

                UCI digits, 5 labels per class (50), a validation part of 50 examples taken from the unlabeled pool, %d
                steps, the default MLP with Adam 3·10⁻³, 32 labeled + 96 unlabeled rows per batch; every comparison is
                paired (same split, batches and initial weights per seed) over the seeds both arms have. Pseudo-Label runs
                with its defaults (τ = 0.95). MPL and Self-MPL draw hard labels from the teacher and the teacher descends
                CE(y_l) + s·h·CE(ŷ_u): s = 1 is the paper's first-order feedback, s = 0 removes it. s is chosen per method
                on **validation** accuracy (mean over the seeds every candidate has, s > 0); test accuracy only reports.
                Rows: `%s` (one line per run; the sweep appends, so more seeds can be added with `--seeds`).

                | arm | seeds | validation acc. | test acc. (mean ± std) | teacher test acc. | test gain over Pseudo-Label (paired, ± SE) |
                |---|---|---|---|---|---|
                """, steps, csv.toString().replace('\\', '/')));
        Map<Long, Row> plArm = arms.get("pseudo-label");
        if (plArm == null || plArm.size() < 2) {
            t.append("\n(Pseudo-Label has fewer than two seeds at this step count: nothing to compare yet)\n");
            return t.toString();
        }
        for (var e : arms.entrySet()) {
            List<Long> seeds = shared(e.getValue(), plArm);
            if (seeds.isEmpty()) continue;
            SeedSummary acc = test(e.getValue(), seeds), gain = acc.minus(test(plArm, seeds));
            boolean hasTeacher = seeds.stream().allMatch(s -> Double.isFinite(e.getValue().get(s).teacherTest()));
            t.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f ± %.3f | %s | %s |%n", e.getKey(), seedList(seeds),
                    validation(e.getValue(), seeds).mean(), acc.mean(), acc.std(),
                    hasTeacher ? String.format(Locale.ROOT, "%.3f", teacherTest(e.getValue(), seeds).mean()) : "",
                    e.getKey().equals("pseudo-label") ? "" : String.format(Locale.ROOT, "%+.1f ± %.1f points", 100 * gain.mean(), 100 * gain.standardError())));
        }
        t.append('\n');
        for (String method : List.of("mpl", "self-mpl")) {
            List<Map<Long, Row>> candidates = order.stream().filter(s -> s > 0 && arms.containsKey(arm(method, s))).map(s -> arms.get(arm(method, s))).toList();
            if (candidates.isEmpty()) continue;
            List<Long> tuning = candidates.stream().map(a -> (List<Long>) new ArrayList<>(a.keySet()))
                    .reduce((a, b) -> a.stream().filter(b::contains).toList()).orElseThrow();
            if (tuning.isEmpty()) continue;
            String chosen = null;
            double best = Double.NEGATIVE_INFINITY;
            for (double s : order) {
                Map<Long, Row> a = arms.get(arm(method, s));
                if (s <= 0 || a == null) continue;
                double v = validation(a, tuning).mean();
                if (v > best) { best = v; chosen = arm(method, s); }
            }
            Map<Long, Row> picked = arms.get(chosen);
            List<Long> seeds = shared(picked, plArm);
            if (seeds.size() < 2) continue;
            SeedSummary acc = test(picked, seeds), pl = test(plArm, seeds);
            t.append(String.format(Locale.ROOT, "- **%s**, chosen on validation (seeds %s): %s. %s%n", method, seedList(tuning), chosen,
                    Verdict.higherIsBetter(method + " beats Pseudo-Label", acc, pl).sentence()));
            // What it would take: seeds for a true gain of g to clear 2 paired standard errors at this spread.
            double sd = acc.minus(pl).std(), perRun = picked.values().stream().mapToDouble(Row::seconds).average().orElse(0);
            t.append(String.format(Locale.ROOT, "  Budget to settle it at this spread (paired std %.1f points): a true gain of 1 point needs ~%d seeds, "
                    + "2 points ~%d seeds (n ≥ (2·std/gain)²); a run took %.0f s here (wall clock, on the machine as it was).%n",
                    100 * sd, seedsFor(sd, 0.01), seedsFor(sd, 0.02), perRun));
            Map<Long, Row> ablation = arms.get(arm(method, 0));
            List<Long> paired = ablation == null ? List.of() : shared(picked, ablation);
            if (paired.size() >= 2)
                t.append(String.format(Locale.ROOT, "  The feedback's share: %s%n", Verdict.higherIsBetter(chosen + " beats " + arm(method, 0)
                        + " (h removed)", test(picked, paired), test(ablation, paired)).sentence()));
        }
        return t.toString();
    }

    private static List<Long> shared(Map<Long, Row> a, Map<Long, Row> b) {
        return a.keySet().stream().filter(b::containsKey).sorted().toList();
    }

    private static String seedList(List<Long> seeds) {
        return String.join(",", seeds.stream().map(String::valueOf).toList());
    }

    static long seedsFor(double pairedStd, double gain) {
        return Math.max(2, (long) Math.ceil(Math.pow(2 * pairedStd / gain, 2)));
    }

    private static String arm(String method, double feedback) {
        return method.equals("pseudo-label") ? method : method + " s=" + feedbackText(feedback);
    }

    private static SeedSummary test(Map<Long, Row> arm, List<Long> seeds) {
        return SeedSummary.of("test accuracy", seeds.stream().mapToDouble(s -> arm.get(s).test()).toArray());
    }

    private static SeedSummary teacherTest(Map<Long, Row> arm, List<Long> seeds) {
        return SeedSummary.of("teacher test accuracy", seeds.stream().mapToDouble(s -> arm.get(s).teacherTest()).toArray());
    }

    private static SeedSummary validation(Map<Long, Row> arm, List<Long> seeds) {
        return SeedSummary.of("validation accuracy", seeds.stream().mapToDouble(s -> arm.get(s).validation()).toArray());
    }
}
