package org.semisup4j.method;

import org.semisup4j.data.Dataset;

/**
 * A method that labels the whole unlabeled pool before training (Noisy Student's teacher, whose pseudo-labels
 * are filtered and balanced over the pool): {@link org.semisup4j.experiment.Experiment} hands it the pool once,
 * before the trainer starts.
 */
public interface LabelsPool {
    /**
     * @param train the training set
     * @param rows  the indices of its unlabeled pool (the rows the sampler draws unlabeled batches from)
     */
    void pool(Dataset train, int[] rows);
}
