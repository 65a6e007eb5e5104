package org.semisup4j.method;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.data.Batch;
import org.semisup4j.data.Dataset;
import org.semisup4j.loss.CrossEntropy;
import org.semisup4j.loss.Loss;
import org.semisup4j.loss.Output;
import org.semisup4j.loss.SoftCrossEntropy;
import org.semisup4j.loss.Terms;
import org.semisup4j.model.Model;
import org.semisup4j.teacher.TrainedTeacher;
import org.semisup4j.train.Method;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.Step;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The student of one Noisy Student generation (Xie et al. 2020, arXiv:1911.04252):
 * <pre>  L = CE(y, f_noised(x_l)) + (1/N_u) Σ_u w_u · CE(q_u, f_noised(x_u))</pre>
 * where q_u are the un-noised teacher's (soft) labels on the unlabeled pool, selected once before training
 * ({@link PoolLabels}: rows below {@code threshold} confidence dropped, classes balanced by duplicating or
 * filtering), and w_u the row's copies in that selection. The whole method — teacher on labels, label the pool,
 * noised student, the student as the next teacher, {@code generations} times — is the workflow
 * {@code org.semisup4j.workflow.NoisyStudentWorkflow}; this class is one student stage.
 *
 * <p>Noise ({@code noise}): {@code input} — the student's inputs, labeled and unlabeled, under the run's strong
 * augmentation (RandAugment + Cutout on images, Gaussian noise σ = {@code --strong-noise} on vectors) instead
 * of the teacher's weak one; {@code dropout} — the workflow builds each student with dropout
 * {@code student_dropout} (the paper's 0.5); {@code all} (default) both, {@code none} neither (the ablation).
 * Stochastic depth does not apply: the MLPs and CNNs here have no residual blocks, and the toolkit's WRN-28-2
 * does not drop blocks (not implemented).
 *
 * <p>Parameters: {@code teacher} — a finished run, an ensemble or a labelling stage's {@code outputs.csv};
 * {@code threshold} (0.3, the paper's), {@code balance} (true), {@code labels} soft | hard (soft, the paper's
 * better choice), {@code noise}, {@code student_dropout} (0.5), {@code student_model} (the teacher's model when
 * empty; an equal-or-larger one, e.g. mlp:200-200), {@code generations} (3) — the last three are read by the
 * workflow, which builds each student's run from them.
 */
public final class NoisyStudent implements Method, LearnsFromTeacher, LabelsPool {
    public static final List<String> NOISE = List.of("all", "input", "dropout", "none");
    private final String teacherSpec, labels, noise, studentModel;
    private final double threshold, studentDropout;
    private final boolean balance;
    private final int generations;
    private TrainedTeacher teacher;
    private Dataset train;
    private int[] poolRows;
    private PoolLabels pool;

    public NoisyStudent(String teacherSpec, double threshold, boolean balance, String labels, String noise,
                        double studentDropout, String studentModel, int generations) {
        if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("method parameter 'threshold' must be in [0, 1], got " + threshold);
        if (!labels.equals("soft") && !labels.equals("hard"))
            throw new IllegalArgumentException("method parameter 'labels' must be soft or hard, got '" + labels + "'");
        if (!NOISE.contains(noise))
            throw new IllegalArgumentException("method parameter 'noise' must be one of " + String.join(", ", NOISE) + ", got '" + noise + "'");
        if (!(studentDropout >= 0 && studentDropout < 1))
            throw new IllegalArgumentException("method parameter 'student_dropout' must be in [0, 1), got " + studentDropout);
        if (generations < 1) throw new IllegalArgumentException("method parameter 'generations' must be at least 1, got " + generations);
        this.teacherSpec = teacherSpec;
        this.threshold = threshold;
        this.balance = balance;
        this.labels = labels;
        this.noise = noise;
        this.studentDropout = studentDropout;
        this.studentModel = studentModel;
        this.generations = generations;
    }

    public static NoisyStudent from(RunConfig c) {
        String balance = c.paramOr("balance", "true");
        if (!balance.equals("true") && !balance.equals("false"))
            throw new IllegalArgumentException("method parameter 'balance' must be true or false, got '" + balance + "'");
        return new NoisyStudent(c.paramOr("teacher", ""), c.paramOr("threshold", 0.3), balance.equals("true"),
                c.paramOr("labels", "soft"), c.paramOr("noise", "all"), c.paramOr("student_dropout", 0.5),
                c.paramOr("student_model", ""), c.wholeParamOr("generations", 3));
    }

    @Override
    public String name() {
        return "noisy-student";
    }

    @Override
    public void pool(Dataset train, int[] rows) {
        this.train = train;
        this.poolRows = rows.clone();
    }

    /** The un-noised teacher labels the pool (models in EVAL mode: no dropout, no augmentation). */
    @Override
    public void start(Model student) {
        if (teacher == null) teacher = TrainedTeacher.load(teacherSpec);
        teacher.checkFits(student.inputShape(), student.numClasses());
        if (train != null && pool == null)
            pool = PoolLabels.select(poolRows, teacher.probabilities(train.features(poolRows), poolRows, 1), threshold, balance);
    }

    /** Uses an already loaded teacher instead of reading {@code teacher} (notebooks that hold one in memory). */
    public NoisyStudent withTeacher(TrainedTeacher t) {
        this.teacher = t;
        return this;
    }

    @Override
    public Terms loss(Step step) {
        if (pool == null)
            throw new IllegalStateException("noisy-student labels its unlabeled pool before training: build it with Experiment.prepare");
        Batch batch = step.batch();
        UnaryOperator<INDArray> augment = noisesInputs() ? step::strong : step::weak;
        Views views = new Views();
        int l = views.add(batch.labeledX(), augment), u = views.add(batch.unlabeledX(), augment);
        views.forward(step);
        Output labeled = views.logits(l), unlabeled = views.logits(u);
        Terms terms = Terms.of("supervised", labeled == null ? Loss.constant(0) : CrossEntropy.of(labeled, batch.labeledY()));
        if (unlabeled == null) return terms.and("pseudo_label", Loss.constant(0));
        int[] rows = batch.unlabeledIndices();
        INDArray targets = labels.equals("soft") ? pool.soft(rows) : pool.hard(rows);
        return terms.and("pseudo_label", SoftCrossEntropy.of(unlabeled, targets, pool.weights(rows)))
                .diagnostic("kept_share", pool.keptRows() / (double) pool.rows().length);
    }

    /** Whether the student's inputs get the strong augmentation (noise all or input). */
    public boolean noisesInputs() {
        return noise.equals("all") || noise.equals("input");
    }

    /** The dropout the workflow builds each student with: student_dropout under noise all or dropout, else 0. */
    public double studentDropout() {
        return noise.equals("all") || noise.equals("dropout") ? studentDropout : 0;
    }

    /** The student's model name (empty: the teacher's). */
    public String studentModel() {
        return studentModel;
    }

    public int generations() {
        return generations;
    }

    /** The selected pool labels (null before {@link #start}). */
    public PoolLabels poolLabels() {
        return pool;
    }

    @Override
    public TrainedTeacher teacher() {
        return teacher;
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("teacher", teacherSpec);
        h.put("threshold", threshold);
        h.put("balance", String.valueOf(balance));
        h.put("labels", labels);
        h.put("noise", noise);
        h.put("student_dropout", studentDropout);
        h.put("student_model", studentModel);
        h.put("generations", generations);
        return h;
    }
}
