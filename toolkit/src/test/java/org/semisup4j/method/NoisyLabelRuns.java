package org.semisup4j.method;

import org.semisup4j.augment.Augmentations;
import org.semisup4j.data.BatchSampler;
import org.semisup4j.data.Dataset;
import org.semisup4j.data.Datasets;
import org.semisup4j.data.LabelNoise;
import org.semisup4j.data.LabelSplit;
import org.semisup4j.model.Models;
import org.semisup4j.model.Optimizer;
import org.semisup4j.train.Trainer;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Training on two moons with symmetric label noise in the labeled set. Built by hand (not through
 * {@code Experiment}) so a test can pick the method's own settings.
 */
final class NoisyLabelRuns {
    private NoisyLabelRuns() {}

    /** Test accuracy of {@code method} trained for {@code steps} on {@code labels} noisy labels. */
    static double accuracy(Method method, int labels, double noise, int steps, long seed) {
        try {
            Dataset clean = Datasets.byName("two-moons", true), test = Datasets.byName("two-moons", false);
            LabelSplit cleanSplit = LabelSplit.balanced(clean, labels, seed);
            Dataset noisy = LabelNoise.symmetric(noise, seed).apply(clean, cleanSplit.labeled()).dataset();
            LabelSplit split = cleanSplit.relabeled(noisy, noise + " symmetric noise on the labeled set");
            var model = Models.mlp(Models.options().seed(seed).optimizer(Optimizer.adam(3e-3, 0)), 2, 100, 100, 2);
            return Trainer.builder().model(model).method(method)
                    .batches(BatchSampler.fixedShare(noisy, split, 64, 0, seed))
                    .augment(Augmentations.weak(2), Augmentations.strong(2))
                    .learningRate(3e-3).steps(steps).seed(seed).test(test, 0)
                    .build().run().accuracy();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
