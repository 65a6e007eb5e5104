package org.semisup4j.augment;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batch-level behaviour: shapes, ranges, determinism, purity, vector forms and errors. */
class AugmentationsTest {

    static INDArray images(long n, long c, long side, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[(int) (n * c * side * side)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextDouble();
        }
        return Nd4j.create(v, new long[]{n, c, side, side}, 'c');
    }

    static INDArray vectors(long n, long d, float value) {
        return Nd4j.valueArrayOf(new long[]{n, d}, value, DataType.FLOAT);
    }

    private static List<Augmentation> all() {
        List<Augmentation> list = new ArrayList<>();
        list.add(Augmentations.weak());
        list.add(Augmentations.strong());
        list.add(new GaussianNoise(0.1));
        list.add(new FeatureDropout(0.2));
        list.add(Augmentations.identity());
        return list;
    }

    @Test
    void imageAugmentationsKeepShapeTypeAndRangeAndDoNotTouchTheirInput() {
        for (INDArray x : List.of(images(16, 1, 28, 1), images(8, 3, 32, 2))) {
            INDArray before = x.dup();
            List<Augmentation> augs = all();
            augs.add(Augmentations.weak(x.shape()));
            augs.add(Augmentations.strong(x.shape()));
            augs.add(new Cutout());
            augs.add(RandAugment.original(3, 9));
            for (Augmentation aug : augs) {
                INDArray y = aug.apply(x, new Random(3));
                assertArrayEquals(x.shape(), y.shape(), aug.describe());
                assertEquals(DataType.FLOAT, y.dataType());
                assertTrue(y.minNumber().floatValue() >= 0f && y.maxNumber().floatValue() <= 1f,
                        aug.describe() + " left [0,1]");
                assertEquals(before, x, aug.describe() + " modified its input");
                assertFalse(y == x, "a new array");
            }
        }
    }

    @Test
    void onFlattenedGivesFlatVectorsExactlyWhatTheImagesGet() {
        INDArray im = images(6, 1, 12, 4);
        INDArray flat = im.reshape(6, 144).dup();
        for (ExampleAugmentation a : List.of(Augmentations.weakImage(), Augmentations.strongImage())) {
            INDArray expected = a.apply(im, new SplittableRandom(9));
            INDArray got = Augmentations.onFlattened(new long[]{1, 12, 12}, a).apply(flat, new SplittableRandom(9));
            assertArrayEquals(new long[]{6, 144}, got.shape(), "stays a batch of vectors");
            assertEquals(expected.reshape(6, 144), got, a.describe());
            assertNotEquals(flat, got, "the images were augmented, not passed through");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Augmentations.onFlattened(new long[]{1, 12, 12}, Augmentations.weakImage()).apply(vectors(2, 100, 0.5f), new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("144") && e.getMessage().contains("[100]"), e.getMessage());
    }

    @Test
    void strongVectorNoiseHasTheRequestedScale() {
        // 2-D rows: below the masking threshold, so the change is the noise alone.
        INDArray x = Nd4j.zeros(DataType.FLOAT, 4000, 2);
        for (double sigma : new double[]{0.15, 0.4}) {
            double std = Augmentations.strong(x.shape(), sigma).apply(x, new SplittableRandom(3)).stdNumber().doubleValue();
            assertEquals(sigma, std, 0.03 * sigma, "σ of the strong noise");
        }
        assertThrows(IllegalArgumentException.class, () -> Augmentations.strongVector(-0.1));
    }

    @Test
    void sameSeedGivesSameOutputAndDifferentSeedsDiffer() {
        INDArray img = images(12, 3, 32, 4);
        INDArray vec = Nd4j.rand(DataType.FLOAT, 12, 20);
        for (Augmentation aug : List.of(Augmentations.weak(), Augmentations.strong())) {
            for (INDArray x : List.of(img, vec)) {
                INDArray a = aug.apply(x, new SplittableRandom(7));
                INDArray b = aug.apply(x, new SplittableRandom(7));
                INDArray c = aug.apply(x, new SplittableRandom(8));
                assertEquals(a, b, aug.describe());
                assertNotEquals(a, c, aug.describe());
            }
        }
    }

    @Test
    void parallelLargeBatchesGiveTheSameResultAsExampleByExample() {
        INDArray x = images(64, 1, 28, 5);
        ExampleAugmentation strong = Augmentations.strong(x.shape());
        INDArray batch = strong.apply(x, new Random(11));
        // The documented seeding: one nextLong() per example, in order.
        Random seeds = new Random(11);
        ExampleShape shape = ExampleShape.ofBatch(x.shape());
        for (int i = 0; i < 64; i++) {
            float[] one = strong.applyToExample(x.slice(i).dup().data().asFloat(), shape,
                    new SplittableRandom(seeds.nextLong()), null);
            assertArrayEquals(one, batch.slice(i).dup().data().asFloat(), "example " + i);
        }
    }

    @Test
    void flipWithCertaintyTwiceIsIdentityAndPadCropWithoutShiftIsIdentity() {
        INDArray x = images(5, 3, 8, 6);
        HorizontalFlip flip = new HorizontalFlip(1.0);
        INDArray once = flip.apply(x, new Random(1));
        assertNotEquals(x, once);
        assertEquals(x, flip.apply(once, new Random(2)));
        assertEquals(x, new HorizontalFlip(0.0).apply(x, new Random(1)));
        assertEquals(x, new PadAndCrop(0.0).apply(x, new Random(1)));
        assertEquals(4, new PadAndCrop().maxShift(32));
        assertEquals(4, new PadAndCrop().maxShift(28));
    }

    @Test
    void padCropShiftsStayWithinTheStatedRange() {
        // A horizontal ramp: after any shift of at most s, column j holds a value from columns j−s..j+s.
        int side = 32;
        float[] ramp = new float[side * side];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (i % side) / (float) side;
        }
        ExampleShape s = ExampleShape.image(1, side, side);
        PadAndCrop crop = new PadAndCrop();
        java.util.Set<Integer> shifts = new java.util.HashSet<>();
        for (int seed = 0; seed < 200; seed++) {
            float[] y = crop.applyToExample(ramp, s, new SplittableRandom(seed), null);
            int shift = Math.round((ramp[16] - y[16]) * side); // centre column: no reflection involved
            assertTrue(Math.abs(shift) <= 4, "shift " + shift);
            shifts.add(shift);
        }
        assertEquals(9, shifts.size(), "every shift in −4..4 occurs");
    }

    @Test
    void cutoutGreysExactlyOneClippedSquareOfTheStatedSize() {
        ExampleShape s = ExampleShape.image(1, 10, 10);
        float[] x = new float[100];
        java.util.Arrays.fill(x, 0.2f);
        Cutout cutout = new Cutout(0.4, 0.5f);
        assertEquals(4, cutout.size(s));
        int full = 0;
        for (int seed = 0; seed < 300; seed++) {
            float[] y = cutout.applyToExample(x, s, new SplittableRandom(seed), null);
            int minR = 99, maxR = -1, minC = 99, maxC = -1, grey = 0;
            for (int i = 0; i < 100; i++) {
                if (y[i] == 0.5f) {
                    grey++;
                    minR = Math.min(minR, i / 10);
                    maxR = Math.max(maxR, i / 10);
                    minC = Math.min(minC, i % 10);
                    maxC = Math.max(maxC, i % 10);
                } else {
                    assertEquals(0.2f, y[i]);
                }
            }
            int h = maxR - minR + 1;
            int w = maxC - minC + 1;
            assertEquals(h * w, grey, "one filled rectangle");
            assertTrue(h <= 4 && w <= 4);
            assertTrue(h == 4 || minR == 0 || maxR == 9, "smaller only when clipped at a border");
            assertTrue(w == 4 || minC == 0 || maxC == 9, "smaller only when clipped at a border");
            full += h == 4 && w == 4 ? 1 : 0;
        }
        assertTrue(full > 50, "most squares are whole");
    }

    @Test
    void gaussianNoiseOnVectorsHasTheStatedSigma() {
        INDArray x = vectors(400, 25, 3f);
        for (double sigma : new double[]{0.05, 0.5}) {
            INDArray noise = new GaussianNoise(sigma).apply(x, new Random(5)).sub(x);
            assertEquals(0.0, noise.meanNumber().doubleValue(), 4 * sigma / 100);
            assertEquals(sigma, noise.stdNumber().doubleValue(), 0.03 * sigma);
        }
        INDArray clipped = new GaussianNoise(1.0).clipNoise(0.2).apply(x, new Random(6)).sub(x);
        assertTrue(Math.abs(clipped.maxNumber().doubleValue()) <= 0.2 + 1e-6);
        assertTrue(Math.abs(clipped.minNumber().doubleValue()) <= 0.2 + 1e-6);
    }

    @Test
    void vectorFormsOfWeakAndStrong() {
        INDArray x = vectors(400, 20, 1f);
        INDArray weak = Augmentations.weak(x.shape()).apply(x, new Random(1));
        assertArrayEquals(x.shape(), weak.shape());
        assertEquals(Augmentations.WEAK_VECTOR_SIGMA, weak.sub(x).stdNumber().doubleValue(), 0.05 * Augmentations.WEAK_VECTOR_SIGMA);

        INDArray strong = Augmentations.strong().apply(x, new Random(2));
        float[] v = strong.data().asFloat();
        int zeros = 0;
        for (float f : v) {
            zeros += f == 0f ? 1 : 0;
        }
        assertEquals(Augmentations.STRONG_VECTOR_MASKING, zeros / (double) v.length, 0.015);

        INDArray twoD = vectors(500, 2, 1f);
        INDArray strong2 = Augmentations.strong().apply(twoD, new Random(3));
        for (float f : strong2.data().asFloat()) {
            assertNotEquals(0f, f, "no masking of 2-D toy data");
        }
        assertEquals(Augmentations.STRONG_VECTOR_SIGMA, strong2.sub(twoD).stdNumber().doubleValue(), 0.1 * Augmentations.STRONG_VECTOR_SIGMA);
    }

    @Test
    void featureDropoutZeroesTheStatedFraction() {
        INDArray x = vectors(200, 50, 2f);
        INDArray y = new FeatureDropout(0.3).apply(x, new Random(1));
        double kept = y.sumNumber().doubleValue() / 2 / x.length();
        assertEquals(0.7, kept, 0.02);
    }

    @Test
    void viewsAndDoubleInputsAreReadCorrectly() {
        INDArray x = images(6, 1, 8, 7);
        INDArray view = x.get(NDArrayIndex.interval(2, 5));
        assertEquals(view.dup(), Augmentations.identity().apply(view, new Random(1)));
        INDArray asDouble = x.castTo(DataType.DOUBLE);
        INDArray y = new HorizontalFlip(1.0).apply(asDouble, new Random(1));
        assertEquals(DataType.DOUBLE, y.dataType());
        assertEquals(new HorizontalFlip(1.0).apply(x, new Random(1)), y.castTo(DataType.FLOAT));
    }

    @Test
    void aZeroRowBatchComesBackEmptyWithItsShape() {
        // A uniform batch can hold no labeled (or no unlabeled) row; augmenting it used to throw an NPE.
        for (INDArray empty : List.of(Nd4j.create(DataType.FLOAT, 0, 2), Nd4j.create(DataType.FLOAT, 0, 1, 6, 6))) {
            for (Augmentation a : List.of(Augmentations.weak(empty.shape()), Augmentations.strong(empty.shape(), 0.15))) {
                INDArray out = a.apply(empty, new Random(1));
                assertArrayEquals(empty.shape(), out.shape(), a.toString());
            }
        }
    }

    @Test
    void compositionAppliesStepsInOrder() {
        INDArray x = images(3, 1, 6, 8);
        ExampleAugmentation flipFlip = Augmentations.compose(new HorizontalFlip(1), new HorizontalFlip(1));
        assertEquals(x, flipFlip.apply(x, new Random(1)));
        Augmentation batchLevel = Augmentations.compose(new HorizontalFlip(1), (Augmentation) new NotPerExample());
        assertEquals(new HorizontalFlip(1).apply(x, new Random(1)).mul(0.5), batchLevel.apply(x, new Random(1)));
        assertTrue(batchLevel.describe().contains("halve"));
        assertEquals("identity", Augmentations.identity().describe());
    }

    /** A whole-batch augmentation, to exercise the batch-level chain. */
    private static final class NotPerExample implements Augmentation {
        @Override
        public INDArray apply(INDArray batch, java.util.random.RandomGenerator rng) {
            return batch.mul(0.5);
        }

        @Override
        public String describe() {
            return "halve";
        }
    }

    @Test
    void badInputsGiveClearErrors() {
        INDArray vec = vectors(4, 5, 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HorizontalFlip().apply(vec, new Random(1)));
        assertTrue(e.getMessage().contains("HorizontalFlip") && e.getMessage().contains("[N,C,H,W]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RandAugment.fixMatch().apply(vec, new Random(1)));
        assertThrows(IllegalArgumentException.class, () -> Augmentations.strongImage().apply(vec, new Random(1)));
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> Augmentations.weak().apply(Nd4j.zeros(DataType.FLOAT, 2, 3, 4), new Random(1)));
        assertTrue(rank.getMessage().contains("[2, 3, 4]"), rank.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Augmentations.weak().apply(Nd4j.zeros(DataType.INT32, 2, 3), new Random(1)));
        assertThrows(IllegalArgumentException.class, () -> RandAugment.builder().magnitude(11));
        assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(-1));
    }

    @Test
    void randAugmentOptionsChangeWhatIsApplied() {
        ExampleShape s = ExampleShape.image(3, 16, 16);
        float[] x = ImageOpsTest.randomImage(s, 9);
        RandAugment never = RandAugment.builder().applyProbability(0).cutoutFraction(0).build();
        assertArrayEquals(x, never.applyToExample(x, s, new SplittableRandom(1), null));
        RandAugment always = RandAugment.builder().ops(3).applyProbability(1).cutoutFraction(0).build();
        List<String> trace = new ArrayList<>();
        always.applyToExample(x, s, new SplittableRandom(2), trace);
        assertEquals(3, trace.size(), trace.toString());
        int applied = 0;
        RandAugment half = RandAugment.builder().ops(2).applyProbability(0.5).build();
        for (int seed = 0; seed < 400; seed++) {
            List<String> t = new ArrayList<>();
            half.applyToExample(x, s, new SplittableRandom(seed), t);
            assertTrue(t.get(t.size() - 1).startsWith("cutout"), "Cutout comes last");
            applied += t.size() - 1;
        }
        assertEquals(400, applied, 60, "about one of two ops applied on average");
        RandAugment onlyRotate = RandAugment.builder().opSet(java.util.EnumSet.of(RandAugmentOp.ROTATE))
                .magnitude(10).randomMagnitude(false).applyProbability(1).ops(1).cutoutFraction(0).build();
        List<String> r = new ArrayList<>();
        onlyRotate.applyToExample(x, s, new SplittableRandom(3), r);
        assertTrue(r.get(0).equals("Rotate +30°") || r.get(0).equals("Rotate -30°"), r.toString());
    }
}
