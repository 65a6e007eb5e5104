package org.semisup4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.BitSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {
    private final Dataset data = SplitsAndNoiseTest.tenClasses();
    private final LabelSplit split = LabelSplit.balanced(data, 20, 0);

    @Test
    void fixedShareGivesBLabeledAndMuBUnlabeledWithMatchingRows() {
        BatchSampler sampler = BatchComposition.fixedShare(8, 3).sampler(data, split, 42);
        Batch b = sampler.next();
        assertEquals(8, b.labeledSize());
        assertEquals(24, b.unlabeledSize());
        assertArrayEquals(new long[] {8, 1}, b.labeledX().shape());
        for (int i = 0; i < 8; i++) {
            int index = b.labeledIndices()[i];
            assertEquals(index, b.labeledX().getFloat(i, 0), "row i holds dataset row labeledIndices[i]");
            assertEquals(data.label(index), b.labeledY()[i]);
            assertEquals(1f, b.labeledYOneHot().getFloat(i, b.labeledY()[i]));
        }
        for (int i = 0; i < 24; i++) {
            assertEquals(b.unlabeledIndices()[i], b.unlabeledX().getFloat(i, 0));
            assertEquals(data.label(b.unlabeledIndices()[i]), b.unlabeledTrueLabelsForDiagnostics()[i]);
        }
        BitSet labeled = new BitSet();
        IntStream.of(split.labeled()).forEach(labeled::set);
        assertTrue(IntStream.of(b.labeledIndices()).allMatch(labeled::get));
        assertTrue(IntStream.of(b.unlabeledIndices()).noneMatch(labeled::get));
    }

    @Test
    void everyEpochOfAPoolVisitsEachExampleOnceEvenAcrossBatchBoundaries() {
        BatchSampler sampler = BatchSampler.fixedShare(data, split, 8, 3, 1);
        // 20 labels / 8 per step: steps 0..4 cover 40 draws = exactly two labeled epochs
        int[] draws = IntStream.range(0, 5).flatMap(k -> IntStream.of(sampler.batch(k).labeledIndices())).toArray();
        int[] first = Arrays.copyOfRange(draws, 0, 20);
        int[] second = Arrays.copyOfRange(draws, 20, 40);
        assertNotEquals(Arrays.toString(first), Arrays.toString(second), "each labeled epoch is reshuffled");
        Arrays.sort(first);
        Arrays.sort(second);
        assertArrayEquals(split.labeled(), first);
        assertArrayEquals(split.labeled(), second);
        // the unlabeled pool (480) is the epoch: 24 per step -> 20 steps per epoch
        assertEquals(20, sampler.stepsPerEpoch());
        assertEquals(0, sampler.epochOf(19));
        assertEquals(1, sampler.epochOf(20));
        int[] pool = IntStream.range(0, 20).flatMap(k -> IntStream.of(sampler.batch(k).unlabeledIndices())).sorted().toArray();
        assertArrayEquals(split.unlabeled(), pool);
        assertTrue(sampler.describe().contains("epoch = one pass over the 480-example unlabeled pool = 20 steps"), sampler.describe());
    }

    @Test
    void resumingAtAStepGivesTheSameBatchesAsAnUninterruptedRun() {
        BatchSampler uninterrupted = BatchSampler.fixedShare(data, split, 8, 3, 7);
        Batch[] expected = new Batch[30];
        for (int k = 0; k < 30; k++) {
            expected[k] = uninterrupted.next();
        }
        BatchSampler resumed = BatchComposition.parse("fixed-share:B=8,mu=3").sampler(data, split, 7);
        resumed.seek(17);
        for (int k = 17; k < 30; k++) {
            Batch b = resumed.next();
            assertArrayEquals(expected[k].labeledIndices(), b.labeledIndices(), "step " + k);
            assertArrayEquals(expected[k].unlabeledIndices(), b.unlabeledIndices(), "step " + k);
            assertEquals(expected[k].unlabeledX(), b.unlabeledX());
        }
        assertNotEquals(Arrays.toString(expected[3].labeledIndices()),
                Arrays.toString(BatchSampler.fixedShare(data, split, 8, 3, 8).batch(3).labeledIndices()), "seed matters");
    }

    @Test
    void uniformSamplesFromTheUnionAndMarksLabeledExamples() {
        LabelSplit fixMatchPool = split.withLabeledInUnlabeled();
        BatchSampler sampler = BatchComposition.uniform(50).sampler(data, fixMatchPool, 3);
        assertEquals(10, sampler.stepsPerEpoch(), "union of 500 distinct examples");
        int labeledSeen = 0;
        BitSet all = new BitSet();
        for (int k = 0; k < 10; k++) {
            Batch b = sampler.batch(k);
            assertEquals(50, b.labeledSize() + b.unlabeledSize());
            labeledSeen += b.labeledSize();
            IntStream.of(b.labeledIndices()).forEach(all::set);
            IntStream.of(b.unlabeledIndices()).forEach(all::set);
            assertEquals(b.labeledSize(), b.labeledX().size(0));
        }
        assertEquals(20, labeledSeen, "each labeled example once per epoch, marked labeled");
        assertEquals(500, all.cardinality());
        assertEquals("uniform:batch=50", BatchComposition.parse("uniform:batch=50").toString());
    }

    @Test
    void supervisedBaselineAndBadSpecs() {
        BatchSampler supervised = BatchComposition.fixedShare(5, 0).sampler(data, split, 0);
        Batch b = supervised.batch(0);
        assertEquals(0, b.unlabeledSize());
        assertArrayEquals(new long[] {0, 1}, b.unlabeledX().shape());
        assertEquals(4, supervised.stepsPerEpoch(), "mu = 0: epoch = pass over the 20 labels");
        assertThrows(IllegalArgumentException.class, () -> BatchComposition.parse("fixed-share:B=8"));
        assertThrows(IllegalArgumentException.class, () -> BatchComposition.parse("mixed:B=8"));
        assertThrows(IllegalArgumentException.class, () -> BatchComposition.fixedShare(8, 3).sampler(Datasets.twoMoons(500, 0.1, 0), split, 0));
    }
}
