package org.semisup4j.augment;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Random translation by reflect-padding and cropping back: each image moves by an integer shift drawn
 * uniformly from [−s, s] in each direction, where s = round(fraction · side) (the standard 12.5 % gives
 * 4 px at 32 and 4 px at 28). The uncovered border is filled by reflection. Images only.
 */
public final class PadAndCrop extends ExampleAugmentation {
    /** The usual weak-augmentation translation: up to 12.5 % of the side. */
    public static final double STANDARD_FRACTION = 0.125;

    private final double fraction;

    public PadAndCrop(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("PadAndCrop fraction must be in [0,1), got " + fraction);
        }
        this.fraction = fraction;
    }

    public PadAndCrop() {
        this(STANDARD_FRACTION);
    }

    /** The largest shift in pixels along a side of {@code side} pixels (at most side − 1, as reflection needs). */
    public int maxShift(int side) {
        return Math.min((int) Math.round(fraction * side), side - 1);
    }

    @Override
    public void checkShape(ExampleShape shape) {
        shape.requireImage("PadAndCrop");
    }

    @Override
    public float[] applyToExample(float[] x, ExampleShape shape, RandomGenerator rng, List<String> trace) {
        int sx = maxShift(shape.width());
        int sy = maxShift(shape.height());
        int dx = sx == 0 ? 0 : rng.nextInt(-sx, sx + 1);
        int dy = sy == 0 ? 0 : rng.nextInt(-sy, sy + 1);
        if (trace != null) {
            trace.add("shift " + dx + "," + dy);
        }
        return dx == 0 && dy == 0 ? x : ImageOps.translateReflect(x, shape, dx, dy);
    }

    @Override
    public String describe() {
        return "padCrop(" + Math.round(fraction * 1000) / 10.0 + "%, reflect)";
    }
}
