package org.semisup4j.augment;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.random.RandomGenerator;

/**
 * A random, label-preserving transformation of a batch of inputs.
 *
 * <p>Inputs are floating-point arrays, either images {@code [N,C,H,W]} with values in [0,1] or
 * vectors {@code [N,D]} (tabular and 2-D synthetic data). Every implementation is <em>pure</em>: it
 * never modifies {@code batch} and returns a new array of the same shape and data type. Each example
 * gets its own randomness; all randomness comes from {@code rng}, so the same generator state gives
 * the same output.
 *
 * <p>The generator type is {@link RandomGenerator} (Java 17), so both {@code new java.util.Random(seed)}
 * and {@code new java.util.SplittableRandom(seed)} can be passed.
 */
public interface Augmentation {

    /** Returns an augmented copy of {@code batch}; {@code batch} itself is left untouched. */
    INDArray apply(INDArray batch, RandomGenerator rng);

    /** A short human-readable description with the settings, e.g. {@code "flip(p=0.5) → padCrop(12.5%)"}. */
    String describe();

    /** This augmentation followed by {@code next}. */
    default Augmentation andThen(Augmentation next) {
        return Augmentations.compose(this, next);
    }
}
