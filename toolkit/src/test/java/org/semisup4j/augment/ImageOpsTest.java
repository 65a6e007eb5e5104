package org.semisup4j.augment;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each pixel operation checked for its defining property on small hand-built images. */
class ImageOpsTest {

    static float[] randomImage(ExampleShape s, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[s.length()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble();
        }
        return x;
    }

    @Test
    void flipTwiceIsIdentityAndFlipMirrorsColumns() {
        ExampleShape s = ExampleShape.image(3, 4, 5);
        float[] x = randomImage(s, 1);
        float[] once = ImageOps.flipHorizontal(x, s);
        assertEquals(x[2 * 20 + 1 * 5 + 0], once[2 * 20 + 1 * 5 + 4]);
        assertNotEquals(x[0], once[0]);
        assertArrayEquals(x, ImageOps.flipHorizontal(once, s));
    }

    @Test
    void translateReflectWithZeroShiftIsIdentityAndReflectsWithoutEdgeRepeat() {
        ExampleShape s = ExampleShape.image(1, 3, 4);
        float[] x = {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23};
        assertArrayEquals(x, ImageOps.translateReflect(x, s, 0, 0));
        // Content moves right by 1: column 0 is filled by reflection of column 1.
        float[] right = ImageOps.translateReflect(x, s, 1, 0);
        assertArrayEquals(new float[]{1, 0, 1, 2, 11, 10, 11, 12, 21, 20, 21, 22}, right);
        // Content moves up by 1: the last row reflects row 1.
        float[] up = ImageOps.translateReflect(x, s, 0, -1);
        assertArrayEquals(new float[]{10, 11, 12, 13, 20, 21, 22, 23, 10, 11, 12, 13}, up);
    }

    @Test
    void solarizeInvertsExactlyThePixelsAtOrAboveTheThreshold() {
        float[] x = {0.1f, 0.4f, 0.5f, 0.6f, 0.9f};
        assertArrayEquals(new float[]{0.1f, 0.4f, 0.5f, 0.4f, 0.1f}, ImageOps.solarize(x, 0.5f), 1e-6f);
        ExampleShape s = ExampleShape.image(1, 1, 5);
        // Magnitude 0 inverts nothing, even pure white; full magnitude inverts everything.
        float[] withWhite = {0f, 0.3f, 0.7f, 0.99f, 1f};
        assertArrayEquals(withWhite, RandAugmentOp.SOLARIZE.applyTo(withWhite, s, 0, new SplittableRandom(1), 0.5f));
        float[] all = RandAugmentOp.SOLARIZE.applyTo(withWhite, s, 1, new SplittableRandom(1), 0.5f);
        for (int i = 0; i < withWhite.length; i++) {
            assertEquals(1 - withWhite[i], all[i], 1e-6);
        }
    }

    @Test
    void posterizeQuantisesToTheTopBits() {
        ExampleShape s = ExampleShape.image(1, 16, 16);
        float[] x = randomImage(s, 2);
        float[] y = ImageOps.posterize(x, 2);
        java.util.Set<Float> levels = new java.util.HashSet<>();
        for (int i = 0; i < y.length; i++) {
            int level = Math.round(y[i] * 255);
            assertEquals(0, level % 64, "2 bits keep multiples of 64");
            assertTrue(y[i] <= x[i] + 0.5f / 255, "posterize rounds down");
            levels.add(y[i]);
        }
        assertEquals(4, levels.size());
        assertEquals(192 / 255f, ImageOps.posterize(new float[]{200 / 255f}, 2)[0], 1e-6);
        assertThrows(IllegalArgumentException.class, () -> ImageOps.posterize(x, 0));
    }

    @Test
    void generalRotateBy90MatchesTheExactRotation() {
        ExampleShape s = ExampleShape.image(2, 9, 9);
        float[] x = randomImage(s, 3);
        float[] exact = ImageOps.rotate90(x, s, 1);
        float[] general = ImageOps.rotate(x, s, 90, 0.5f);
        for (int c = 0; c < 2; c++) {
            for (int row = 0; row < 9; row++) {
                for (int col = 0; col < 9; col++) {
                    int i = c * 81 + row * 9 + col;
                    boolean border = row == 0 || col == 0 || row == 8 || col == 8;
                    assertEquals(exact[i], general[i], border ? 0.05 : 1e-4, "pixel " + c + "," + row + "," + col);
                }
            }
        }
        assertArrayEquals(x, ImageOps.rotate(x, s, 0, 0.5f), 1e-6f);
    }

    @Test
    void rotate90IsCounterClockwise() {
        ExampleShape s = ExampleShape.image(1, 2, 2);
        // [[a b] [c d]] turned counter-clockwise is [[b d] [a c]].
        assertArrayEquals(new float[]{2, 4, 1, 3}, ImageOps.rotate90(new float[]{1, 2, 3, 4}, s, 1));
        assertArrayEquals(new float[]{4, 3, 2, 1}, ImageOps.rotate90(new float[]{1, 2, 3, 4}, s, 2));
        assertArrayEquals(new float[]{3, 1, 4, 2}, ImageOps.rotate90(new float[]{1, 2, 3, 4}, s, 3));
    }

    @Test
    void equalizeFlattensASkewedHistogram() {
        ExampleShape s = ExampleShape.image(1, 32, 32);
        float[] x = new float[s.length()];
        for (int i = 0; i < x.length; i++) {
            double u = (i + 0.5) / x.length;
            x[i] = (float) (u * u * u); // most pixels dark
        }
        int[] before = quarterHistogram(x);
        assertTrue(before[0] > 0.6 * x.length, "the test image is skewed");
        int[] after = quarterHistogram(ImageOps.equalize(x, s));
        for (int count : after) {
            assertEquals(0.25, count / (double) x.length, 0.06, "flat-ish histogram, got " + java.util.Arrays.toString(after));
        }
        float[] flat = new float[s.length()];
        java.util.Arrays.fill(flat, 0.3f);
        assertArrayEquals(flat, ImageOps.equalize(flat, s), "a one-level image stays as it is");
    }

    private static int[] quarterHistogram(float[] x) {
        int[] h = new int[4];
        for (float v : x) {
            h[Math.min(3, (int) (v * 4))]++;
        }
        return h;
    }

    @Test
    void autoContrastStretchesEachChannelToTheFullRange() {
        ExampleShape s = ExampleShape.image(2, 1, 3);
        float[] x = {0.2f, 0.4f, 0.6f, 0.5f, 0.5f, 0.5f};
        float[] y = ImageOps.autoContrast(x, s);
        assertArrayEquals(new float[]{0f, 0.5f, 1f, 0.5f, 0.5f, 0.5f}, y, 1e-6f);
    }

    @Test
    void enhancementsWithFactorOneAreIdentityAndFactorZeroIsTheirDegenerateImage() {
        ExampleShape s = ExampleShape.image(3, 5, 5);
        float[] x = randomImage(s, 4);
        assertArrayEquals(x, ImageOps.brightness(x, 1f), 1e-6f);
        assertArrayEquals(x, ImageOps.contrast(x, s, 1f), 1e-6f);
        assertArrayEquals(x, ImageOps.color(x, s, 1f), 1e-6f);
        assertArrayEquals(x, ImageOps.sharpness(x, s, 1f), 1e-6f);

        for (float v : ImageOps.brightness(x, 0f)) {
            assertEquals(0f, v);
        }
        float[] flat = ImageOps.contrast(x, s, 0f);
        for (float v : flat) {
            assertEquals(flat[0], v, 1e-6);
        }
        float[] grey = ImageOps.color(x, s, 0f);
        for (int i = 0; i < 25; i++) {
            assertEquals(grey[i], grey[25 + i], 1e-6);
            assertEquals(grey[i], grey[50 + i], 1e-6);
            assertEquals(0.299 * x[i] + 0.587 * x[25 + i] + 0.114 * x[50 + i], grey[i], 1e-5);
        }
        ExampleShape greyShape = ExampleShape.image(1, 5, 5);
        float[] g = randomImage(greyShape, 5);
        assertArrayEquals(g, ImageOps.color(g, greyShape, 0f), "grey images have no colour to remove");
    }

    @Test
    void sharpnessZeroSmoothsWithPilKernelAndKeepsTheBorder() {
        ExampleShape s = ExampleShape.image(1, 3, 3);
        float[] dot = {0, 0, 0, 0, 1, 0, 0, 0, 0};
        float[] smooth = ImageOps.sharpness(dot, s, 0f);
        assertEquals(5f / 13, smooth[4], 1e-6);
        assertEquals(0f, smooth[0]);
    }

    @Test
    void shearAndTranslateMoveContentAsStated() {
        ExampleShape s = ExampleShape.image(1, 5, 5);
        float[] x = randomImage(s, 6);
        float[] sheared = ImageOps.shearX(x, s, 1.0, 0.5f);
        // Row y reads input column x + (y − 2): the centre row is unchanged, row 0 is shifted right by 2.
        for (int col = 0; col < 5; col++) {
            assertEquals(x[2 * 5 + col], sheared[2 * 5 + col], 1e-6);
        }
        assertEquals(x[0], sheared[2], 1e-6);
        assertEquals(0.5f, sheared[0], 1e-6);
        float[] shearedY = ImageOps.shearY(x, s, 1.0, 0.5f);
        assertEquals(x[0], shearedY[2 * 5], 1e-6);

        float[] moved = ImageOps.translate(x, s, 2, 0, 0.5f);
        for (int row = 0; row < 5; row++) {
            assertEquals(0.5f, moved[row * 5], 1e-6);
            assertEquals(0.5f, moved[row * 5 + 1], 1e-6);
            assertEquals(x[row * 5], moved[row * 5 + 2], 1e-6);
        }
    }

    @Test
    void cutoutSetsTheClippedSquare() {
        ExampleShape s = ExampleShape.image(1, 6, 6);
        float[] x = new float[36];
        float[] corner = ImageOps.cutout(x, s, 0, 0, 4, 0.5f);
        int count = 0;
        for (int row = 0; row < 6; row++) {
            for (int col = 0; col < 6; col++) {
                boolean inside = row < 2 && col < 2;
                assertEquals(inside ? 0.5f : 0f, corner[row * 6 + col]);
                count += inside ? 1 : 0;
            }
        }
        assertEquals(4, count);
    }

    @Test
    void everyOpKeepsRangeAndLeavesItsInputAloneAndLevelZeroIsIdentity() {
        ExampleShape s = ExampleShape.image(3, 8, 8);
        float[] x = randomImage(s, 7);
        float[] copy = x.clone();
        for (RandAugmentOp op : RandAugmentOp.values()) {
            for (double level : new double[]{0.3, 1.0}) {
                float[] y = op.applyTo(x, s, level, new SplittableRandom(8), 0.5f);
                assertEquals(x.length, y.length);
                for (float v : y) {
                    assertTrue(v >= 0f && v <= 1f, op + " left [0,1]: " + v);
                }
            }
            assertArrayEquals(copy, x, op + " modified its input");
            if (op != RandAugmentOp.AUTO_CONTRAST && op != RandAugmentOp.EQUALIZE) {
                // Posterize keeps 8 bits at level 0, i.e. rounds to the 8-bit grid.
                float tolerance = op == RandAugmentOp.POSTERIZE ? 0.5f / 255 + 1e-6f : 1e-5f;
                assertArrayEquals(x, op.applyTo(x, s, 0, new SplittableRandom(9), 0.5f), tolerance, op + " at level 0");
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> RandAugmentOp.ROTATE.applyTo(new float[4], ExampleShape.vector(4), 0.5, new SplittableRandom(1), 0f));
    }
}
