package org.semisup4j.method;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.data.Batch;
import org.semisup4j.loss.CrossEntropy;
import org.semisup4j.loss.Output;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.loss.SoftmaxMse;
import org.semisup4j.loss.Terms;
import org.semisup4j.teacher.TemporalEnsemble;
import org.semisup4j.train.Method;
import org.semisup4j.train.Pass;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.Step;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Temporal Ensembling (Laine &amp; Aila 2017): one stochastic pass per example; its consistency target is
 * the example's own ensemble of past predictions, Z_i ← α Z_i + (1 − α) z_i once per epoch, read as
 * Z_i / (1 − α^t) ({@link TemporalEnsemble}). L = CE(labeled) + w(t) · mean ‖softmax z − target‖² / C
 * over the labeled and unlabeled rows that already have a target.
 *
 * <p>"Epoch" is the batch sampler's ({@code step.epoch()}: with fixed-share batches, one pass over the
 * unlabeled pool). Parameters: {@code weight} (w_max, paper 30), {@code alpha} (0.6), {@code rampup}
 * (steps; 0, the default, means 30 % of the run).
 * Checkpoints carry the ensemble ({@code temporal-ensemble.bin}), so a resumed run keeps its targets.
 *
 * <p><b>Supervised term's denominator.</b> CE here is the mean over the batch's labeled rows. The reference
 * code divides the summed cross-entropy by the whole batch (labeled and unlabeled rows), i.e. its
 * supervised term is this one times the labeled share B_l/B. The same run in the paper's form is
 * obtained here with the consistency weight multiplied by B/B_l and the learning rate by B_l/B: a
 * weight copied from the paper unchanged weighs consistency less, relative to the labels, than it did there.
 */
public final class TemporalEnsembling implements Method {
    private final double maxWeight, alpha;
    private final int rampUpSteps;
    private TemporalEnsemble ensemble;

    private double inputNoise = 0.15;

    public TemporalEnsembling(double maxWeight, double alpha, int rampUpSteps) {
        if (!(maxWeight >= 0)) throw new IllegalArgumentException("temporal-ensembling weight must be >= 0, got " + maxWeight);
        this.maxWeight = maxWeight;
        this.alpha = alpha;
        this.rampUpSteps = rampUpSteps;
    }

    public static TemporalEnsembling from(RunConfig c) {
        return new TemporalEnsembling(c.paramOr("weight", 30), c.paramOr("alpha", 0.6), c.wholeParamOr("rampup", 0))
                .inputNoise(c.paramOr("input_noise", 0.15));
    }

    /** σ of the Gaussian input noise added to every view (0.15, as in the paper; 0 = augmentation only). */
    public TemporalEnsembling inputNoise(double sigma) {
        if (!(sigma >= 0)) throw new IllegalArgumentException("input_noise must be >= 0, got " + sigma);
        this.inputNoise = sigma;
        return this;
    }

    @Override
    public String name() {
        return "temporal-ensembling";
    }

    @Override
    public Terms loss(Step step) {
        Batch batch = step.batch();
        if (ensemble == null) ensemble = new TemporalEnsemble(batch.numClasses(), alpha);
        ensemble.advanceTo(step.epoch());
        int[] indices = ConsistencySupport.allIndices(batch);
        TemporalEnsemble.Targets targets = ensemble.targets(indices);
        Pass pass = step.forward(ConsistencySupport.noisyView(step, ConsistencySupport.allInputs(batch), inputNoise));
        Output logits = pass.logits(0);
        INDArray predictions = Probabilities.softmax(logits.value());
        ensemble.record(indices, predictions);
        double ramp = ConsistencySupport.ramp(step, rampUpSteps, ConsistencySupport.RAMP_SHARE);
        return Terms.of("supervised", CrossEntropy.of(ConsistencySupport.rows(logits, 0, batch.labeledSize()), batch.labeledY()))
                .and("consistency", maxWeight * ramp, SoftmaxMse.toTarget(logits, targets.probabilities(), targets.weights()))
                .diagnostic("ramp", ramp)
                .diagnostic("ensemble_coverage", targets.coverage());
    }

    private static final String STATE_FILE = "temporal-ensemble.bin";

    @Override
    public void saveState(Path checkpoint) throws IOException {
        if (ensemble != null) ensemble.save(checkpoint.resolve(STATE_FILE));
    }

    @Override
    public void loadState(Path checkpoint) throws IOException {
        Path file = checkpoint.resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            ensemble = null; // saved before the first step
            return;
        }
        ensemble = TemporalEnsemble.load(file, alpha);
    }

    /** The ensemble (null before the first step): notebooks plot its targets as they evolve. */
    public TemporalEnsemble ensemble() {
        return ensemble;
    }

    @Override
    public Map<String, Object> hyperparameters() {
        return Map.of("input_noise", inputNoise, "weight", maxWeight, "alpha", alpha, "rampup", rampUpSteps);
    }
}
