package org.semisup4j.augment;

import java.util.Arrays;

/**
 * The shape of one example: an image {@code [C,H,W]} or a vector {@code [D]}. Examples are stored as
 * flat {@code float[]} in C order (channel planes one after the other for images).
 */
public final class ExampleShape {
    private final int channels;
    private final int height;
    private final int width;
    private final boolean image;

    private ExampleShape(int channels, int height, int width, boolean image) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.image = image;
    }

    public static ExampleShape image(int channels, int height, int width) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image shape must be positive, got [" + channels + "," + height + "," + width + "]");
        }
        return new ExampleShape(channels, height, width, true);
    }

    public static ExampleShape vector(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("vector length must be positive, got " + length);
        }
        return new ExampleShape(1, 1, length, false);
    }

    /** From a batch shape: {@code [N,C,H,W]} means images, {@code [N,D]} means vectors. */
    public static ExampleShape ofBatch(long[] batchShape) {
        if (batchShape.length == 4) {
            return image(toInt(batchShape[1]), toInt(batchShape[2]), toInt(batchShape[3]));
        }
        if (batchShape.length == 2) {
            return vector(toInt(batchShape[1]));
        }
        throw new IllegalArgumentException("augmentation input must be images [N,C,H,W] or vectors [N,D], got shape "
                + Arrays.toString(batchShape));
    }

    /**
     * From either a batch shape ({@code [N,C,H,W]} or {@code [N,D]}) or an example shape
     * ({@code [C,H,W]} or {@code [D]}); the rank tells which.
     */
    public static ExampleShape of(long... shape) {
        switch (shape.length) {
            case 4:
            case 2:
                return ofBatch(shape);
            case 3:
                return image(toInt(shape[0]), toInt(shape[1]), toInt(shape[2]));
            case 1:
                return vector(toInt(shape[0]));
            default:
                throw new IllegalArgumentException("expected a batch shape [N,C,H,W] / [N,D] or an example shape "
                        + "[C,H,W] / [D], got " + Arrays.toString(shape));
        }
    }

    private static int toInt(long size) {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("dimension too large for an example: " + size);
        }
        return (int) size;
    }

    public boolean isImage() {
        return image;
    }

    /** Number of channels (1 for vectors). */
    public int channels() {
        return channels;
    }

    /** Image height (1 for vectors). */
    public int height() {
        return height;
    }

    /** Image width, or the vector length. */
    public int width() {
        return width;
    }

    /** Pixels per channel plane (H·W), or the vector length. */
    public int planeSize() {
        return height * width;
    }

    /** Number of floats in one example. */
    public int length() {
        return channels * height * width;
    }

    /** The full batch shape for {@code n} examples of this shape. */
    public long[] batchShape(long n) {
        return image ? new long[]{n, channels, height, width} : new long[]{n, width};
    }

    /** Throws a clear error when {@code who} works on images only. */
    public void requireImage(String who) {
        if (!image) {
            throw new IllegalArgumentException(who + " works on images [N,C,H,W] only, got vectors [N," + width
                    + "]; for vectors use Augmentations.weak()/strong(), GaussianNoise or FeatureDropout");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExampleShape s && s.channels == channels && s.height == height && s.width == width
                && s.image == image;
    }

    @Override
    public int hashCode() {
        return ((channels * 31 + height) * 31 + width) * 2 + (image ? 1 : 0);
    }

    @Override
    public String toString() {
        return image ? "[" + channels + "," + height + "," + width + "]" : "[" + width + "]";
    }
}
