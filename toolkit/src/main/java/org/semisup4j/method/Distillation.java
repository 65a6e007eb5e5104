package org.semisup4j.method;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.data.Batch;
import org.semisup4j.loss.CrossEntropy;
import org.semisup4j.loss.KnowledgeDistillation;
import org.semisup4j.loss.Loss;
import org.semisup4j.loss.Output;
import org.semisup4j.loss.Terms;
import org.semisup4j.model.Model;
import org.semisup4j.train.Pass;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.Step;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Knowledge distillation (Hinton et al. 2015), as Stanton et al. 2021 ("Does knowledge distillation really
 * work?") study it:
 * <pre>  L = (1 − α) · CE(y, softmax(z_s)) + α · τ² · KL(p_t^τ ‖ softmax(z_s / τ))</pre>
 * with a teacher that is one trained model or an ensemble, and the distillation data (the rows the KL term
 * reads) chosen by {@code data}: {@code train} — the labeled training rows as they are; {@code augmented} —
 * the same rows under the run's strong augmentation, a new view each step, the teacher labelling each view;
 * {@code transfer} — the labeled rows plus the unlabeled pool as an extra transfer set. Cross-entropy always
 * reads the labeled rows only.
 *
 * <p>Defaults: α = 1 (pure distillation, the setting of most of Stanton et al.'s fidelity experiments) and
 * τ = 4 (theirs).
 */
public final class Distillation extends TrainedTeacherMethod {
    private final String data;
    private final double alpha, temperature;

    public Distillation(String teacherSpec, double alpha, double temperature, String data) {
        super(teacherSpec);
        if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException("method parameter 'alpha' must be in [0, 1], got " + alpha);
        if (!(temperature > 0)) throw new IllegalArgumentException("method parameter 'temperature' must be > 0, got " + temperature);
        if (!data.equals("train") && !data.equals("augmented") && !data.equals("transfer"))
            throw new IllegalArgumentException("method parameter 'data' must be train, augmented or transfer, got '" + data + "'");
        this.alpha = alpha;
        this.temperature = temperature;
        this.data = data;
    }

    public static Distillation from(RunConfig c) {
        return new Distillation(c.paramOr("teacher", ""), c.paramOr("alpha", 1.0), c.paramOr("temperature", 4.0),
                c.paramOr("data", "train"));
    }

    @Override
    public String name() {
        return "distill";
    }

    @Override
    public void start(Model student) {
        super.start(student);
        if (data.equals("augmented") && !teacher.readsInputs())
            throw new IllegalArgumentException("distill with data=augmented needs a teacher model to label each augmented view; "
                    + teacher.describe() + " is a table of outputs");
    }

    @Override
    public Terms loss(Step step) {
        Batch batch = step.batch();
        INDArray labeled = data.equals("augmented") ? step.strong(batch.labeledX()) : batch.labeledX();
        boolean transfer = data.equals("transfer") && batch.unlabeledSize() > 0;
        Pass pass = transfer ? step.forward(labeled, batch.unlabeledX()) : step.forward(labeled);
        double rows = labeled.size(0) + (transfer ? batch.unlabeledSize() : 0);
        // The KL term is the mean over every distilled row: each view's mean weighted by its share of the rows.
        Loss kd = distilled(pass.logits(0), labeled, batch.labeledIndices()).times(labeled.size(0) / rows);
        if (transfer) kd = kd.plus(distilled(pass.logits(1), batch.unlabeledX(), batch.unlabeledIndices()).times(batch.unlabeledSize() / rows));
        return Terms.of("supervised", 1 - alpha, CrossEntropy.of(pass.logits(0), batch.labeledY()))
                .and("distillation", alpha, kd);
    }

    private Loss distilled(Output logits, INDArray x, int[] rows) {
        if (logits.rows() == 0) return Loss.constant(0); // a uniform batch may hold no labeled row
        return KnowledgeDistillation.of(logits, teacher.probabilities(x, rows, temperature), temperature, null);
    }

    @Override
    public boolean usesUnlabeled() {
        return data.equals("transfer");
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("teacher", teacherSpec);
        h.put("alpha", alpha);
        h.put("temperature", temperature);
        h.put("data", data);
        return h;
    }
}
