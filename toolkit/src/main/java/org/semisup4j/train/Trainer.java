package org.semisup4j.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.semisup4j.augment.Augmentation;
import org.semisup4j.data.Batch;
import org.semisup4j.data.BatchSampler;
import org.semisup4j.data.Dataset;
import org.semisup4j.eval.Evaluation;
import org.semisup4j.loss.Probabilities;
import org.semisup4j.loss.Terms;
import org.semisup4j.train.Method;
import org.semisup4j.model.Model;
import org.semisup4j.teacher.EmaTeacher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The training loop: batch → method's loss terms → one backward pass → optimizer step → teachers →
 * listeners. Everything random is derived from (seed, step), so a run resumed from a checkpoint takes
 * the same batches, augmentations and dropout masks as one that never stopped.
 */
public final class Trainer {
    private final Model model;
    private final Method method;
    private final BatchSampler sampler;
    private final Augmentation weak, strong;
    private final Schedule learningRate;
    private final int steps, evalEvery, checkpointEvery, evalBatchSize;
    private final long seed;
    private final Dataset test;
    private final EmaTeacher evaluationEma;
    private final List<TrainingListener> listeners;
    private final RunFolder runFolder;
    private final Map<String, Object> configuration;
    private int firstStep;
    /** Whether this run continues one recorded in its run folder (which it may then reuse). */
    private boolean resuming;

    private Trainer(Builder b) {
        this.model = Objects.requireNonNull(b.model, "model");
        this.method = Objects.requireNonNull(b.method, "method");
        this.sampler = Objects.requireNonNull(b.sampler, "sampler");
        this.weak = Objects.requireNonNull(b.weak, "weak augmentation");
        this.strong = b.strong != null ? b.strong : b.weak;
        this.learningRate = b.learningRate;
        this.steps = b.steps;
        this.evalEvery = b.evalEvery;
        this.checkpointEvery = b.checkpointEvery;
        this.evalBatchSize = b.evalBatchSize;
        this.seed = b.seed;
        this.test = b.test;
        this.evaluationEma = b.emaDecay > 0 ? new EmaTeacher(model, b.emaDecay) : null;
        method.start(model); // teachers exist before a checkpoint is loaded into them
        this.listeners = List.copyOf(b.listeners);
        this.runFolder = b.runFolder;
        this.configuration = new LinkedHashMap<>(b.configuration);
        if (steps <= 0) throw new IllegalArgumentException("steps must be positive, got " + steps);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Continues from a checkpoint written by an earlier run with the same configuration. */
    public Trainer resumeFrom(Path checkpoint) throws IOException {
        firstStep = Checkpoints.load(checkpoint, model, namedModels(), method);
        resuming = true;
        return this;
    }

    /**
     * Continues the run recorded in this trainer's run folder from its last checkpoint — or from step 0 when
     * it stopped before writing one, as nothing it did is kept except its configuration.
     */
    public Trainer resume() throws IOException {
        if (runFolder == null) throw new IllegalStateException("resume() needs a run folder (Builder.runFolder)");
        var checkpoint = Checkpoints.latest(runFolder.checkpoints());
        if (checkpoint.isPresent()) return resumeFrom(checkpoint.get());
        resuming = true;
        return this;
    }

    /** Trains for the configured number of steps and evaluates at the end (on {@link Threads#forModel} threads). */
    public TrainingResult run() {
        try (Threads ignored = Threads.use(Threads.forModel(model))) {
            return train();
        }
    }

    private TrainingResult train() {
        long start = System.nanoTime();
        RunInfo info = new RunInfo(configuration, firstStep, steps);
        if (runFolder != null) runFolder.start(info, resuming);
        listeners.forEach(l -> l.onStart(info));
        List<EvaluationRecord> evaluations = new ArrayList<>();
        for (int i = firstStep; i < steps; i++) {
            StepRecord record = step(i);
            OffHeapCollector.afterStep();
            if (runFolder != null) runFolder.onStep(record);
            listeners.forEach(l -> l.onStep(record));
            boolean last = i == steps - 1;
            if (test != null && ((evalEvery > 0 && (i + 1) % evalEvery == 0) || last)) {
                EvaluationRecord e = new EvaluationRecord(i + 1, accuracies());
                evaluations.add(e);
                if (runFolder != null) runFolder.onEvaluation(e);
                listeners.forEach(l -> l.onEvaluation(e));
            }
            if (runFolder != null && checkpointEvery > 0 && ((i + 1) % checkpointEvery == 0 || last)) {
                try {
                    Checkpoints.save(runFolder.checkpoints(), i + 1, model, namedModels(), method);
                } catch (IOException ex) {
                    throw new UncheckedIOException("could not write the checkpoint of step " + (i + 1), ex);
                }
            }
        }
        Map<String, Evaluation> finals = new LinkedHashMap<>();
        if (test != null) for (var e : evaluatedModels().entrySet()) finals.put(e.getKey(), evaluate(e.getValue()));
        TrainingResult result = new TrainingResult(configuration, finals, evaluations,
                (System.nanoTime() - start) / 1e9, runFolder == null ? null : runFolder.path());
        if (runFolder != null) runFolder.finish(result);
        listeners.forEach(l -> l.onEnd(result));
        return result;
    }

    private StepRecord step(int i) {
        long t0 = System.nanoTime();
        long stepSeed = mix(seed, i);
        Nd4j.getRandom().setSeed(stepSeed); // dropout masks
        Batch batch = sampler.batch(i);
        if (!method.usesUnlabeled() && batch.labeledX().size(0) == 0)
            throw new IllegalArgumentException(method.name() + " reads labeled rows only, but batch " + i + " holds none: "
                    + "give it labeled-only batches (BatchSampler.fixedShare with μ = 0), not uniform ones");
        double lr = learningRate.at(i, steps);
        Step step = new Step(i, steps, (int) sampler.epochOf(i), batch, model, weak, strong, new SplittableRandom(stepSeed), lr);
        Terms terms = method.loss(step);
        Map<String, Double> values = new LinkedHashMap<>(), weights = new LinkedHashMap<>();
        for (Terms.Term t : terms.terms()) {
            double v = t.loss().value();
            if (!Double.isFinite(v) || !Double.isFinite(t.weight()) || !Double.isFinite(t.weighted()))
                throw new TrainingDivergedException(i, t.name(), v, t.weight());
            values.put(t.name(), v);
            weights.put(t.name(), t.weight());
        }
        if (step.pass() == null)
            throw new IllegalStateException(method.name() + " returned its terms without calling step.forward(...)");
        terms.backward();
        Pass pass = step.pass();
        model.backward(pass.logitGradient(), pass.featureGradient(), pass.projectionGradient(), false);
        model.update(lr, i);
        method.afterUpdate(step, model);
        Map<String, Double> diagnostics = new LinkedHashMap<>(terms.diagnostics());
        if (evaluationEma != null) diagnostics.put("ema_decay", evaluationEma.update(model, i));
        return new StepRecord(i, steps, step.epoch(), lr, terms.total(), values, weights, diagnostics,
                (System.nanoTime() - t0) / 1e6);
    }

    /** The student, the method's own models (e.g. its teacher) and the evaluation EMA, by name. */
    private Map<String, Model> evaluatedModels() {
        Map<String, Model> all = new LinkedHashMap<>();
        all.put("student", model);
        all.putAll(method.evaluatedModels());
        if (evaluationEma != null) all.put("ema", evaluationEma.model());
        return all;
    }

    /** Models saved in checkpoints besides the student. */
    private Map<String, Model> namedModels() {
        Map<String, Model> named = new LinkedHashMap<>(evaluatedModels());
        named.remove("student");
        return named;
    }

    private Map<String, Double> accuracies() {
        Map<String, Double> acc = new LinkedHashMap<>();
        for (var e : evaluatedModels().entrySet()) acc.put(e.getKey(), accuracy(e.getValue()));
        return acc;
    }

    private double accuracy(Model m) {
        int[] predicted = Probabilities.argmax(probabilities(m, test.features()));
        int[] truth = test.labels();
        int correct = 0;
        for (int k = 0; k < truth.length; k++) if (predicted[k] == truth[k]) correct++;
        return (double) correct / truth.length;
    }

    private Evaluation evaluate(Model m) {
        return Evaluation.of(test.labels(), probabilities(m, test.features()), test.classNames());
    }

    /** Class probabilities in evaluation mode, in chunks to bound memory. */
    public INDArray probabilities(Model m, INDArray x) {
        return Predictions.probabilities(m, x, evalBatchSize);
    }

    public Model model() {
        return model;
    }

    public Method method() {
        return method;
    }

    /** SplitMix-style mixing so (seed, step) pairs give unrelated streams. */
    static long mix(long seed, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + step + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Configuration of a {@link Trainer}. */
    public static final class Builder {
        private Model model;
        private Method method;
        private BatchSampler sampler;
        private Augmentation weak, strong;
        private Schedule learningRate = Schedule.constant(1e-3);
        private int steps = 1000, evalEvery = 0, checkpointEvery = 0, evalBatchSize = 1000;
        private long seed = 0;
        private Dataset test;
        private double emaDecay = 0;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private RunFolder runFolder;
        private final Map<String, Object> configuration = new LinkedHashMap<>();

        public Builder model(Model model) { this.model = model; return this; }
        public Builder method(Method method) { this.method = method; return this; }
        public Builder batches(BatchSampler sampler) { this.sampler = sampler; return this; }
        /** Weak and strong augmentation of the run (strong defaults to weak). */
        public Builder augment(Augmentation weak, Augmentation strong) { this.weak = weak; this.strong = strong; return this; }
        public Builder learningRate(Schedule schedule) { this.learningRate = schedule; return this; }
        public Builder learningRate(double lr) { return learningRate(Schedule.constant(lr)); }
        public Builder steps(int steps) { this.steps = steps; return this; }
        public Builder seed(long seed) { this.seed = seed; return this; }
        /** Test set evaluated every {@code every} steps (0: only at the end). */
        public Builder test(Dataset test, int every) { this.test = test; this.evalEvery = every; return this; }
        public Builder evalBatchSize(int size) { this.evalBatchSize = size; return this; }
        /** Also keep an EMA of the weights for evaluation (FixMatch: 0.999). */
        public Builder evaluateEma(double decay) { this.emaDecay = decay; return this; }
        public Builder listener(TrainingListener listener) { this.listeners.add(listener); return this; }
        /** Writes configuration, metrics and checkpoints (every {@code checkpointEvery} steps, 0: none) to a folder. */
        public Builder runFolder(Path folder, int checkpointEvery) {
            this.runFolder = new RunFolder(folder);
            this.checkpointEvery = checkpointEvery;
            return this;
        }
        /** Describes the run (method, hyperparameters, seed, split, data) for its record. */
        public Builder configuration(Map<String, ?> entries) { this.configuration.putAll(entries); return this; }

        public Trainer build() {
            configuration.putIfAbsent("method", method == null ? null : method.name());
            if (method != null) method.hyperparameters().forEach((k, v) -> configuration.putIfAbsent("method." + k, v));
            configuration.putIfAbsent("seed", seed);
            configuration.putIfAbsent("steps", steps);
            if (model != null) configuration.putIfAbsent("model", model.describe());
            if (sampler != null) configuration.putIfAbsent("batches", sampler.describe());
            if (weak != null) configuration.putIfAbsent("augment.weak", weak.describe());
            if (strong != null) configuration.putIfAbsent("augment.strong", strong.describe());
            if (emaDecay > 0) configuration.putIfAbsent("evaluate_ema", emaDecay);
            return new Trainer(this);
        }
    }
}
