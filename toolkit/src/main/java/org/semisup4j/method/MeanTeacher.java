package org.semisup4j.method;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.data.Batch;
import org.semisup4j.loss.CrossEntropy;
import org.semisup4j.loss.Kl;
import org.semisup4j.loss.Loss;
import org.semisup4j.loss.Output;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.loss.SoftmaxMse;
import org.semisup4j.loss.Terms;
import org.semisup4j.model.Model;
import org.semisup4j.teacher.EmaTeacher;
import org.semisup4j.train.Method;
import org.semisup4j.train.Pass;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.Step;

import java.util.Map;

/**
 * Mean Teacher (Tarvainen &amp; Valpola 2017): the consistency target is the prediction of a teacher whose
 * weights are an exponential moving average of the student's, on an independently augmented copy of each
 * example (labeled and unlabeled rows alike, as in the paper).
 * L = CE(student, labeled) + w(t) · d(softmax student, sg softmax teacher), with d = MSE of softmaxes / C
 * (default) or KL(teacher ‖ student).
 *
 * <p>EMA: θ' ← α θ' + (1 − α) θ with α_eff = min(1 − 1/(step + 1), α) ({@link EmaTeacher}); α = 0.99
 * during the ramp-up and 0.999 after it (the authors' TensorFlow code). The teacher runs with dropout on
 * and batch statistics ({@link Model.Mode#TRAIN}), as the reference code keeps it in training mode; its
 * pass goes through {@link Model#predict}, so its running statistics come only from the EMA.
 *
 * <p>The EMA decays are made for runs of 10⁵ steps; in a run of a few hundred steps the teacher then lags
 * far behind the student (two moons, 6 labels, 1 000 steps: 0.99 / 0.999 → 0.854 mean test accuracy, 0.9 →
 * 0.904, supervised 0.834): pass smaller {@code ema} and {@code ema_after_rampup} for short runs.
 *
 * <p>Parameters: {@code weight} (w_max, default 100: MSE / C scale, paper), {@code rampup} (steps;
 * 0, the default, means 30 % of the run), {@code ema} (0.99), {@code ema_after_rampup} (0.999),
 * {@code divergence} ("mse" or "kl"). The trainer evaluates the teacher as "teacher". The teacher is created from the
 * student when the trainer is built ({@link #start}), so checkpoints save it and a resumed run restores it.
 *
 * <p><b>Supervised term's denominator.</b> CE here is the mean over the batch's labeled rows. The reference
 * code divides the summed cross-entropy by the whole batch (labeled and unlabeled rows), i.e. its
 * supervised term is this one times the labeled share B_l/B. The same run in the paper's form is
 * obtained here with the consistency weight multiplied by B/B_l and the learning rate by B_l/B: a
 * weight copied from the paper unchanged weighs consistency less, relative to the labels, than it did there.
 */
public final class MeanTeacher implements Method {
    private final double maxWeight, emaDuringRampUp, emaAfterRampUp;
    private final int rampUpSteps;
    private final boolean kl;
    private EmaTeacher teacher;
    private int rampLength = -1;

    private double inputNoise = 0.15;

    public MeanTeacher(double maxWeight, int rampUpSteps, double emaDuringRampUp, double emaAfterRampUp, String divergence) {
        if (!(maxWeight >= 0)) throw new IllegalArgumentException("mean-teacher weight must be >= 0, got " + maxWeight);
        if (!"mse".equals(divergence) && !"kl".equals(divergence))
            throw new IllegalArgumentException("mean-teacher divergence must be 'mse' or 'kl', got '" + divergence + "'");
        for (double a : new double[] {emaDuringRampUp, emaAfterRampUp})
            if (!(a >= 0 && a < 1)) throw new IllegalArgumentException("mean-teacher EMA decay must be in [0, 1), got " + a);
        this.maxWeight = maxWeight;
        this.rampUpSteps = rampUpSteps;
        this.emaDuringRampUp = emaDuringRampUp;
        this.emaAfterRampUp = emaAfterRampUp;
        this.kl = "kl".equals(divergence);
    }

    public static MeanTeacher from(RunConfig c) {
        return new MeanTeacher(c.paramOr("weight", 100), c.wholeParamOr("rampup", 0), c.paramOr("ema", 0.99),
                c.paramOr("ema_after_rampup", 0.999), c.paramOr("divergence", "mse"))
                .inputNoise(c.paramOr("input_noise", 0.15));
    }

    /** σ of the Gaussian input noise added to every view (0.15, as in the paper; 0 = augmentation only). */
    public MeanTeacher inputNoise(double sigma) {
        if (!(sigma >= 0)) throw new IllegalArgumentException("input_noise must be >= 0, got " + sigma);
        this.inputNoise = sigma;
        return this;
    }

    @Override
    public String name() {
        return "mean-teacher";
    }

    @Override
    public Terms loss(Step step) {
        Batch batch = step.batch();
        ensureTeacher(step.model());
        rampLength = ConsistencySupport.rampLength(step.total(), rampUpSteps, ConsistencySupport.RAMP_SHARE);
        INDArray all = ConsistencySupport.allInputs(batch);
        INDArray studentView = ConsistencySupport.noisyView(step, all, inputNoise);
        INDArray teacherView = ConsistencySupport.noisyView(step, all, inputNoise);
        Pass pass = step.forward(studentView);
        INDArray target = Probabilities.softmax(teacher.model().predict(teacherView, Model.Mode.TRAIN).logits());
        Output logits = pass.logits(0);
        Loss consistency = kl ? Kl.toTarget(target, logits) : SoftmaxMse.toTarget(logits, target);
        double ramp = ConsistencySupport.ramp(step, rampUpSteps, ConsistencySupport.RAMP_SHARE);
        return Terms.of("supervised", CrossEntropy.of(ConsistencySupport.rows(logits, 0, batch.labeledSize()), batch.labeledY()))
                .and("consistency", maxWeight * ramp, consistency)
                .diagnostic("ramp", ramp);
    }

    /** Creates the teacher as a copy of the untrained student, so a checkpoint can restore it. */
    @Override
    public void start(Model student) {
        ensureTeacher(student);
    }

    /** θ' ← α θ' + (1 − α) θ with α = {@link #decayAt}. */
    @Override
    public void afterUpdate(Step step, Model student) {
        updateTeacher(student, step.index());
    }

    /** Moves the teacher after optimizer step {@code step}; returns the decay used. */
    public double updateTeacher(Model student, int step) {
        ensureTeacher(student);
        double a = decayAt(step);
        teacher.model().params().muli(a).addi(student.params().mul(1.0 - a));
        return a;
    }

    /** Sets the ramp-up length used by {@link #decayAt} (the trainer's first step does it from the run length). */
    public MeanTeacher rampLengthForDecay(int steps) {
        this.rampLength = steps;
        return this;
    }

    /** The decay at a step: EmaTeacher's warm-up rule with 0.99 during the ramp-up, 0.999 after it. */
    public double decayAt(int step) {
        double alpha = rampLength >= 0 && step >= rampLength ? emaAfterRampUp : emaDuringRampUp;
        return Math.min(1.0 - 1.0 / (step + 1), alpha);
    }

    private void ensureTeacher(Model student) {
        if (teacher == null) teacher = new EmaTeacher(student, emaDuringRampUp);
    }

    /** The teacher model (null before the first step). */
    public Model teacher() {
        return teacher == null ? null : teacher.model();
    }

    @Override
    public Map<String, Model> evaluatedModels() {
        return teacher == null ? Map.of() : Map.of("teacher", teacher.model());
    }

    @Override
    public Map<String, Object> hyperparameters() {
        return Map.of("input_noise", inputNoise, "weight", maxWeight, "rampup", rampUpSteps,
                "ema", emaDuringRampUp, "ema_after_rampup", emaAfterRampUp, "divergence", kl ? "kl" : "mse");
    }
}
