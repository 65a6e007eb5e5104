package org.semisup4j.augment;

import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The standard RandAugment operations (Cubuk et al. 2020) on [0,1] images.
 *
 * <p>Every op maps a magnitude {@code level} in [0,1] (the RandAugment magnitude divided by its maximum,
 * 10) to its parameter so that distortion grows with the level and level 0 changes nothing:
 * <ul>
 *   <li>Rotate: ±30°·level; ShearX/Y: ±0.3·level; TranslateX/Y: ±0.3·level·side (pixels, rounded) —
 *       signs at random, uncovered pixels get the fill value;</li>
 *   <li>Color, Contrast, Brightness, Sharpness: enhancement factor 1 ± 0.9·level (sign at random);</li>
 *   <li>Solarize: pixels at or above (256 − 256·level)/255 are inverted; Posterize: 8 − round(4·level) bits;</li>
 *   <li>Identity, AutoContrast, Equalize: no magnitude.</li>
 * </ul>
 * Ranges follow the FixMatch/RandAugment reference code; the "1 ± 0.9·level" enhancement convention is
 * the one where magnitude means distortion (level 0 = identity).
 */
public enum RandAugmentOp {
    IDENTITY("Identity") {
        @Override
        float[] apply(float[] x, ExampleShape s, double level, RandomGenerator rng, float fill, List<String> trace) {
            note(trace, name);
            return x;
        }
    },
    AUTO_CONTRAST("AutoContrast") {
        @Override
        float[] apply(float[] x, ExampleShape s, double level, RandomGenerator rng, float fill, List<String> trace) {
            note(trace, name);
            return ImageOps.autoContrast(x, s);
        }
    },
    EQUALIZE("Equalize") {
        @Override
        float[] apply(float[] x, ExampleShape s, double level, RandomGenerator rng, float fill, List<String> trace) {
            note(trace, name);
            return ImageOps.equalize(x, s);
        }
    },
    ROTATE("Rotate") {
        @Override
        float[] apply(float[] x, ExampleShape s, double level, RandomGenerator rng, float fill, List<String> trace) {
            double degrees = signed(rng, 30 * level);
            note(trace, String.format(Locale.ROOT, "Rotate %+.0f°", degrees));
            return ImageOps.rotate(x, s, degrees, fill);
        }
    },
    SOLARIZE("Solarize") {
        @Override
        float[] apply(float[] x, ExampleShape s, double level, RandomGenerator rng, float fill, List<String> trace) {
            float threshold = (float) ((256 - 256 * level) / 255);
            note(trace, String.format(Locale.ROOT, "Solarize ≥%.2f", threshold));
            return ImageOps.solarize(x, threshold);
        }
    },
    COLOR("Color") {
        @Override
        float[] apply(float[] x, ExampleShape s, double level, RandomGenerator rng, float fill, List<String> trace) {
            float factor = enhanceFactor(rng, level);
            note(trace, String.format(Locale.ROOT, "Color ×%.2f", factor));
            return ImageOps.color(x, s, factor);
        }
    },
    POSTERIZE("Posterize") {
        @Override
        float[] apply(float[] x, ExampleShape s, double level, RandomGenerator rng, float fill, List<String> trace) {
            int bits = 8 - (int) Math.round(4 * level);
            note(trace, "Posterize " + bits + "b");
            return ImageOps.posterize(x, bits);
        }
    },
    CONTRAST("Contrast") {
        @Override
        float[] apply(float[] x, ExampleShape s, double level, RandomGenerator rng, float fill, List<String> trace) {
            float factor = enhanceFactor(rng, level);
            note(trace, String.format(Locale.ROOT, "Contrast ×%.2f", factor));
            return ImageOps.contrast(x, s, factor);
        }
    },
    BRIGHTNESS("Brightness") {
        @Override
        float[] apply(float[] x, ExampleShape s, double level, RandomGenerator rng, float fill, List<String> trace) {
            float factor = enhanceFactor(rng, level);
            note(trace, String.format(Locale.ROOT, "Bright ×%.2f", factor));
            return ImageOps.brightness(x, factor);
        }
    },
    SHARPNESS("Sharpness") {
        @Override
        float[] apply(float[] x, ExampleShape s, double level, RandomGenerator rng, float fill, List<String> trace) {
            float factor = enhanceFactor(rng, level);
            note(trace, String.format(Locale.ROOT, "Sharp ×%.2f", factor));
            return ImageOps.sharpness(x, s, factor);
        }
    },
    SHEAR_X("ShearX") {
        @Override
        float[] apply(float[] x, ExampleShape s, double level, RandomGenerator rng, float fill, List<String> trace) {
            double k = signed(rng, 0.3 * level);
            note(trace, String.format(Locale.ROOT, "ShearX %+.2f", k));
            return ImageOps.shearX(x, s, k, fill);
        }
    },
    SHEAR_Y("ShearY") {
        @Override
        float[] apply(float[] x, ExampleShape s, double level, RandomGenerator rng, float fill, List<String> trace) {
            double k = signed(rng, 0.3 * level);
            note(trace, String.format(Locale.ROOT, "ShearY %+.2f", k));
            return ImageOps.shearY(x, s, k, fill);
        }
    },
    TRANSLATE_X("TranslateX") {
        @Override
        float[] apply(float[] x, ExampleShape s, double level, RandomGenerator rng, float fill, List<String> trace) {
            long dx = Math.round(signed(rng, 0.3 * level * s.width()));
            note(trace, "TranslateX " + (dx >= 0 ? "+" : "") + dx + "px");
            return ImageOps.translate(x, s, dx, 0, fill);
        }
    },
    TRANSLATE_Y("TranslateY") {
        @Override
        float[] apply(float[] x, ExampleShape s, double level, RandomGenerator rng, float fill, List<String> trace) {
            long dy = Math.round(signed(rng, 0.3 * level * s.height()));
            note(trace, "TranslateY " + (dy >= 0 ? "+" : "") + dy + "px");
            return ImageOps.translate(x, s, 0, dy, fill);
        }
    };

    /** The op's name as in the RandAugment paper. */
    final String name;

    RandAugmentOp(String name) {
        this.name = name;
    }

    /**
     * Applies the op to one image (never modifying {@code x}).
     *
     * @param level magnitude in [0,1]
     * @param fill  value for pixels that geometric ops bring in from outside the image
     */
    abstract float[] apply(float[] x, ExampleShape s, double level, RandomGenerator rng, float fill, List<String> trace);

    /** Public entry point: the op at {@code level} ∈ [0,1] with a random sign where the op has one. */
    public float[] applyTo(float[] x, ExampleShape shape, double level, RandomGenerator rng, float fill) {
        shape.requireImage(name);
        if (!(level >= 0 && level <= 1)) {
            throw new IllegalArgumentException(name + ": level must be in [0,1], got " + level);
        }
        return apply(x, shape, level, rng, fill, null);
    }

    public String displayName() {
        return name;
    }

    private static double signed(RandomGenerator rng, double magnitude) {
        return rng.nextBoolean() ? magnitude : -magnitude;
    }

    private static float enhanceFactor(RandomGenerator rng, double level) {
        return (float) (1 + signed(rng, 0.9 * level));
    }

    private static void note(List<String> trace, String label) {
        if (trace != null) {
            trace.add(label);
        }
    }
}
