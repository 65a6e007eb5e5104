package org.semisup4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class SplitsAndNoiseTest {
    @TempDir
    Path dir;

    /** 10 classes, 50 examples each, in a scrambled order; feature = row index, so rows are traceable. */
    static Dataset tenClasses() {
        int n = 500;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (i * 7) % 10;
        }
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return new Dataset("ten", Nd4j.create(x, new long[] {n, 1}, 'c'), labels, Dataset.numberedClasses(10));
    }

    @Test
    void datasetValidatesAndSubsetsInOrder() {
        Dataset d = tenClasses();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("bad", Nd4j.zeros(2, 1), new int[] {0, 3}, List.of("a", "b")));
        assertTrue(e.getMessage().contains("label of row 1 is 3, expected 0..1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Dataset("bad", Nd4j.zeros(3, 1), new int[] {0, 1}, List.of("a", "b")));
        assertTrue(e.getMessage().contains("3 rows but there are 2 labels"), e.getMessage());
        Dataset s = d.subset(new int[] {42, 7, 42});
        assertEquals(42f, s.features().getFloat(0, 0));
        assertEquals(7f, s.features().getFloat(1, 0));
        assertArrayEquals(new int[] {d.label(42), d.label(7), d.label(42)}, s.labels());
        int[] labels = d.labels();
        labels[0] = 9;
        assertEquals(0, d.label(0), "labels() returns a copy");
        Dataset both = d.concat(s);
        assertEquals(503, both.size());
        assertEquals(7f, both.features().getFloat(501, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> d.features(new int[] {500}));
        Dataset images = new Dataset("img", Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 3, 2, 2), new int[] {0, 1, 0, 1}, List.of("a", "b"));
        assertEquals(images.features().get(org.nd4j.linalg.indexing.NDArrayIndex.point(2)), images.features(new int[] {2}).get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)));
        assertArrayEquals(new long[] {3, 2, 2}, images.exampleShape());
    }

    @Test
    void balancedSplitIsExactDisjointAndSeeded() {
        Dataset d = tenClasses();
        LabelSplit s = LabelSplit.balanced(d, 40, 0);
        assertArrayEquals(new int[] {4, 4, 4, 4, 4, 4, 4, 4, 4, 4}, s.labeledClassCounts());
        assertEquals(460, s.unlabeled().length);
        BitSet seen = new BitSet();
        IntStream.concat(IntStream.of(s.labeled()), IntStream.of(s.unlabeled())).forEach(seen::set);
        assertEquals(500, seen.cardinality(), "labeled and unlabeled partition the dataset");
        assertEquals(s, LabelSplit.balanced(d, 40, 0));
        assertNotEquals(s, LabelSplit.balanced(d, 40, 1));
        LabelSplit odd = LabelSplit.balanced(d, 43, 2);
        assertEquals(43, Arrays.stream(odd.labeledClassCounts()).sum());
        assertTrue(Arrays.stream(odd.labeledClassCounts()).allMatch(c -> c == 4 || c == 5));
        assertTrue(s.toString().contains("labeled 40 [4, 4, 4, 4, 4, 4, 4, 4, 4, 4]"), s.toString());
        assertEquals(LabelSplit.perClass(d, 4, 0), s);
        assertThrows(IllegalArgumentException.class, () -> LabelSplit.perClass(d, 51, 0));
    }

    @Test
    void splitSurvivesJsonAndRefusesOtherData(@TempDir Path tmp) throws IOException {
        Dataset d = tenClasses();
        LabelSplit s = LabelSplit.balanced(d, 20, 3).withValidation(d, 30, 9);
        Path file = tmp.resolve("s.json");
        s.save(file);
        LabelSplit back = LabelSplit.load(file);
        assertEquals(s, back);
        assertEquals(s.toString(), back.toString());
        back.checkMatches(d);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> back.checkMatches(Datasets.twoMoons(500, 0.1, 0)));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        Files.writeString(file, Files.readString(file).replace("\n  \"labeled\": [", "\n  \"labeled\": [500,"));
        DatasetFormatException bad = assertThrows(DatasetFormatException.class, () -> LabelSplit.load(file));
        assertTrue(bad.getMessage().contains("labeled index 500 is outside 0..499"), bad.getMessage());
        Files.writeString(file, "{\"format\": \"something-else\"}");
        bad = assertThrows(DatasetFormatException.class, () -> LabelSplit.load(file));
        assertTrue(bad.getMessage().contains("expected semisup4j-label-split/1"), bad.getMessage());
    }

    @Test
    void validationFractionAndFixMatchPool() {
        Dataset d = tenClasses();
        LabelSplit s = LabelSplit.balanced(d, 20, 3);
        LabelSplit v = s.withValidation(d, 30, 9);
        assertArrayEquals(new int[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, v.validationClassCounts());
        assertEquals(480 - 30, v.unlabeled().length);
        assertArrayEquals(s.labeled(), v.labeled());
        LabelSplit f = v.withUnlabeledFraction(d, 0.25, 1);
        assertEquals(Math.round(0.25 * 450), f.unlabeled().length);
        LabelSplit all = s.withLabeledInUnlabeled();
        assertEquals(500, all.unlabeled().length);
        assertSame(all, all.withLabeledInUnlabeled());
    }

    @Test
    void classMismatchDrawsTheRequestedShareFromOtherClasses() {
        Dataset d = tenClasses();
        int[] animals = {2, 3, 4, 5, 6, 7};
        int[] others = {0, 1, 8, 9};
        for (double mismatch : new double[] {0, 0.25, 0.5, 1}) {
            LabelSplit s = LabelSplit.classMismatch(d, animals, 5, others, 4, mismatch, 20, 11);
            int[] lc = s.labeledClassCounts();
            int[] uc = s.unlabeledClassCounts();
            for (int k = 0; k < 10; k++) {
                final int cls = k;
                boolean animal = Arrays.stream(animals).anyMatch(a -> a == cls);
                assertEquals(animal ? 5 : 0, lc[k]);
                assertTrue(uc[k] == 0 || uc[k] == 20);
            }
            int outside = Arrays.stream(others).map(k -> uc[k]).sum();
            assertEquals(80, Arrays.stream(uc).sum());
            assertEquals(mismatch * 80, outside, 1e-9, "mismatch " + mismatch);
            assertTrue(s.description().contains("mismatch " + Math.round(mismatch * 100) + "%"), s.description());
        }
        assertThrows(IllegalArgumentException.class, () -> LabelSplit.classMismatch(d, animals, 5, others, 4, 0.5, 46, 1),
                "animal classes have only 45 examples left after 5 labels");
    }

    @Test
    void symmetricNoiseFlipsExactlyTheRateAndRecordsIt() {
        Dataset d = tenClasses();
        LabelNoise.NoisyLabels noisy = LabelNoise.symmetric(0.2, 5).apply(d);
        assertEquals(100, noisy.flippedIndices().length);
        int[] before = d.labels();
        int[] after = noisy.dataset().labels();
        int changed = 0;
        for (int i = 0; i < before.length; i++) {
            changed += before[i] != after[i] ? 1 : 0;
        }
        assertEquals(100, changed, "every flip changes the class");
        for (int j = 0; j < noisy.flippedIndices().length; j++) {
            int i = noisy.flippedIndices()[j];
            assertEquals(before[i], noisy.originalLabels()[j]);
            assertEquals(after[i], noisy.noisyLabels()[j]);
        }
        assertArrayEquals(noisy.flippedIndices(), LabelNoise.symmetric(0.2, 5).apply(d).flippedIndices());
        assertEquals(d.features(), noisy.dataset().features());
    }

    @Test
    void asymmetricNoiseFollowsTheMappingWithinTheGivenIndices() {
        Dataset d = tenClasses();
        int[] mapping = IntStream.range(0, 10).toArray();
        mapping[3] = 5;
        mapping[5] = 3;
        int[] labeled = LabelSplit.balanced(d, 100, 0).labeled();
        LabelNoise.NoisyLabels noisy = LabelNoise.asymmetric(0.4, mapping, 2).apply(d, labeled);
        assertEquals(8, noisy.flippedIndices().length, "40 % of the 10 labeled cats and 10 labeled dogs");
        BitSet inLabeled = new BitSet();
        IntStream.of(labeled).forEach(inLabeled::set);
        for (int j = 0; j < noisy.flippedIndices().length; j++) {
            assertTrue(inLabeled.get(noisy.flippedIndices()[j]));
            assertEquals(mapping[noisy.originalLabels()[j]], noisy.noisyLabels()[j]);
        }
        LabelNoise next = LabelNoise.asymmetricNextClass(1.0, 10, 0);
        LabelNoise.NoisyLabels all = next.apply(d);
        for (int i = 0; i < d.size(); i++) {
            assertEquals((d.label(i) + 1) % 10, all.dataset().label(i));
        }
        assertThrows(IllegalArgumentException.class, () -> LabelNoise.symmetric(1.5, 0));
    }
}
