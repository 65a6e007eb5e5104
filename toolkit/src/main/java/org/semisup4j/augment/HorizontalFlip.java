package org.semisup4j.augment;

import java.util.List;
import java.util.random.RandomGenerator;

/** Mirrors each image left ↔ right with probability {@code p}. Images only. */
public final class HorizontalFlip extends ExampleAugmentation {
    private final double probability;

    public HorizontalFlip(double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("HorizontalFlip probability must be in [0,1], got " + probability);
        }
        this.probability = probability;
    }

    /** The usual weak-augmentation flip, p = 0.5. */
    public HorizontalFlip() {
        this(0.5);
    }

    @Override
    public void checkShape(ExampleShape shape) {
        shape.requireImage("HorizontalFlip");
    }

    @Override
    public float[] applyToExample(float[] x, ExampleShape shape, RandomGenerator rng, List<String> trace) {
        // Always draw, so the number of draws per example does not depend on p.
        if (rng.nextDouble() >= probability) {
            return x;
        }
        if (trace != null) {
            trace.add("flip");
        }
        return ImageOps.flipHorizontal(x, shape);
    }

    @Override
    public String describe() {
        return "flip(p=" + probability + ")";
    }
}
