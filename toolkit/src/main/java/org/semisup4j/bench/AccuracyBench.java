package org.semisup4j.bench;

import org.semisup4j.eval.SeedSummary;
import org.semisup4j.eval.Verdict;
import org.semisup4j.plot.LinePlot;
import org.semisup4j.plot.Plots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./semisup4j bench accuracy [--quick]}: runs a {@link Protocol}, then writes the "accuracy" section
 * of BENCHMARKS.md (error rate, mean ± std over seeds, per sweep), the raw results as CSV and a page with
 * one Plotly figure per sweep (error vs the swept variable, one line per method) under {@code benchmarks/}.
 */
public final class AccuracyBench {
    private static final String PLOTLY_CDN = "https://cdn.plot.ly/plotly-2.35.2.min.js";

    private AccuracyBench() {}

    public static void main(String[] args) throws IOException {
        boolean quick = false, images = false;
        Long onlySeed = null;
        Path output = Path.of("BENCHMARKS.md"), figures = Path.of("benchmarks"), fromCsv = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--images" -> images = true;
                case "--seed" -> onlySeed = Long.parseLong(args[++i]);
                case "--out" -> output = Path.of(args[++i]);
                case "--figures" -> figures = Path.of(args[++i]);
                case "--from-csv" -> fromCsv = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: bench accuracy [--quick | --images] [--out BENCHMARKS.md] [--figures DIR] [--from-csv FILE (rewrite the report of an earlier run)] [--seed S (only this seed's runs, to its own CSV; no report)]");
                    System.exit(2);
                }
            }
        }
        Protocol protocol = images ? Protocol.images() : quick ? Protocol.quick() : Protocol.full();
        // Each protocol has its own section: the images claim does not replace the Oliver et al. sweeps.
        String section = images ? "accuracy-images" : "accuracy";
        String started = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"));
        long t0 = System.nanoTime();
        Path csv = figures.resolve("accuracy-" + protocol.name() + (onlySeed != null ? "-seed" + onlySeed : "") + ".csv");
        if (fromCsv == null) {
            Files.createDirectories(figures);
            Files.writeString(csv, CSV_HEADER);   // each run is appended as it ends: a stopped bench keeps what it measured
        }
        java.util.function.Consumer<Protocol.Result> append = r -> {
            System.err.println("bench accuracy: " + r);
            try {
                Files.writeString(csv, csvLine(r), java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot append to " + csv, e);
            }
        };
        if (onlySeed != null && fromCsv == null) {
            protocol.runSeed(onlySeed, append);
            System.err.println("bench accuracy: seed " + onlySeed + " done, results in " + csv
                    + "; join the seeds' CSVs (one header) and write the report with --from-csv");
            System.exit(0);
        }
        List<Protocol.Result> results = fromCsv != null ? readCsv(fromCsv) : protocol.run(append);
        double minutes = fromCsv != null ? results.stream().mapToDouble(Protocol.Result::seconds).sum() / 60
                : (System.nanoTime() - t0) / 6e10;
        if (fromCsv != null) started = "from " + fromCsv + " (training time summed)";
        Files.createDirectories(figures);
        String body = report(protocol, results, started, minutes, figures);
        MarkdownSections.replace(output, section, body);
        System.err.println("bench accuracy: wrote the " + section + " section of " + output + " and figures in " + figures);
        System.exit(0);
    }

    static String report(Protocol p, List<Protocol.Result> results, String started, double minutes, Path figures) throws IOException {
        StringBuilder md = new StringBuilder(p.name().equals("images")
                ? "## The claim on real images: Fashion-MNIST at few labels per class (issue 13)\n\n"
                : "## Accuracy (Oliver et al. 2018 protocol)\n\n");
        StringBuilder plots = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Run: `./semisup4j bench accuracy%s`, %s, %.1f minutes at one thread (%s, %d cores, "
                        + "shared with other work while it ran). Configuration: `Protocol.%s()` in `org.semisup4j.bench.Protocol`.%n%n",
                p.name().equals("full") ? "" : " --" + p.name(), started, minutes, SpeedBench.cpuModel(),
                Runtime.getRuntime().availableProcessors(), p.name()));
        md.append("Every method and the supervised baseline share the model, optimizer (Adam, lr 3e-3), step budget, batches")
                .append(" (B = 32 labeled + 3·B unlabeled) and the methods' default hyperparameters — no method is tuned more than")
                .append(" another. Seeds ").append(p.seeds()).append("; cells are **test error %, mean ± std over seeds**.")
                .append(" Figures: `").append(figures).append("/accuracy-").append(p.name())
                .append(".html` (error vs the swept variable per method, Plotly from its CDN, written by this command); raw results: `")
                .append(figures).append("/accuracy-").append(p.name()).append(".csv`.\n\n");
        for (Protocol.Sweep sweep : p.sweeps()) {
            Map<String, Map<Double, SeedSummary>> table = Protocol.summary(results, sweep.variable());
            md.append("### ").append(sweep.variable()).append(" — ").append(describe(sweep)).append("\n\n| ")
                    .append(sweep.variable()).append(" |");
            table.keySet().forEach(m -> md.append(' ').append(m).append(" |"));
            md.append("\n|---|");
            table.keySet().forEach(m -> md.append("---|"));
            md.append('\n');
            for (double v : sweep.values()) {
                md.append("| ").append(trim(v)).append(" |");
                for (var byValue : table.values()) {
                    SeedSummary s = byValue.get(v);
                    // A stopped or partial run (one seed per process, some not finished) leaves cells empty.
                    md.append(s == null ? " not run |" : " " + s.percent()
                            + (s.n() < p.seeds().size() ? " (" + s.n() + " seed" + (s.n() == 1 ? "" : "s") + ")" : "") + " |");
                }
                md.append('\n');
            }
            md.append('\n').append(verdict(table)).append("\n\n");
            plots.append(figure(sweep, table).toHtml()).append('\n');
        }
        // One page for all sweeps, plotly.js from its CDN: the inlined library would be 11 MB per file.
        Files.writeString(figures.resolve("accuracy-" + p.name() + ".html"), "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                + "<title>semisup4j accuracy (" + p.name() + ")</title>\n<script src=\"" + PLOTLY_CDN + "\"></script></head>\n<body>\n"
                + plots + "</body></html>\n");
        return md.toString();
    }

    /**
     * Which methods beat the supervised baseline on average over the sweep, and at how many values the
     * paired per-seed errors make it a {@link Verdict} of HELD or NOT HELD (computed, not asserted).
     */
    static String verdict(Map<String, Map<Double, SeedSummary>> table) {
        Map<Double, SeedSummary> baseline = table.get("supervised");
        List<String> lines = new ArrayList<>();
        table.forEach((method, byValue) -> {
            if (method.equals("supervised")) return;
            double gap = byValue.entrySet().stream().mapToDouble(e -> baseline.get(e.getKey()).mean() - e.getValue().mean())
                    .average().orElse(0);
            long held = 0, notHeld = 0;
            for (var e : byValue.entrySet()) {
                if (e.getValue().n() != baseline.get(e.getKey()).n()) continue;   // a partial run: no pairing over seeds
                Verdict v = Verdict.lowerIsBetter(method + " has lower error than supervised", e.getValue(), baseline.get(e.getKey()));
                if (v.outcome() == Verdict.Outcome.HELD) held++;
                if (v.outcome() == Verdict.Outcome.NOT_HELD) notHeld++;
            }
            lines.add(String.format(Locale.ROOT, "%s %s the supervised baseline by %.1f points of error on average (clearly lower error, "
                            + "paired over seeds, at %d of %d values; clearly not at %d)",
                    method, gap > 0 ? "beats" : "trails", 100 * Math.abs(gap), held, byValue.size(), notHeld));
        });
        return String.join("; ", lines) + ".";
    }

    private static String describe(Protocol.Sweep s) {
        var c = s.base();
        return c.dataset() + ", model " + c.model() + ", " + c.steps() + " steps"
                + (s.variable().equals("labels") ? "" : ", " + c.labels() + " labels")
                + (c.trainSize() > 0 ? ", " + c.trainSize() + " training examples" : "");
    }

    private static LinePlot figure(Protocol.Sweep sweep, Map<String, Map<Double, SeedSummary>> table) {
        LinePlot plot = Plots.lines("Test error vs " + sweep.variable() + " (mean over seeds)", sweep.variable(), "test error");
        table.forEach((method, byValue) -> plot.series(method,
                byValue.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
                byValue.values().stream().mapToDouble(SeedSummary::mean).toArray()));
        return plot;
    }

    private static final String CSV_HEADER = "variable,value,method,seed,accuracy,seconds\n";

    private static String csvLine(Protocol.Result r) {
        return String.format(Locale.ROOT, "%s,%s,%s,%d,%.6f,%.2f%n", r.variable(), trim(r.value()), r.method(), r.seed(),
                r.accuracy(), r.seconds());
    }

    static List<Protocol.Result> readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !(lines.get(0) + "\n").equals(CSV_HEADER))
            throw new IOException(file + " line 1: expected the header '" + CSV_HEADER.strip() + "'");
        List<Protocol.Result> results = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String[] f = lines.get(i).split(",");
            if (f.length != 6) throw new IOException(file + " line " + (i + 1) + ": " + f.length + " fields; expected " + CSV_HEADER.strip());
            try {
                results.add(new Protocol.Result(f[0], f[2], Double.parseDouble(f[1]), Long.parseLong(f[3]),
                        Double.parseDouble(f[4]), Double.parseDouble(f[5])));
            } catch (NumberFormatException e) {
                throw new IOException(file + " line " + (i + 1) + ": value, seed, accuracy and seconds must be numbers (" + e.getMessage() + ")");
            }
        }
        return results;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** Methods in the order they first appear (for tables). */
    static Set<String> methods(List<Protocol.Result> results) {
        Set<String> m = new LinkedHashSet<>();
        results.forEach(r -> m.add(r.method()));
        return m;
    }
}
