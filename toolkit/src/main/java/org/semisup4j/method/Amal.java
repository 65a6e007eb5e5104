package org.semisup4j.method;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.semisup4j.data.Batch;
import org.semisup4j.loss.CrossEntropy;
import org.semisup4j.loss.KnowledgeDistillation;
import org.semisup4j.loss.Loss;
import org.semisup4j.loss.Output;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.loss.Terms;
import org.semisup4j.model.Model;
import org.semisup4j.model.Optimizer;
import org.semisup4j.train.Pass;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.Step;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AMAL, adaptive mixing of auxiliary losses (Sivasubramanian et al. 2023): every training example i has its
 * own mixing weight w_i ∈ [0, 1],
 * <pre>  L_i = w_i · CE(y_i, z_i) + (1 − w_i) · τ² · KL(p_t,i^τ ‖ softmax(z_i / τ))</pre>
 * and the w_i are learned from a held-out labeled validation split by a one-step look-ahead: with
 * θ'(w) = θ − η ∇_θ (1/N) Σ_i L_i(θ; w),
 * <pre>  ∂L_val(θ')/∂w_i = −(η/N) · ∇_θ L_val(θ')ᵀ · ∇_θ (CE_i − KD_i)(θ)</pre>
 * An example gets more label weight when its label's gradient points where the validation loss falls, and
 * less (more teacher) when the teacher's does — where the label is wrong, or the teacher right.
 *
 * <p>Each step: the look-ahead on a copy of the student with plain SGD at {@code lookahead_lr} (η), the
 * validation gradient there, the per-example products ∇L_valᵀ∇(CE_i − KD_i) as directional derivatives by
 * central differences along that gradient (two extra forward passes, no per-example backward), then
 * w ← Π_[0,1](w − β · g / mean|g|), β = {@code meta_lr}. Dividing by the batch's mean |g| makes β a step
 * in weight units: the raw meta-gradient shrinks by orders of magnitude as training converges. The weights
 * persist across steps (indexed by training row) and are kept in checkpoints.
 *
 * <p>The meta-gradient is exact for a student without dropout or batch normalisation (the default MLP);
 * with them, the look-ahead and the probes see different passes.
 */
public final class Amal extends TrainedTeacherMethod implements UsesValidation {
    private final double temperature, metaLr, lookaheadLr, initialWeight;
    private final int validationSize;
    private INDArray validationX;
    private int[] validationY;
    private double[] weights = new double[0];

    public Amal(String teacherSpec, double temperature, double metaLr, double lookaheadLr, double initialWeight, int validationSize) {
        super(teacherSpec);
        if (!(temperature > 0)) throw new IllegalArgumentException("method parameter 'temperature' must be > 0, got " + temperature);
        if (!(metaLr >= 0)) throw new IllegalArgumentException("method parameter 'meta_lr' must be >= 0, got " + metaLr);
        if (!(lookaheadLr > 0)) throw new IllegalArgumentException("method parameter 'lookahead_lr' must be > 0, got " + lookaheadLr);
        if (!(initialWeight >= 0 && initialWeight <= 1))
            throw new IllegalArgumentException("method parameter 'initial_w' must be in [0, 1], got " + initialWeight);
        if (validationSize < 1) throw new IllegalArgumentException("method parameter 'validation' must be at least 1, got " + validationSize);
        this.temperature = temperature;
        this.metaLr = metaLr;
        this.lookaheadLr = lookaheadLr;
        this.initialWeight = initialWeight;
        this.validationSize = validationSize;
    }

    public static Amal from(RunConfig c) {
        return new Amal(c.paramOr("teacher", ""), c.paramOr("temperature", 4.0), c.paramOr("meta_lr", 0.05),
                c.paramOr("lookahead_lr", 0.1), c.paramOr("initial_w", 0.5), c.wholeParamOr("validation", 50));
    }

    @Override
    public String name() {
        return "amal";
    }

    @Override
    public int validationSize() {
        return validationSize;
    }

    @Override
    public void validation(INDArray x, int[] labels) {
        this.validationX = x;
        this.validationY = labels.clone();
    }

    @Override
    public Terms loss(Step step) {
        if (validationX == null) throw new IllegalStateException("amal needs its validation split: build the run with Experiment");
        Batch batch = step.batch();
        INDArray x = batch.labeledX();
        int[] y = batch.labeledY(), rows = batch.labeledIndices();
        INDArray teacherProbs = teacher.probabilities(x, rows, temperature);
        INDArray w = weightsOf(rows);
        double[] g = metaGradient(step.model(), x, y, teacherProbs, temperature, w, lookaheadLr, validationX, validationY);
        double scale = Arrays.stream(g).map(Math::abs).average().orElse(0);
        if (scale > 0) for (int i = 0; i < rows.length; i++)
            weights[rows[i]] = Math.min(1, Math.max(0, weights[rows[i]] - metaLr * g[i] / scale));
        w = weightsOf(rows);
        Pass pass = step.forward(x);
        Output z = pass.logits(0);
        return Terms.of("supervised", CrossEntropy.of(z, y, w))
                .and("distillation", KnowledgeDistillation.of(z, teacherProbs, temperature, w.rsub(1.0)))
                .diagnostic("mean_w", w.meanNumber().doubleValue());
    }

    /**
     * ∂L_val(θ'(w))/∂w_i for each training row i of the batch, with θ' one plain-SGD step of size η on the
     * mixed loss (1/N) Σ_i [w_i CE_i + (1 − w_i) KD_i] and L_val the mean validation cross-entropy.
     * The student is left unchanged.
     */
    public static double[] metaGradient(Model student, INDArray x, int[] y, INDArray teacherProbs, double temperature,
                                        INDArray w, double eta, INDArray validationX, int[] validationY) {
        Model ahead = lookAhead(student, x, y, teacherProbs, temperature, w, eta);
        INDArray validationGradient = parameterGradient(ahead, validationX, validationY);
        double norm = validationGradient.norm2Number().doubleValue();
        double[] g = new double[y.length];
        if (norm == 0) return g;
        // ∇L_valᵀ ∇(CE_i − KD_i) for every i at once: the derivative of CE_i − KD_i along ∇L_val.
        double eps = 1e-2 / norm;
        Model probe = student.copy();
        probe.params().addi(validationGradient.mul(eps));
        double[] plus = labelMinusTeacher(probe, x, y, teacherProbs, temperature);
        probe.params().subi(validationGradient.mul(2 * eps));
        double[] minus = labelMinusTeacher(probe, x, y, teacherProbs, temperature);
        for (int i = 0; i < g.length; i++) g[i] = -eta / y.length * (plus[i] - minus[i]) / (2 * eps);
        return g;
    }

    /** θ' = θ − η ∇_θ (1/N) Σ_i [w_i CE_i + (1 − w_i) KD_i]: a copy of the student after one plain-SGD step. */
    static Model lookAhead(Model student, INDArray x, int[] y, INDArray teacherProbs, double temperature, INDArray w, double eta) {
        Model ahead = student.copy();
        ahead.setOptimizer(Optimizer.sgd(eta));
        Output z = Output.of(ahead.forward(x).logits());
        Loss mixed = CrossEntropy.of(z, y, w).plus(KnowledgeDistillation.of(z, teacherProbs, temperature, w.rsub(1.0)));
        ahead.backward(mixed.gradient(z), null, false);
        ahead.update(eta, 0);
        return ahead;
    }

    /** ∇_θ of the mean cross-entropy on (x, y), read off one plain-SGD step of size 1 (the model is changed). */
    private static INDArray parameterGradient(Model model, INDArray x, int[] y) {
        model.setOptimizer(Optimizer.sgd(1.0));
        Output z = Output.of(model.forward(x).logits());
        model.backward(CrossEntropy.of(z, y).gradient(z), null, false);
        INDArray before = model.params().dup();
        model.update(1.0, 0);
        return before.subi(model.params());
    }

    /** CE_i − KD_i per row, in evaluation mode. */
    private static double[] labelMinusTeacher(Model m, INDArray x, int[] y, INDArray teacherProbs, double temperature) {
        INDArray z = m.predict(x, Model.Mode.EVAL).logits().castTo(DataType.DOUBLE);
        INDArray ce = Probabilities.logSoftmax(z).muli(Probabilities.oneHot(y, (int) z.columns(), DataType.DOUBLE)).sum(1).negi();
        INDArray q = teacherProbs.castTo(DataType.DOUBLE);
        INDArray logQ = org.nd4j.linalg.ops.transforms.Transforms.log(org.nd4j.linalg.ops.transforms.Transforms.max(q, 1e-30, true), false);
        INDArray kd = q.mul(logQ.sub(Probabilities.logSoftmax(z.div(temperature)))).sum(1).muli(temperature * temperature);
        return ce.subi(kd).toDoubleVector();
    }

    private INDArray weightsOf(int[] rows) {
        int max = Arrays.stream(rows).max().orElse(-1);
        if (max >= weights.length) {
            int old = weights.length;
            weights = Arrays.copyOf(weights, Math.max(max + 1, 2 * old));
            Arrays.fill(weights, old, weights.length, initialWeight);
        }
        double[] w = new double[rows.length];
        for (int i = 0; i < rows.length; i++) w[i] = weights[rows[i]];
        return Nd4j.createFromArray(w).castTo(DataType.FLOAT);
    }

    /** The learned weight of each training row seen so far (rows never drawn keep the initial weight). */
    public Map<Integer, Double> learnedWeights(int[] rows) {
        weightsOf(rows);
        Map<Integer, Double> out = new LinkedHashMap<>();
        for (int r : rows) out.put(r, weights[r]);
        return out;
    }

    @Override
    public void saveState(Path checkpoint) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (double v : weights) sb.append(v).append('\n');
        Files.writeString(checkpoint.resolve("amal-weights.txt"), sb, StandardCharsets.UTF_8);
    }

    @Override
    public void loadState(Path checkpoint) throws IOException {
        Path file = checkpoint.resolve("amal-weights.txt");
        if (!Files.isRegularFile(file)) throw new IOException(checkpoint + ": amal-weights.txt is missing (not an AMAL checkpoint)");
        weights = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank()).mapToDouble(Double::parseDouble).toArray();
    }

    @Override
    public boolean usesUnlabeled() {
        return false; // labeled rows only: the validation split is the only other data it reads
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("teacher", teacherSpec);
        h.put("temperature", temperature);
        h.put("meta_lr", metaLr);
        h.put("lookahead_lr", lookaheadLr);
        h.put("initial_w", initialWeight);
        h.put("validation", validationSize);
        return h;
    }
}
