package org.semisup4j.method;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.semisup4j.data.Batch;
import org.semisup4j.loss.Output;
import org.semisup4j.train.Schedule;
import org.semisup4j.train.Step;

/**
 * Small pieces the consistency methods share: the labeled-then-unlabeled row layout of a batch, row
 * ranges of an {@link Output}, and the ramp-up whose length defaults to a fraction of the run.
 */
final class ConsistencySupport {
    /** Share of the run a consistency weight ramps over when no {@code rampup} is given (≈ the Π-model's 80 of 300 epochs). */
    static final double RAMP_SHARE = 0.3;

    private ConsistencySupport() {}

    /** Labeled rows followed by unlabeled rows (the Π-model and Mean Teacher apply consistency to both). */
    static INDArray allInputs(Batch batch) {
        if (batch.labeledSize() == 0) return batch.unlabeledX();
        if (batch.unlabeledSize() == 0) return batch.labeledX();
        return Nd4j.concat(0, batch.labeledX(), batch.unlabeledX());
    }

    /** Dataset indices in the order of {@link #allInputs}. */
    static int[] allIndices(Batch batch) {
        int[] l = batch.labeledIndices(), u = batch.unlabeledIndices();
        int[] all = java.util.Arrays.copyOf(l, l.length + u.length);
        System.arraycopy(u, 0, all, l.length, u.length);
        return all;
    }

    /** Rows [from, to) of an output; gradient written to the part flows into the whole. */
    static Output rows(Output o, long from, long to) {
        var r = NDArrayIndex.interval(from, to);
        return new Output(o.value().get(r, NDArrayIndex.all()), o.gradient().get(r, NDArrayIndex.all()));
    }

    /**
     * The sigmoid ramp-up exp(−5(1 − t/L)²) at this step. L = {@code rampUpSteps} when positive,
     * otherwise {@code fraction} of the run's steps (the papers ramp over a fixed share of training:
     * 80 of 300 epochs for the Π-model, the whole run for UA-MT).
     */
    static double ramp(Step step, int rampUpSteps, double fraction) {
        return Schedule.rampUp(rampLength(step.total(), rampUpSteps, fraction)).at(step.index(), step.total());
    }

    /**
     * A stochastic view as the Π-model and Mean Teacher papers make it: the run's weak augmentation plus
     * Gaussian input noise N(0, σ²) (σ = 0.15 in both papers' ConvNets), drawn from the step's generator.
     */
    static INDArray noisyView(Step step, INDArray x, double sigma) {
        return withNoise(step, step.weak(x), sigma);
    }

    /** x + N(0, σ²) drawn from the step's generator; x itself when σ ≤ 0. */
    static INDArray withNoise(Step step, INDArray x, double sigma) {
        if (sigma <= 0) return x;
        return x.add(org.semisup4j.perturb.Perturbations.gaussian(x.shape(), step.random(), x.dataType()).muli(sigma));
    }

    static int rampLength(int totalSteps, int rampUpSteps, double fraction) {
        return rampUpSteps > 0 ? rampUpSteps : (int) Math.round(fraction * totalSteps);
    }
}
