package org.semisup4j.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.semisup4j.train.RunConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DefaultsBenchTest {
    @TempDir
    Path dir;

    private static final List<DefaultsBench.Case> BENCH_CASES = List.of(new DefaultsBench.Case("moons", RunConfig.of("two-moons").labels(6).steps(10)));
    private static final DefaultsBench BENCH = new DefaultsBench("test", BENCH_CASES, List.of("fixmatch", "mixmatch", "vat"), List.of(0L, 1L, 2L));

    /** fixmatch +5 points on every seed, mixmatch −20, vat +1 ± 5 (noise). */
    private static List<DefaultsBench.Result> crafted() {
        double[] sup = {0.80, 0.70, 0.90}, fix = {0.85, 0.75, 0.95}, mix = {0.60, 0.50, 0.70}, vat = {0.86, 0.66, 0.91};
        List<DefaultsBench.Result> r = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            r.add(new DefaultsBench.Result("moons", "supervised", s, sup[s], 1));
            r.add(new DefaultsBench.Result("moons", "fixmatch", s, fix[s], 1));
            r.add(new DefaultsBench.Result("moons", "mixmatch", s, mix[s], 1));
            r.add(new DefaultsBench.Result("moons", "vat", s, vat[s], 1));
        }
        return r;
    }

    @Test
    void cellsArePairedMarginsInPointsWithTheVerdict() {
        String md = BENCH.report(crafted(), "now", 1.0);
        assertTrue(md.contains("| `fixmatch` | +5.0 ± 0.0 ✓ |"), md);
        assertTrue(md.contains("| `mixmatch` | -20.0 ± 0.0 ✗ |"), md);
        assertTrue(md.contains("| `vat` | +1.0 ± 2.9 ? |"), md);   // gains +6, −4, +1: std 5, SE = 5 / √3
        assertTrue(md.contains("| supervised (accuracy) | 80.0 ± 10.0 |"), md);
        assertTrue(md.contains("--dataset two-moons --labels 6 --steps 10`\n"), md);
        DefaultsBench twoCases = new DefaultsBench("test", List.of(new DefaultsBench.Case("moons", RunConfig.of("two-moons").labels(6).steps(10)),
                new DefaultsBench.Case("digits", RunConfig.of("digits").labels(50).steps(10))), List.of("fixmatch", "mixmatch", "vat"), List.of(0L, 1L, 2L));
        assertTrue(twoCases.report(crafted(), "now", 1.0).contains("--steps 10` — no results (the run stopped before this dataset)"),
                "an interrupted bench says which datasets it did not reach");
    }

    @Test
    void everyMethodBelowTheBaselineIsListedWithItsExplanationOrAsUnexplained() {
        // mixmatch is ✗ in the crafted run and has no entry: it must show as unexplained, in both tables.
        assertFalse(DefaultsBench.EXPLAINED.containsKey("mixmatch"), "the crafted ✗ needs a method without an explanation");
        String md = BENCH.report(crafted(), "now", 1.0), readme = BENCH.readmeTable(crafted());
        for (String text : List.of(md, readme)) {
            assertTrue(text.contains("- `mixmatch` on moons: not explained yet."), text);
            assertFalse(text.contains("- `fixmatch`") || text.contains("- `vat`"), "only ✗ methods are listed: " + text);
        }
        // An explained method's entry is printed with the datasets where it is ✗.
        String explained = DefaultsBench.EXPLAINED.keySet().iterator().next();
        List<DefaultsBench.Result> r = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            r.add(new DefaultsBench.Result("moons", "supervised", s, 0.80 + 0.01 * s, 1));
            r.add(new DefaultsBench.Result("moons", explained, s, 0.70 + 0.01 * s, 1));
        }
        DefaultsBench one = new DefaultsBench("test", BENCH_CASES, List.of(explained), List.of(0L, 1L, 2L));
        assertTrue(one.report(r, "now", 1.0).contains("- `" + explained + "` on moons: " + DefaultsBench.EXPLAINED.get(explained)));
        // No ✗, no list.
        assertFalse(BENCH.report(crafted().stream().filter(x -> !x.method().equals("mixmatch")).toList(), "now", 1.0).contains("and why"));
    }

    @Test
    void readmeTableIsWrittenBetweenItsMarkersFromTheSameNumbers() throws IOException {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "# x\n\n## Methods\n\n<!-- methods:begin -->\nold table\n<!-- methods:end -->\n\n## After\nkept\n");
        MarkdownSections.replace(readme, "methods", BENCH.readmeTable(crafted()));
        String text = Files.readString(readme);
        assertFalse(text.contains("old table"));
        assertTrue(text.contains("| `fixmatch` | Sohn et al. 2020 | `fixmatch.ipynb` | +5.0 ± 0.0 ✓ |"), text);
        assertFalse(text.contains("`pi-model`"), "only the methods the bench ran");
        assertTrue(text.endsWith("## After\nkept\n"), text);
    }

    @Test
    void readmeRowsOfMethodsTheBenchDidNotRunAreKeptAndMarked() throws IOException {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, """
                <!-- methods:begin -->
                | `--method` | paper | notebook | two moons |
                |---|---|---|---|
                | `fixmatch` (+ `--batches uniform`) | Sohn et al. 2020 | `fixmatch.ipynb` | +6.8 (old, hand-written) |
                | `mixmatch`, `noisy-student` | Berthelot; Xie | `x.ipynb` | +1 |
                | `distill --teacher RUN_DIR` | Stanton et al. 2021 | `knowledge-distillation.ipynb` | agreement +7.3 |
                | `s4l-rotation` (+ `--param base=vat-entmin\\|pseudo-label`) | Zhai et al. 2019 | `s4l.ipynb` | images only |
                | `mpl` | Pham et al. 2021 | `self-mpl.ipynb` | not in the defaults benchmark yet. No gain at CPU scale |
                <!-- methods:end -->
                """);
        MarkdownSections.replace(readme, "methods", BENCH.readmeTable(crafted(), MarkdownSections.read(readme, "methods")));
        String text = Files.readString(readme);
        assertFalse(text.contains("+6.8 (old"), "a benchmarked method's old row is replaced: " + text);
        assertTrue(text.contains("| `distill --teacher RUN_DIR` | Stanton et al. 2021 | `knowledge-distillation.ipynb` | "
                + "not in the defaults benchmark yet: agreement +7.3 |"), text);
        assertTrue(text.contains("| `mixmatch`, `noisy-student` | Berthelot; Xie | `x.ipynb` | not in the defaults benchmark yet: +1 |"),
                "a row naming one method the bench did not run is kept: " + text);
        assertTrue(text.contains("| `s4l-rotation` (+ `--param base=vat-entmin\\|pseudo-label`) | Zhai et al. 2019 | `s4l.ipynb` | "
                + "not in the defaults benchmark yet: images only |"), "an escaped pipe stays inside its cell: " + text);
        assertTrue(text.contains("| `mpl` | Pham et al. 2021 | `self-mpl.ipynb` | not in the defaults benchmark yet: No gain at CPU scale |"),
                "a mark ending in a full stop is recognised, not kept as a stray '. ': " + text);
        // Regenerating again keeps the kept rows once, without marking them twice.
        MarkdownSections.replace(readme, "methods", BENCH.readmeTable(crafted(), MarkdownSections.read(readme, "methods")));
        String again = Files.readString(readme);
        assertEquals(text, again);
    }

    @Test
    void csvRoundTrips() throws IOException {
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, "dataset,method,seed,accuracy,seconds\nmoons,vat,2,0.9,1.5\ntwo moons, 6 labels,vat,0,0.8,2.0\n");
        assertEquals(List.of(new DefaultsBench.Result("moons", "vat", 2, 0.9, 1.5), new DefaultsBench.Result("two moons, 6 labels", "vat", 0, 0.8, 2.0)),
                DefaultsBench.readCsv(csv), "a dataset name with commas (the bench's own names have them)");
        Files.writeString(csv, "dataset,method,seed,accuracy,seconds\nmoons,vat,2\n");
        IOException e = assertThrows(IOException.class, () -> DefaultsBench.readCsv(csv));
        assertTrue(e.getMessage().contains("line 2 has 3 fields"), e.getMessage());
    }

    @Test
    void accuracyBenchVerdictCountsValuesWherePairedErrorsAreClearlyLower() {
        var sup = new java.util.LinkedHashMap<Double, org.semisup4j.eval.SeedSummary>();
        var pi = new java.util.LinkedHashMap<Double, org.semisup4j.eval.SeedSummary>();
        sup.put(6.0, org.semisup4j.eval.SeedSummary.of("error", 0.20, 0.10, 0.30));
        pi.put(6.0, org.semisup4j.eval.SeedSummary.of("error", 0.15, 0.05, 0.25));   // 5 points lower on every seed
        sup.put(20.0, org.semisup4j.eval.SeedSummary.of("error", 0.05, 0.06, 0.07));
        pi.put(20.0, org.semisup4j.eval.SeedSummary.of("error", 0.09, 0.02, 0.08));  // noisy
        var table = new java.util.LinkedHashMap<String, java.util.Map<Double, org.semisup4j.eval.SeedSummary>>();
        table.put("supervised", sup);
        table.put("pi-model", pi);
        String v = AccuracyBench.verdict(table);
        assertTrue(v.startsWith("pi-model beats the supervised baseline by 2.3 points of error on average"), v);   // (5 − 0.33) / 2
        assertTrue(v.contains("at 1 of 2 values; clearly not at 0"), v);
    }
}
