package org.semisup4j.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.augment.Augmentation;
import org.semisup4j.data.Batch;
import org.semisup4j.model.Model;

import java.util.random.RandomGenerator;

/**
 * Everything a method sees of one training step: the batch, the model, the run's augmentations and a
 * random generator derived from (seed, step) — so a resumed run makes the same choices.
 */
public final class Step {
    private final int index, total, epoch;
    private final Batch batch;
    private final Model model;
    private final Augmentation weak, strong;
    private final RandomGenerator random;
    private final double learningRate;
    private Pass pass;

    Step(int index, int total, int epoch, Batch batch, Model model, Augmentation weak, Augmentation strong,
         RandomGenerator random, double learningRate) {
        this.index = index;
        this.total = total;
        this.epoch = epoch;
        this.batch = batch;
        this.model = model;
        this.weak = weak;
        this.strong = strong;
        this.random = random;
        this.learningRate = learningRate;
    }

    /**
     * A step outside any trainer — to call a method's {@link Method#loss} on one batch in a notebook cell or a
     * test: step 0 of 1, the given augmentations (null: none), randomness from {@code random}.
     */
    public static Step of(Batch batch, Model model, Augmentation weak, Augmentation strong, RandomGenerator random) {
        return of(batch, model, weak, strong, random, Double.NaN);
    }

    /** As {@link #of(Batch, Model, Augmentation, Augmentation, RandomGenerator)}, with the step's learning rate. */
    public static Step of(Batch batch, Model model, Augmentation weak, Augmentation strong, RandomGenerator random,
                          double learningRate) {
        Augmentation none = new Augmentation() {
            public INDArray apply(INDArray x, RandomGenerator rng) { return x.dup(); }
            public String describe() { return "none"; }
        };
        return new Step(0, 1, 0, batch, model, weak == null ? none : weak, strong == null ? none : strong, random, learningRate);
    }

    /** Step number, from 0. */
    public int index() {
        return index;
    }

    public int total() {
        return total;
    }

    /** index / total, in [0, 1). */
    public double progress() {
        return (double) index / total;
    }

    /** Epoch as defined by the batch sampler. */
    public int epoch() {
        return epoch;
    }

    public Batch batch() {
        return batch;
    }

    /** The model, for passes that send no gradient: {@link Model#predict}, {@link Model#inputGradient}. */
    public Model model() {
        return model;
    }

    /** The run's weak augmentation (flip + translate for images, small noise for vectors). */
    public INDArray weak(INDArray x) {
        return weak.apply(x, random);
    }

    /** The run's strong augmentation (RandAugment + Cutout for images, stronger noise for vectors). */
    public INDArray strong(INDArray x) {
        return strong.apply(x, random);
    }

    /**
     * The learning rate the trainer applies after this step (its schedule at this step): methods that make a
     * second update of their own in {@link Method#afterUpdate} (Meta Pseudo Labels' teacher) use it.
     */
    public double learningRate() {
        if (Double.isNaN(learningRate))
            throw new IllegalStateException("this step has no learning rate: build it with Step.of(..., learningRate)");
        return learningRate;
    }

    public RandomGenerator random() {
        return random;
    }

    /**
     * The step's one differentiable pass over the given views (concatenated). Terms built from its
     * outputs send gradient to the model; call it once per step.
     */
    public Pass forward(INDArray... views) {
        if (pass != null)
            throw new IllegalStateException("forward was already called in this step: pass all views to one forward call");
        pass = new Pass(model, views);
        return pass;
    }

    Pass pass() {
        return pass;
    }
}
