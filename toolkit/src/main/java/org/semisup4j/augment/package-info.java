/**
 * Data augmentation for semi-supervised learning, on images {@code [N,C,H,W]} in [0,1] and on vectors
 * {@code [N,D]}.
 *
 * <ul>
 *   <li>{@link org.semisup4j.augment.Augmentation}: {@code apply(batch, rng)} returns a new augmented
 *       batch, never touching its input; {@link org.semisup4j.augment.ExampleAugmentation} is the
 *       per-example form every built-in one uses (flat {@code float[]} per example, seeded per example,
 *       parallel on large batches).</li>
 *   <li>{@link org.semisup4j.augment.Augmentations}: {@code weak()}, {@code strong()} (image or vector
 *       form chosen by rank), {@code compose(...)}, {@code identity()}.</li>
 *   <li>Pieces: {@link org.semisup4j.augment.HorizontalFlip}, {@link org.semisup4j.augment.PadAndCrop},
 *       {@link org.semisup4j.augment.RandAugment} with its {@link org.semisup4j.augment.RandAugmentOp}s,
 *       {@link org.semisup4j.augment.Cutout}, {@link org.semisup4j.augment.GaussianNoise},
 *       {@link org.semisup4j.augment.FeatureDropout}; pixel operations in {@link org.semisup4j.augment.ImageOps}.</li>
 *   <li>Not label-preserving augmentations but batch transforms used by methods:
 *       {@link org.semisup4j.augment.Rotations} (S4L rotation prediction) and
 *       {@link org.semisup4j.augment.MixUp} (MixMatch, interpolation consistency).</li>
 *   <li>{@link org.semisup4j.augment.AugmentationGallery}: a picture of what each augmentation does.</li>
 * </ul>
 */
package org.semisup4j.augment;
