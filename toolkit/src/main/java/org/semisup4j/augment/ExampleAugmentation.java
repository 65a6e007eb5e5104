package org.semisup4j.augment;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * An augmentation that transforms each example on its own, on a flat {@code float[]}.
 *
 * <p>The batch is copied out of ND4J once, each example gets its own generator seeded from
 * {@code rng} (one {@code nextLong()} per example, in order), and the result is copied back once.
 * Because an example's output depends only on its own seed, examples may run in parallel without
 * losing determinism; large batches do.
 */
public abstract class ExampleAugmentation implements Augmentation {

    /** Below this many examples the fork/join overhead is larger than the work. */
    private static final int PARALLEL_MIN_EXAMPLES = 32;

    /**
     * Augments one example. Must not modify {@code x}; may return {@code x} itself when nothing changes.
     *
     * @param x     the example's values, C order, length {@code shape.length()}
     * @param rng   this example's own generator
     * @param trace when not null, receives a short label for each operation actually applied
     *              (used by {@link AugmentationGallery}); null during training
     */
    public abstract float[] applyToExample(float[] x, ExampleShape shape, RandomGenerator rng, List<String> trace);

    /**
     * Throws a clear {@link IllegalArgumentException} when this augmentation has no meaning for
     * {@code shape}; called once per batch before any work. Default: every shape is fine.
     */
    public void checkShape(ExampleShape shape) {
    }

    @Override
    public final INDArray apply(INDArray batch, RandomGenerator rng) {
        ExampleShape shape = ExampleShape.ofBatch(batch.shape());
        checkShape(shape);
        float[] all = FloatBatch.read(batch, describe());
        int n = (int) batch.size(0);
        int len = shape.length();
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            seeds[i] = rng.nextLong();
        }
        float[] out = new float[all.length];
        IntStream examples = IntStream.range(0, n);
        if (n >= PARALLEL_MIN_EXAMPLES) {
            examples = examples.parallel();
        }
        examples.forEach(i -> {
            float[] x = Arrays.copyOfRange(all, i * len, (i + 1) * len);
            float[] y = applyToExample(x, shape, new SplittableRandom(seeds[i]), null);
            System.arraycopy(y, 0, out, i * len, len);
        });
        return FloatBatch.create(out, batch.shape(), batch.dataType());
    }

    @Override
    public String toString() {
        return describe();
    }
}
