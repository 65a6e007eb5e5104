package org.semisup4j.method;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.data.Batch;
import org.semisup4j.loss.LogitL2;
import org.semisup4j.loss.Loss;
import org.semisup4j.loss.Output;
import org.semisup4j.loss.Terms;
import org.semisup4j.train.Pass;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.Step;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mimic learning (Ba &amp; Caruana 2014, "Do deep nets really need to be deep?"): the student regresses the
 * teacher's logits,
 * <pre>  L = (1/N) Σ_i ½ ‖z_s(x_i) − z_t(x_i)‖²</pre>
 * on teacher-labelled inputs — the labeled rows and, with {@code data=transfer} (the default), the unlabeled
 * pool too: no true label is read. The student is whatever the run's model is; the paper's is shallow and
 * wide, optionally behind a linear bottleneck ({@code --model shallow:W} or {@code shallow:W/K}).
 */
public final class Mimic extends TrainedTeacherMethod {
    private final String data;

    public Mimic(String teacherSpec, String data) {
        super(teacherSpec);
        if (!data.equals("train") && !data.equals("transfer"))
            throw new IllegalArgumentException("method parameter 'data' must be train or transfer, got '" + data + "'");
        this.data = data;
    }

    public static Mimic from(RunConfig c) {
        return new Mimic(c.paramOr("teacher", ""), c.paramOr("data", "transfer"));
    }

    @Override
    public String name() {
        return "mimic";
    }

    @Override
    public Terms loss(Step step) {
        Batch batch = step.batch();
        boolean transfer = data.equals("transfer") && batch.unlabeledSize() > 0;
        Pass pass = transfer ? step.forward(batch.labeledX(), batch.unlabeledX()) : step.forward(batch.labeledX());
        double rows = batch.labeledSize() + (transfer ? batch.unlabeledSize() : 0);
        Loss mimic = mimicked(pass.logits(0), batch.labeledX(), batch.labeledIndices()).times(batch.labeledSize() / rows);
        if (transfer) mimic = mimic.plus(mimicked(pass.logits(1), batch.unlabeledX(), batch.unlabeledIndices())
                .times(batch.unlabeledSize() / rows));
        return Terms.of("mimic", mimic);
    }

    private Loss mimicked(Output logits, INDArray x, int[] rows) {
        if (logits.rows() == 0) return Loss.constant(0); // a uniform batch may hold no labeled row
        return LogitL2.toTarget(teacher.logits(x, rows), logits);
    }

    @Override
    public boolean usesUnlabeled() {
        return data.equals("transfer");
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("teacher", teacherSpec);
        h.put("data", data);
        return h;
    }
}
