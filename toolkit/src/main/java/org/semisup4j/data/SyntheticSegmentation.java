package org.semisup4j.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A small 2-D segmentation set generated on the fly, for UA-MT-style experiments without medical
 * volumes: each grey image holds 1–3 random ellipses ("organs") on a background of slowly varying
 * intensity, with strong pixel noise, so that a pixel's class can only be read from its neighbourhood.
 * Labels are per pixel: 0 = background, 1 = inside an ellipse.
 *
 * <p>Images are FLOAT [N, 1, H, W]; pixel labels are given image by image in row-major order
 * (n, y, x) — the row order of a segmentation model that presents its logits as [N·H·W, C] rows.
 * The same (n, size, noise, seed) always gives the same set.
 */
public final class SyntheticSegmentation {
    private final INDArray images;
    private final int[] pixelLabels;
    private final int size;
    private final String description;

    private SyntheticSegmentation(INDArray images, int[] pixelLabels, int size, String description) {
        this.images = images;
        this.pixelLabels = pixelLabels;
        this.size = size;
        this.description = description;
    }

    /**
     * @param n     number of images
     * @param size  height = width in pixels (at least 8)
     * @param noise standard deviation of the pixel noise; the ellipses are 1.0 brighter than the background
     * @param seed  generator seed
     */
    public static SyntheticSegmentation generate(int n, int size, double noise, long seed) {
        if (n < 1) throw new IllegalArgumentException("segmentation set size n must be positive, got " + n);
        if (size < 8) throw new IllegalArgumentException("segmentation image size must be at least 8 pixels, got " + size);
        if (!(noise >= 0)) throw new IllegalArgumentException("segmentation noise must be >= 0, got " + noise);
        SplittableRandom random = new SplittableRandom(seed);
        float[] pixels = new float[n * size * size];
        int[] labels = new int[n * size * size];
        for (int i = 0; i < n; i++) drawImage(pixels, labels, i * size * size, size, noise, random);
        INDArray images = Nd4j.createFromArray(pixels).reshape(n, 1, size, size);
        return new SyntheticSegmentation(images, labels, size,
                "synthetic-segmentation n=" + n + " size=" + size + " noise=" + noise + " seed=" + seed);
    }

    private static void drawImage(float[] pixels, int[] labels, int offset, int size, double noise, SplittableRandom r) {
        // Background: a random linear ramp (illumination) of up to ±0.5 across the image.
        double gx = r.nextDouble(-0.5, 0.5) / size, gy = r.nextDouble(-0.5, 0.5) / size;
        int shapes = 1 + r.nextInt(3);
        double[][] ellipses = new double[shapes][];
        for (int s = 0; s < shapes; s++) {
            double rx = r.nextDouble(0.08, 0.22) * size, ry = r.nextDouble(0.08, 0.22) * size;
            double margin = Math.max(rx, ry);
            double cx = r.nextDouble(margin, size - margin), cy = r.nextDouble(margin, size - margin);
            double angle = r.nextDouble(0, Math.PI);
            ellipses[s] = new double[] {cx, cy, rx, ry, Math.cos(angle), Math.sin(angle)};
        }
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean inside = false;
                for (double[] e : ellipses) {
                    double dx = x + 0.5 - e[0], dy = y + 0.5 - e[1];
                    double u = (dx * e[4] + dy * e[5]) / e[2], v = (-dx * e[5] + dy * e[4]) / e[3];
                    if (u * u + v * v <= 1) inside = true;
                }
                int k = offset + y * size + x;
                labels[k] = inside ? 1 : 0;
                double value = (x - size / 2.0) * gx + (y - size / 2.0) * gy + (inside ? 1.0 : 0.0) + noise * r.nextGaussian();
                pixels[k] = (float) value;
            }
        }
    }

    /** [N, 1, H, W] FLOAT images (a view: do not modify). */
    public INDArray images() {
        return images;
    }

    /** Per-pixel labels of every image, (n, y, x) row-major. */
    public int[] pixelLabels() {
        return pixelLabels.clone();
    }

    /** Per-pixel labels of the given images, in the given order. */
    public int[] pixelLabels(int... imageIndices) {
        int p = size * size;
        int[] out = new int[imageIndices.length * p];
        for (int k = 0; k < imageIndices.length; k++) {
            checkIndex(imageIndices[k]);
            System.arraycopy(pixelLabels, imageIndices[k] * p, out, k * p, p);
        }
        return out;
    }

    /** Images at the given indices, [k, 1, H, W] (a copy). */
    public INDArray images(int... imageIndices) {
        for (int i : imageIndices) checkIndex(i);
        return Nd4j.pullRows(images.reshape(size(), (long) size * size), 1, imageIndices).reshape(imageIndices.length, 1, size, size)
                .castTo(DataType.FLOAT);
    }

    /** The label mask of one image as [H][W] (for plots). */
    public int[][] mask(int image) {
        checkIndex(image);
        int[][] m = new int[size][size];
        for (int y = 0; y < size; y++) m[y] = Arrays.copyOfRange(pixelLabels, image * size * size + y * size, image * size * size + (y + 1) * size);
        return m;
    }

    public int size() {
        return (int) images.size(0);
    }

    /** Height = width in pixels. */
    public int imageSize() {
        return size;
    }

    public int numClasses() {
        return 2;
    }

    /** Share of foreground pixels. */
    public double foregroundShare() {
        return Arrays.stream(pixelLabels).average().orElse(0);
    }

    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return describe();
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size()) throw new IndexOutOfBoundsException("image " + i + " of " + size());
    }
}
