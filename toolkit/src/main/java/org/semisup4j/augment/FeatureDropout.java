package org.semisup4j.augment;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Random feature masking: each value is set to 0 independently with probability {@code p}.
 *
 * <p>This is the strong augmentation's masking for vectors. Zero is the mean of a standardised
 * feature, so a masked feature reads as "unknown, assume average" rather than as an extreme value;
 * for non-standardised data, standardise first. The survivors are not rescaled (this is corruption of
 * the input, not dropout regularisation of activations). On images it drops single pixels to black.
 */
public final class FeatureDropout extends ExampleAugmentation {
    private final double probability;

    public FeatureDropout(double probability) {
        if (!(probability >= 0 && probability < 1)) {
            throw new IllegalArgumentException("FeatureDropout probability must be in [0,1), got " + probability);
        }
        this.probability = probability;
    }

    public double probability() {
        return probability;
    }

    @Override
    public float[] applyToExample(float[] x, ExampleShape shape, RandomGenerator rng, List<String> trace) {
        float[] out = new float[x.length];
        int dropped = 0;
        for (int i = 0; i < x.length; i++) {
            boolean drop = rng.nextDouble() < probability;
            out[i] = drop ? 0f : x[i];
            dropped += drop ? 1 : 0;
        }
        if (trace != null) {
            trace.add("masked " + dropped + "/" + x.length);
        }
        return out;
    }

    @Override
    public String describe() {
        return "featureDropout(p=" + probability + ")";
    }
}
