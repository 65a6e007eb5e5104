package org.semisup4j.method;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A method that learns something from a held-out labeled validation split (AMAL's instance weights):
 * {@link org.semisup4j.experiment.Experiment} takes {@link #validationSize()} examples out of the unlabeled pool,
 * balanced over classes, and hands them over before training.
 */
public interface UsesValidation {
    /** How many validation examples the method wants (0: none). */
    int validationSize();

    /** The validation examples and their labels; called once, before the trainer starts. */
    void validation(INDArray x, int[] labels);
}
