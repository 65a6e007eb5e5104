package org.semisup4j.method;

/**
 * Marks a method that works on images only (a self-supervised pretext task such as rotation prediction):
 * {@code Experiment.prepare} refuses it on vector data with one clear error instead of failing in a step.
 */
public interface NeedsImages {
}
