package org.semisup4j.augment;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Cutout (DeVries &amp; Taylor 2017) as FixMatch uses it: one square of side round(fraction · min(H,W))
 * centred at a uniformly drawn pixel, clipped at the borders, filled with {@code fill} (0.5 grey by
 * default). Images only.
 */
public final class Cutout extends ExampleAugmentation {
    /** FixMatch's strong augmentation cuts a square of half the image side. */
    public static final double STANDARD_FRACTION = 0.5;
    public static final float GREY = 0.5f;

    private final double fraction;
    private final float fill;

    public Cutout(double fraction, float fill) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("Cutout fraction must be in (0,1], got " + fraction);
        }
        this.fraction = fraction;
        this.fill = fill;
    }

    public Cutout() {
        this(STANDARD_FRACTION, GREY);
    }

    /** The square's side in pixels for an image of this shape. */
    public int size(ExampleShape shape) {
        return Math.max(1, (int) Math.round(fraction * Math.min(shape.height(), shape.width())));
    }

    @Override
    public void checkShape(ExampleShape shape) {
        shape.requireImage("Cutout");
    }

    @Override
    public float[] applyToExample(float[] x, ExampleShape shape, RandomGenerator rng, List<String> trace) {
        int size = size(shape);
        int cx = rng.nextInt(shape.width());
        int cy = rng.nextInt(shape.height());
        if (trace != null) {
            trace.add("cutout " + size + "px");
        }
        return ImageOps.cutout(x, shape, cx, cy, size, fill);
    }

    @Override
    public String describe() {
        return "cutout(" + fraction + "·side, fill=" + fill + ")";
    }
}
