package org.semisup4j.augment;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * RandAugment (Cubuk et al. 2020): for each image, {@code n} operations drawn uniformly with
 * replacement from the op set, each at magnitude {@code m} on a 0..10 scale, optionally followed by
 * {@link Cutout}. Images only; {@link Augmentations#strong()} picks a noise-and-masking form for vectors.
 *
 * <p>Options for the semi-supervised variants:
 * <ul>
 *   <li>{@code randomMagnitude}: each op draws its magnitude uniformly from 1..m (FixMatch's "RA with
 *       random magnitude");</li>
 *   <li>{@code applyProbability}: each chosen op is applied only with this probability (UDA's variant,
 *       0.5);</li>
 *   <li>{@code cutoutFraction}: a Cutout square of this fraction of the side after the ops (FixMatch:
 *       0.5), 0 for none;</li>
 *   <li>{@code fill}: the value geometric ops bring in from outside the image (0.5 grey by default,
 *       like the reference PyTorch FixMatch code).</li>
 * </ul>
 * {@link #fixMatch()} is n = 2, m = 10, random magnitude, p = 0.5, Cutout ½ — the strong augmentation
 * of the widely used FixMatch PyTorch code. {@link #original(int, int)} is the paper's plain form.
 */
public final class RandAugment extends ExampleAugmentation {
    /** Magnitudes run 0..MAX_MAGNITUDE; level = magnitude / MAX_MAGNITUDE. */
    public static final int MAX_MAGNITUDE = 10;

    private final int numOps;
    private final int magnitude;
    private final boolean randomMagnitude;
    private final double applyProbability;
    private final double cutoutFraction;
    private final float fill;
    private final RandAugmentOp[] ops;
    private final Cutout cutout;

    private RandAugment(Builder b) {
        this.numOps = b.numOps;
        this.magnitude = b.magnitude;
        this.randomMagnitude = b.randomMagnitude;
        this.applyProbability = b.applyProbability;
        this.cutoutFraction = b.cutoutFraction;
        this.fill = b.fill;
        this.ops = b.ops.toArray(new RandAugmentOp[0]);
        this.cutout = b.cutoutFraction > 0 ? new Cutout(b.cutoutFraction, Cutout.GREY) : null;
    }

    /** FixMatch's strong augmentation: 2 ops, random magnitude 1..10, each with p = 0.5, then Cutout ½. */
    public static RandAugment fixMatch() {
        return builder().build();
    }

    /** The paper's plain form: {@code n} ops always applied at fixed magnitude {@code m}, no Cutout. */
    public static RandAugment original(int n, int m) {
        return builder().ops(n).magnitude(m).randomMagnitude(false).applyProbability(1).cutoutFraction(0).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void checkShape(ExampleShape shape) {
        shape.requireImage("RandAugment");
    }

    @Override
    public float[] applyToExample(float[] x, ExampleShape shape, RandomGenerator rng, List<String> trace) {
        float[] y = x;
        for (int k = 0; k < numOps; k++) {
            // Draw op, magnitude and coin every time, so the draws per op do not depend on the outcome.
            RandAugmentOp op = ops[rng.nextInt(ops.length)];
            int m = randomMagnitude && magnitude > 0 ? 1 + rng.nextInt(magnitude) : magnitude;
            boolean applied = rng.nextDouble() < applyProbability;
            if (applied) {
                y = op.apply(y, shape, m / (double) MAX_MAGNITUDE, rng, fill, trace);
            }
        }
        if (cutout != null) {
            y = cutout.applyToExample(y, shape, rng, trace);
        }
        return y;
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("randAugment(n=").append(numOps)
                .append(randomMagnitude ? ", m~U{1.." + magnitude + "}" : ", m=" + magnitude);
        if (applyProbability < 1) {
            sb.append(", p=").append(applyProbability);
        }
        if (ops.length != RandAugmentOp.values().length) {
            sb.append(", ops=").append(ops.length);
        }
        sb.append(')');
        if (cutout != null) {
            sb.append(String.format(Locale.ROOT, " → cutout(%.2f·side)", cutoutFraction));
        }
        return sb.toString();
    }

    /** Settings with the FixMatch defaults; every setter validates at once. */
    public static final class Builder {
        private int numOps = 2;
        private int magnitude = MAX_MAGNITUDE;
        private boolean randomMagnitude = true;
        private double applyProbability = 0.5;
        private double cutoutFraction = Cutout.STANDARD_FRACTION;
        private float fill = Cutout.GREY;
        private Set<RandAugmentOp> ops = EnumSet.allOf(RandAugmentOp.class);

        private Builder() {
        }

        /** Number of ops drawn per image (N). */
        public Builder ops(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("RandAugment number of ops must be ≥ 0, got " + n);
            }
            numOps = n;
            return this;
        }

        /** Magnitude M in 0..10 (with random magnitude: the upper end of 1..M). */
        public Builder magnitude(int m) {
            if (m < 0 || m > MAX_MAGNITUDE) {
                throw new IllegalArgumentException("RandAugment magnitude must be in 0.." + MAX_MAGNITUDE + ", got " + m);
            }
            magnitude = m;
            return this;
        }

        public Builder randomMagnitude(boolean random) {
            randomMagnitude = random;
            return this;
        }

        /** Probability that each drawn op is applied (UDA: 0.5; the paper: 1). */
        public Builder applyProbability(double p) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("RandAugment apply probability must be in [0,1], got " + p);
            }
            applyProbability = p;
            return this;
        }

        /** Side of the Cutout square as a fraction of the image side; 0 turns Cutout off. */
        public Builder cutoutFraction(double fraction) {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("RandAugment cutout fraction must be in [0,1], got " + fraction);
            }
            cutoutFraction = fraction;
            return this;
        }

        /** Value for pixels that geometric ops bring in from outside the image (default 0.5 grey). */
        public Builder fill(float value) {
            fill = value;
            return this;
        }

        /** Restricts the op set (e.g. without colour ops for grey images). */
        public Builder opSet(Set<RandAugmentOp> allowed) {
            if (allowed.isEmpty()) {
                throw new IllegalArgumentException("RandAugment op set must not be empty");
            }
            ops = EnumSet.copyOf(allowed);
            return this;
        }

        public RandAugment build() {
            return new RandAugment(this);
        }
    }

    /** The op set in use (for display). */
    public List<RandAugmentOp> opSet() {
        return new ArrayList<>(List.of(ops));
    }
}
