package org.semisup4j.augment;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The standard augmentations and ways to combine them.
 *
 * <ul>
 *   <li><b>weak</b> — images: horizontal flip (p = 0.5) then reflect pad-and-crop translation by up to
 *       12.5 % of the side; vectors: Gaussian noise σ = {@value #WEAK_VECTOR_SIGMA}.</li>
 *   <li><b>strong</b> — images: the weak flip and crop, then {@link RandAugment#fixMatch()} (2 ops,
 *       random magnitude, p = 0.5, Cutout ½); vectors: Gaussian noise σ = {@value #STRONG_VECTOR_SIGMA}
 *       then feature masking p = {@value #STRONG_VECTOR_MASKING} (see {@link FeatureDropout}). The masking
 *       is skipped below {@value #MASKING_MIN_FEATURES} features: zeroing one of two coordinates of 2-D toy
 *       data moves a point across most decision boundaries, which no label-preserving augmentation should.</li>
 * </ul>
 * Vector noise is in the data's own units and assumes standardised features (the synthetic sets are;
 * {@link org.semisup4j.experiment.Experiment} standardises CSV features, see
 * {@link org.semisup4j.data.Standardization}; images are in [0,1]). {@link #weak()} and
 * {@link #strong()} choose the form from each batch's rank; {@link #weak(long...)} and
 * {@link #strong(long...)} choose once from a shape.
 */
public final class Augmentations {
    public static final double WEAK_VECTOR_SIGMA = 0.05;
    public static final double STRONG_VECTOR_SIGMA = 0.15;
    public static final double STRONG_VECTOR_MASKING = 0.1;
    public static final int MASKING_MIN_FEATURES = 8;

    private Augmentations() {
    }

    /** Weak augmentation, image or vector form chosen from each batch's rank (4 or 2). */
    public static ExampleAugmentation weak() {
        return byRank(weakImage(), weakVector());
    }

    /** Strong augmentation, image or vector form chosen from each batch's rank (4 or 2). */
    public static ExampleAugmentation strong() {
        return byRank(strongImage(), strongVector());
    }

    /**
     * Weak augmentation for inputs of {@code shape}: a batch shape {@code [N,C,H,W]} / {@code [N,D]} or an
     * example shape {@code [C,H,W]} / {@code [D]}.
     */
    public static ExampleAugmentation weak(long... shape) {
        return ExampleShape.of(shape).isImage() ? weakImage() : weakVector();
    }

    /** Strong augmentation for inputs of {@code shape} (as in {@link #weak(long...)}). */
    public static ExampleAugmentation strong(long... shape) {
        return ExampleShape.of(shape).isImage() ? strongImage() : strongVector();
    }

    /** Strong augmentation for inputs of {@code shape}, with Gaussian noise σ = {@code vectorSigma} on vectors. */
    public static ExampleAugmentation strong(long[] shape, double vectorSigma) {
        return ExampleShape.of(shape).isImage() ? strongImage() : strongVector(vectorSigma);
    }

    public static ExampleAugmentation weakImage() {
        return compose(new HorizontalFlip(0.5), new PadAndCrop(PadAndCrop.STANDARD_FRACTION));
    }

    public static ExampleAugmentation weakVector() {
        return new GaussianNoise(WEAK_VECTOR_SIGMA);
    }

    public static ExampleAugmentation strongImage() {
        return compose(weakImage(), RandAugment.fixMatch());
    }

    public static ExampleAugmentation strongVector() {
        return strongVector(STRONG_VECTOR_SIGMA);
    }

    /** The strong vector form with noise σ = {@code sigma} (then masking, when there are enough features). */
    public static ExampleAugmentation strongVector(double sigma) {
        if (!(sigma >= 0)) throw new IllegalArgumentException("strong noise σ must be ≥ 0, got " + sigma);
        return new StrongVector(sigma, STRONG_VECTOR_MASKING);
    }

    /** Leaves every example as it is (still returns a new array). */
    public static ExampleAugmentation identity() {
        return new Chain(List.of());
    }

    /** The given augmentations applied in order, per example. */
    public static ExampleAugmentation compose(ExampleAugmentation... steps) {
        List<ExampleAugmentation> flat = new ArrayList<>();
        for (ExampleAugmentation step : steps) {
            if (step instanceof Chain chain) {
                flat.addAll(chain.steps);
            } else {
                flat.add(step);
            }
        }
        return new Chain(flat);
    }

    /**
     * The given augmentations applied in order. When all of them work per example the result does too
     * (one pass over the data, traceable in the gallery); otherwise each step runs on the whole batch.
     */
    public static Augmentation compose(Augmentation... steps) {
        List<ExampleAugmentation> perExample = new ArrayList<>();
        for (Augmentation step : steps) {
            if (!(step instanceof ExampleAugmentation e)) {
                return new BatchChain(List.of(steps));
            }
            perExample.add(e);
        }
        return compose(perExample.toArray(new ExampleAugmentation[0]));
    }

    /**
     * {@code image} applied to vectors that are flattened images of {@code imageShape} ({@code [C,H,W]}): how an
     * MLP reading images gets the images' augmentations (flips, crops, RandAugment) instead of noise on pixels.
     * The flat C-order values of an example are the same in both views, so nothing is copied.
     */
    public static ExampleAugmentation onFlattened(long[] imageShape, ExampleAugmentation image) {
        return new OnFlattened(ExampleShape.of(imageShape), image);
    }

    /** {@code image} for batches {@code [N,C,H,W]}, {@code vector} for batches {@code [N,D]}. */
    public static ExampleAugmentation byRank(ExampleAugmentation image, ExampleAugmentation vector) {
        return new ByRank(image, vector);
    }

    /** Per-example chain of steps. */
    private static final class Chain extends ExampleAugmentation {
        private final List<ExampleAugmentation> steps;

        Chain(List<ExampleAugmentation> steps) {
            this.steps = List.copyOf(steps);
        }

        @Override
        public void checkShape(ExampleShape shape) {
            steps.forEach(step -> step.checkShape(shape));
        }

        @Override
        public float[] applyToExample(float[] x, ExampleShape shape, RandomGenerator rng, List<String> trace) {
            float[] y = x;
            for (ExampleAugmentation step : steps) {
                y = step.applyToExample(y, shape, rng, trace);
            }
            return y;
        }

        @Override
        public String describe() {
            return steps.isEmpty() ? "identity"
                    : steps.stream().map(Augmentation::describe).collect(Collectors.joining(" → "));
        }
    }

    /** Chain of whole-batch steps, for augmentations that are not per example. */
    private static final class BatchChain implements Augmentation {
        private final List<Augmentation> steps;

        BatchChain(List<Augmentation> steps) {
            this.steps = List.copyOf(steps);
        }

        @Override
        public INDArray apply(INDArray batch, RandomGenerator rng) {
            INDArray y = batch;
            for (Augmentation step : steps) {
                y = step.apply(y, rng);
            }
            return y == batch ? batch.dup() : y;
        }

        @Override
        public String describe() {
            return steps.stream().map(Augmentation::describe).collect(Collectors.joining(" → "));
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    private static final class OnFlattened extends ExampleAugmentation {
        private final ExampleShape image;
        private final ExampleAugmentation inner;

        OnFlattened(ExampleShape image, ExampleAugmentation inner) {
            if (!image.isImage()) throw new IllegalArgumentException("onFlattened needs an image shape [C,H,W], got a vector shape");
            this.image = image;
            this.inner = inner;
        }

        @Override
        public void checkShape(ExampleShape shape) {
            if (shape.isImage() || shape.length() != image.length())
                throw new IllegalArgumentException("augmentation of flattened " + image + " images needs vectors of length "
                        + image.length() + ", got " + shape);
            inner.checkShape(image);
        }

        @Override
        public float[] applyToExample(float[] x, ExampleShape shape, RandomGenerator rng, List<String> trace) {
            return inner.applyToExample(x, image, rng, trace);
        }

        @Override
        public String describe() {
            return inner.describe() + " (on the flattened " + image + " images)";
        }
    }

    private static final class ByRank extends ExampleAugmentation {
        private final ExampleAugmentation image;
        private final ExampleAugmentation vector;

        ByRank(ExampleAugmentation image, ExampleAugmentation vector) {
            this.image = image;
            this.vector = vector;
        }

        private ExampleAugmentation pick(ExampleShape shape) {
            return shape.isImage() ? image : vector;
        }

        @Override
        public void checkShape(ExampleShape shape) {
            pick(shape).checkShape(shape);
        }

        @Override
        public float[] applyToExample(float[] x, ExampleShape shape, RandomGenerator rng, List<String> trace) {
            return pick(shape).applyToExample(x, shape, rng, trace);
        }

        @Override
        public String describe() {
            return "images: " + image.describe() + " | vectors: " + vector.describe();
        }
    }

    /** Strong vector form: stronger noise, then masking when there are enough features for it to be safe. */
    private static final class StrongVector extends ExampleAugmentation {
        private final GaussianNoise noise;
        private final FeatureDropout masking;

        StrongVector(double sigma, double maskProbability) {
            this.noise = new GaussianNoise(sigma);
            this.masking = new FeatureDropout(maskProbability);
        }

        @Override
        public float[] applyToExample(float[] x, ExampleShape shape, RandomGenerator rng, List<String> trace) {
            float[] y = noise.applyToExample(x, shape, rng, trace);
            return shape.length() >= MASKING_MIN_FEATURES ? masking.applyToExample(y, shape, rng, trace) : y;
        }

        @Override
        public String describe() {
            return noise.describe() + " → " + masking.describe() + " (when D ≥ " + MASKING_MIN_FEATURES + ")";
        }
    }
}
