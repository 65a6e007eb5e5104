package org.semisup4j.experiment;

import org.semisup4j.train.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class TuningTest {
    @TempDir
    Path dir;

    /** Three overlapping Gaussian blobs in 2-D, as a CSV with a header; {@code scrambleLabels} shuffles the label column. */
    private Path blobs(String name, int n, long seed, boolean scrambleLabels) throws IOException {
        Random r = new Random(seed);
        List<String> labels = new ArrayList<>();
        List<double[]> xs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i % 3;
            xs.add(new double[]{Math.cos(2.1 * k) + 0.7 * r.nextGaussian(), Math.sin(2.1 * k) + 0.7 * r.nextGaussian()});
            labels.add("c" + k);
        }
        if (scrambleLabels) Collections.shuffle(labels, new Random(99));
        StringBuilder csv = new StringBuilder("x,y,label\n");
        for (int i = 0; i < n; i++) csv.append(String.format(Locale.ROOT, "%.5f,%.5f,%s%n", xs.get(i)[0], xs.get(i)[1], labels.get(i)));
        return Files.writeString(dir.resolve(name), csv);
    }

    private Tuning.Result tune(Path train, Path test) {
        RunConfig base = RunConfig.of("csv:" + train + ",test=" + test).method("mean-teacher").labels(9).steps(40).batchSize(8)
                .seed(0);
        return Tuning.of(base).grid("weight", 10.0, 1.0).grid("ema", 0.9).seeds(List.of(100L, 101L)).run(null);
    }

    @Test
    void theChoiceNeverDependsOnTestLabels() throws IOException {
        Path train = blobs("train.csv", 240, 1, false);
        Tuning.Result honest = tune(train, blobs("test.csv", 90, 2, false));
        Tuning.Result scrambled = tune(train, blobs("test-scrambled.csv", 90, 2, true));
        assertEquals(honest.params(), scrambled.params());
        assertEquals(honest.model(), scrambled.model());
        assertEquals(honest.rows().size(), scrambled.rows().size());
        for (int i = 0; i < honest.rows().size(); i++)
            assertEquals(honest.rows().get(i).accuracy().values(), scrambled.rows().get(i).accuracy().values(),
                    "row " + i + ": validation scores must be identical when only the test labels differ");
    }

    @Test
    void scoresEveryGridPointAndTeacherOnASmallValidationPart() throws IOException {
        Tuning.Result r = tune(blobs("train.csv", 240, 1, false), blobs("test.csv", 90, 2, false));
        // 2 × 1 grid points × (student, teacher), each over the 2 tuning seeds
        assertEquals(4, r.rows().size());
        assertEquals(List.of("student", "teacher", "student", "teacher"), r.rows().stream().map(Tuning.Row::model).toList());
        for (Tuning.Row row : r.rows()) {
            assertEquals(2, row.accuracy().n());
            for (double acc : row.accuracy().values())
                assertEquals(0, Math.abs(acc * 9 - Math.rint(acc * 9)), 1e-9, "accuracy over the 9 validation examples: " + acc);
        }
        double best = r.rows().stream().mapToDouble(row -> row.accuracy().mean()).max().orElseThrow();
        Tuning.Row first = r.rows().stream().filter(row -> row.accuracy().mean() == best).findFirst().orElseThrow();
        assertEquals(first.params(), r.params(), "highest mean validation accuracy, ties to the earlier grid point");
        assertEquals(first.model(), r.model());
        assertEquals(r.params().get("weight"), r.choice().methodParams().get("weight"));
        assertEquals(0, r.choice().seed(), "the choice keeps the reported seed");
        String text = r.toText();
        assertTrue(text.contains("9 validation examples; the test set is not used") && text.contains("✓"), text);
    }

    @Test
    void tuningSeedsMustBeKeptApartFromTheReportedSeed() {
        RunConfig base = RunConfig.of("two-moons").method("vat").labels(6).steps(10).seed(100);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tuning.of(base).grid("epsilon", 0.3).run(null));
        assertTrue(e.getMessage().contains("include the reported seed 100"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tuning.of(base).grid("epsilon"));
    }

    @Test
    void validationPartIsCarvedFromTheUnlabeledPoolOnly() {
        Experiment e = Experiment.prepare(RunConfig.of("two-moons").labels(6).validation(10).seed(3));
        Experiment without = Experiment.prepare(RunConfig.of("two-moons").labels(6).seed(3));
        assertEquals(10, e.validation().size());
        assertArrayEquals(without.split().labeled(), e.split().labeled(), "the labeled set does not change");
        assertEquals(without.split().unlabeled().length - 10, e.split().unlabeled().length);
        for (int v : e.split().validation()) assertTrue(java.util.Arrays.binarySearch(e.split().unlabeled(), v) < 0);
        assertEquals(0, without.validation().size());
    }
}
