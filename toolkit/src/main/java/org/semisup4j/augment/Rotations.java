package org.semisup4j.augment;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.random.RandomGenerator;

/**
 * The four right-angle rotations used by rotation-prediction self-supervision (S4L, Zhai et al. 2019):
 * label k means a counter-clockwise rotation by k·90°. Exact (no interpolation); square images only —
 * rotation of vectors has no meaning and is refused with a clear error.
 */
public final class Rotations {
    /** Number of rotation classes (0°, 90°, 180°, 270°). */
    public static final int CLASSES = 4;

    private Rotations() {
    }

    /**
     * Rotated images and their rotation labels 0..3.
     *
     * @param images [M,C,H,W]
     * @param labels length M, label k = k·90° counter-clockwise
     */
    public record RotatedBatch(INDArray images, int[] labels) {
        /** Labels as one-hot rows [M,4] (FLOAT), ready for a 4-way rotation head. */
        public INDArray oneHotLabels() {
            float[] hot = new float[labels.length * CLASSES];
            for (int i = 0; i < labels.length; i++) {
                hot[i * CLASSES + labels[i]] = 1f;
            }
            return Nd4j.create(hot, new long[]{labels.length, CLASSES}, 'c');
        }
    }

    /** Every image rotated by {@code quarterTurns} × 90° counter-clockwise. */
    public static INDArray rotate(INDArray images, int quarterTurns) {
        ExampleShape shape = imageShape(images);
        float[] all = FloatBatch.read(images, "Rotations");
        int n = (int) images.size(0);
        float[] out = new float[all.length];
        for (int i = 0; i < n; i++) {
            rotateInto(all, i, shape, quarterTurns, out, i);
        }
        return FloatBatch.create(out, images.shape(), images.dataType());
    }

    /**
     * All four rotations of every image: [4N,C,H,W], the N images rotated by 0°, then the N rotated by
     * 90°, and so on; labels accordingly (0 × N, 1 × N, 2 × N, 3 × N).
     */
    public static RotatedBatch allFour(INDArray images) {
        ExampleShape shape = imageShape(images);
        float[] all = FloatBatch.read(images, "Rotations");
        int n = (int) images.size(0);
        float[] out = new float[all.length * CLASSES];
        int[] labels = new int[n * CLASSES];
        for (int k = 0; k < CLASSES; k++) {
            for (int i = 0; i < n; i++) {
                rotateInto(all, i, shape, k, out, k * n + i);
                labels[k * n + i] = k;
            }
        }
        return new RotatedBatch(FloatBatch.create(out, shape.batchShape((long) n * CLASSES), images.dataType()), labels);
    }

    /** Each image rotated by its own random rotation (uniform over the four); same N. */
    public static RotatedBatch random(INDArray images, RandomGenerator rng) {
        ExampleShape shape = imageShape(images);
        float[] all = FloatBatch.read(images, "Rotations");
        int n = (int) images.size(0);
        float[] out = new float[all.length];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(CLASSES);
            rotateInto(all, i, shape, labels[i], out, i);
        }
        return new RotatedBatch(FloatBatch.create(out, images.shape(), images.dataType()), labels);
    }

    private static void rotateInto(float[] all, int from, ExampleShape shape, int k, float[] out, int to) {
        int len = shape.length();
        float[] x = java.util.Arrays.copyOfRange(all, from * len, (from + 1) * len);
        System.arraycopy(ImageOps.rotate90(x, shape, k), 0, out, to * len, len);
    }

    private static ExampleShape imageShape(INDArray images) {
        ExampleShape shape = ExampleShape.ofBatch(images.shape());
        if (!shape.isImage()) {
            throw new IllegalArgumentException("Rotations (S4L rotation prediction) need images [N,C,H,W]; got vectors "
                    + java.util.Arrays.toString(images.shape()) + " — a rotation of a feature vector has no meaning");
        }
        if (shape.height() != shape.width()) {
            throw new IllegalArgumentException("Rotations need square images so all four rotations share one shape; got "
                    + java.util.Arrays.toString(images.shape()));
        }
        return shape;
    }
}
