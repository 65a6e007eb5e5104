package org.semisup4j.bench;

import org.junit.jupiter.api.Test;
import org.semisup4j.data.Dataset;
import org.semisup4j.data.LabelSplit;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.train.RunConfig;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The protocol's splits (unlabeled amount, class mismatch) and its bookkeeping over methods, values and seeds. */
class ProtocolTest {
    private static final RunConfig MOONS = RunConfig.of("two-moons").labels(6).steps(20).evalEvery(0);

    @Test
    void unlabeledFractionKeepsThatShareOfThePool() {
        int all = Experiment.prepare(MOONS).split().unlabeled().length;
        int tenth = Experiment.prepare(MOONS.unlabeledFraction(0.1)).split().unlabeled().length;
        assertEquals(Math.round(0.1 * all), tenth);
    }

    @Test
    void classMismatchLabelsOnlyTheFirstClassesAndDrawsTheUnlabeledShareFromTheOthers() {
        for (double share : new double[] {0, 1}) {
            Experiment e = Experiment.prepare(MOONS.mismatch(share, 1));
            LabelSplit split = e.split();
            Dataset train = e.train();
            assertTrue(Arrays.stream(split.labeled()).allMatch(i -> train.label(i) == 0), "labels on class 0 only");
            long foreign = Arrays.stream(split.unlabeled()).filter(i -> train.label(i) == 1).count();
            assertEquals(share * split.unlabeled().length, foreign, 1e-9, "share of unlabeled rows from the unlabeled class");
            assertTrue(Arrays.stream(e.test().labels()).allMatch(y -> y == 0), "the test set keeps the labeled classes");
        }
        assertThrows(IllegalArgumentException.class, () -> Experiment.prepare(MOONS.mismatch(0.5, 2)));
    }

    @Test
    void runsEveryMethodValueAndSeedAndSummarisesErrors() {
        Protocol p = new Protocol("test", List.of("supervised", "pi-model"), List.of(0L, 1L, 2L),
                List.of(Protocol.Sweep.labels(MOONS, 6, 12)));
        List<Protocol.Result> results = p.run(null);
        assertEquals(2 * 2 * 3, results.size());
        Map<String, Map<Double, org.semisup4j.eval.SeedSummary>> table = Protocol.summary(results, "labels");
        assertEquals(List.of("supervised", "pi-model"), List.copyOf(table.keySet()));
        assertEquals(3, table.get("pi-model").get(12.0).n());
        double mean = results.stream().filter(r -> r.method().equals("supervised") && r.value() == 6)
                .mapToDouble(Protocol.Result::error).average().orElseThrow();
        assertEquals(mean, table.get("supervised").get(6.0).mean(), 1e-12);
        assertTrue(AccuracyBench.verdict(table).startsWith("pi-model "));
        assertThrows(IllegalArgumentException.class, () -> new Protocol("x", List.of("pi-model"), List.of(0L, 1L, 2L), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Protocol("x", List.of("supervised"), List.of(0L), List.of()));
    }

    @Test
    void oneSeedsRunsAreThatSeedsShareOfTheProtocol() {
        Protocol p = new Protocol("test", List.of("supervised", "pi-model"), List.of(0L, 1L), List.of(Protocol.Sweep.labels(MOONS, 6)));
        List<Protocol.Result> all = p.run(null), one = p.runSeed(1, null);
        assertEquals(2, one.size());
        assertTrue(one.stream().allMatch(r -> r.seed() == 1));
        for (Protocol.Result r : one)
            assertEquals(all.stream().filter(a -> a.seed() == 1 && a.method().equals(r.method())).findFirst().orElseThrow().accuracy(),
                    r.accuracy(), 1e-12, "the same run as in the whole protocol");
        assertThrows(IllegalArgumentException.class, () -> p.runSeed(7, null));
    }

    @Test
    void anMlpOnImagesGetsTheImageAugmentationsOnlyWhenAsked() {
        RunConfig digits = RunConfig.of("digits").imageShape("1x8x8").model("mlp").labels(20).steps(2).evalEvery(0);
        String vector = Experiment.prepare(digits).trainer(null).run().configuration().get("augment.weak").toString();
        String image = Experiment.prepare(digits.augment("image")).trainer(null).run().configuration().get("augment.weak").toString();
        assertTrue(vector.contains("gaussianNoise"), vector);
        assertTrue(image.contains("flattened [1,8,8]"), image);
        assertThrows(IllegalArgumentException.class, () -> Experiment.prepare(digits.augment("images")));
    }

    @Test
    void theAccuracyCsvIsReadBackAndABadLineNamesTheFileAndLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path csv = java.nio.file.Files.writeString(dir.resolve("runs.csv"),
                "variable,value,method,seed,accuracy,seconds\nlabels,6,vat,1,0.875000,2.50\n\n");
        List<Protocol.Result> read = AccuracyBench.readCsv(csv);
        assertEquals(1, read.size());
        assertEquals("vat", read.get(0).method());
        assertEquals(0.875, read.get(0).accuracy(), 1e-12);
        java.nio.file.Files.writeString(csv, "variable,value,method,seed,accuracy,seconds\nlabels,6,vat,one,0.8,2.5\n");
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> AccuracyBench.readCsv(csv));
        assertTrue(e.getMessage().contains("runs.csv line 2"), e.getMessage());
    }
}
