package org.semisup4j.method;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.semisup4j.data.Batch;
import org.semisup4j.data.Dataset;
import org.semisup4j.eval.RobustAccuracy;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.loss.Terms;
import org.semisup4j.model.Model;
import org.semisup4j.teacher.TrainedTeacher;
import org.semisup4j.train.Method;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.Step;
import org.semisup4j.workflow.Artefacts;
import org.semisup4j.workflow.Stages;
import org.semisup4j.workflow.Workflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Robust self-training (Carmon et al. 2019, "Unlabeled data improves adversarial robustness"): a standard
 * model trained on the labels gives hard pseudo-labels ŷ = argmax f_std(x) to the unlabeled pool, then
 * {@link AdversarialTraining} (TRADES, β = 6 by default) trains on labeled and pseudo-labeled rows, half of each
 * per batch:
 * <pre>  L = mean over (x, y) ∈ labeled ∪ (u, ŷ) of  CE(f(x), y) + β · KL(f(x) ‖ f(x̃))</pre>
 * Each step takes as many unlabeled rows as the batch has labeled ones (the first of the sampler's shuffled
 * unlabeled rows), whatever the run's unlabeled ratio (a uniform batch without labeled rows: all of them).
 *
 * <p>The standard model is the {@code teacher} parameter: a supervised run folder, or the {@code outputs.csv} of
 * a labelling stage. {@link #standardModel} builds the two stages before (train the standard model, label the
 * pool) as a {@link Workflow}; the CLI runs it when no teacher is given.
 */
public final class RobustSelfTraining implements Method, MeasuresRobustness {
    private final AdversarialTraining adversarial;
    private final String teacherSpec;
    private TrainedTeacher teacher;

    public RobustSelfTraining(AdversarialTraining adversarial, String teacherSpec) {
        this.adversarial = adversarial;
        this.teacherSpec = teacherSpec;
    }

    public static RobustSelfTraining from(RunConfig c) {
        return new RobustSelfTraining(AdversarialTraining.from(c), c.paramOr("teacher", ""));
    }

    @Override
    public String name() {
        return "robust-self-training";
    }

    @Override
    public void start(Model student) {
        if (teacher == null) {
            if (teacherSpec.isBlank())
                throw new IllegalArgumentException("robust-self-training learns from a standard model's pseudo-labels: give --teacher RUN_DIR"
                        + " (a supervised run on the same data) or a labelling stage's outputs.csv; the CLI trains one first when none is given");
            teacher = TrainedTeacher.load(teacherSpec);
        }
        teacher.checkFits(student.inputShape(), student.numClasses());
    }

    /** Uses an already loaded standard model instead of reading {@code teacher}. */
    public RobustSelfTraining withTeacher(TrainedTeacher t) {
        this.teacher = t;
        return this;
    }

    @Override
    public Terms loss(Step step) {
        Batch batch = step.batch();
        // Half of each; a uniform batch (--batches uniform) may hold no labeled row, and then is all pseudo-labeled.
        int m = batch.labeledSize() > 0 ? Math.min(batch.labeledSize(), batch.unlabeledSize()) : batch.unlabeledSize();
        if (m == 0) return adversarial.terms(step, batch.labeledX(), batch.labeledY()); // --mu 0: no unlabeled rows drawn
        int[] rows = Arrays.copyOf(batch.unlabeledIndices(), m);
        INDArray u = batch.unlabeledX().get(NDArrayIndex.interval(0, m)).dup();
        int[] pseudo = Probabilities.argmax(teacher.logits(u, rows));
        INDArray x = batch.labeledSize() == 0 ? u : Nd4j.concat(0, batch.labeledX(), u);
        int[] y = IntStream.concat(IntStream.of(batch.labeledY()), IntStream.of(pseudo)).toArray();
        Terms terms = adversarial.terms(step, x, y);
        int[] truth = batch.unlabeledTrueLabelsForDiagnostics();
        int right = 0;
        for (int i = 0; i < m; i++) if (pseudo[i] == truth[i]) right++;
        return terms.diagnostic("pseudo_label_accuracy", (double) right / m);
    }

    @Override
    public RobustAccuracy robustness(Model model, Dataset test, long seed) {
        return adversarial.robustness(model, test, seed);
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> h = new LinkedHashMap<>(adversarial.hyperparameters());
        h.put("teacher", teacherSpec);
        return h;
    }

    /**
     * The stages before robust self-training: {@code standard} trains {@code config}'s data, split, model and
     * steps with the supervised method; {@code pseudo-labels} labels the split's rows with it (artefact
     * {@code pseudo-labels}: the table to pass as {@code teacher}).
     */
    public static Workflow standardModel(RunConfig config) {
        RunConfig standard = config.method("supervised").withoutParams();
        return Workflow.builder()
                .stage(Stages.train("standard", in -> standard))
                .stage(Stages.label("pseudo-labels", "standard", in -> standard))
                .build();
    }

    /**
     * {@code config} as it is when it names a teacher; otherwise with {@code teacher} set to pseudo-labels from a
     * standard model that {@link #standardModel} trains in {@code runDir/standard-model} (reused when finished
     * there) — or, without a run folder, in a temporary folder removed when the JVM exits.
     */
    public static RunConfig withPseudoLabels(RunConfig config, Path runDir) {
        if (config.methodParams().get("teacher") != null) return config;
        if (runDir != null && Files.exists(runDir.resolve("config.json")))
            throw new IllegalArgumentException("run folder " + runDir + " already holds a run: continue it with --resume, or choose another"
                    + " folder (no standard model is trained into it)");
        try {
            Path folder = runDir != null ? runDir.resolve("standard-model") : temporaryFolder();
            Artefacts out = standardModel(config).run(folder);
            return config.param("teacher", out.path("pseudo-labels").toString());
        } catch (IOException e) {
            throw new UncheckedIOException("robust-self-training: cannot train the standard model: " + e.getMessage(), e);
        }
    }

    private static Path temporaryFolder() throws IOException {
        Path folder = Files.createTempDirectory("robust-self-training-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (var walk = Files.walk(folder)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary folder left behind is harmless
            }
        }));
        return folder;
    }
}
