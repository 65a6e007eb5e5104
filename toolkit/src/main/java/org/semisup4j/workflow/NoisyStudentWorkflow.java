package org.semisup4j.workflow;

import org.semisup4j.eval.Evaluation;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.experiment.SavedRun;
import org.semisup4j.method.Methods;
import org.semisup4j.method.NoisyStudent;
import org.semisup4j.teacher.ModelEnsemble;
import org.semisup4j.train.Predictions;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.TrainingListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Noisy Student (Xie et al. 2020) as a workflow of ordinary runs, in stage folders under one folder:
 * <pre>  01-teacher      supervised run on the labels (or an existing run, param teacher)
 *  02-labels-1     the un-noised teacher labels the training rows → outputs.csv
 *  03-student-1    method noisy-student: labels + selected pseudo-labels, with noise ({@link NoisyStudent})
 *  04-labels-2     student 1, now the teacher, labels the rows again
 *  05-student-2    …, {@code generations} times</pre>
 * Each student is built with {@code student_model} (equal or larger) and {@code student_dropout}. Running it
 * again on the same folder skips finished stages and continues the interrupted one ({@link Workflow}); the
 * configuration is recorded in {@value #RECORD}, and a folder that records another is refused.
 */
public final class NoisyStudentWorkflow {
    /** The workflow's configuration, kept beside its stage folders. */
    public static final String RECORD = "workflow-config.json";

    /** One generation's model: 0 is the teacher trained on labels, g ≥ 1 the g-th student. */
    public record Generation(int generation, Path run, double testAccuracy) {}

    /** @param generations generation 0 (the first teacher) to the last student, in order */
    public record Result(Path folder, List<Generation> generations) {
        public Generation teacher() { return generations.get(0); }
        public Generation last() { return generations.get(generations.size() - 1); }
        public List<Double> accuracies() { return generations.stream().map(Generation::testAccuracy).toList(); }
    }

    private final RunConfig config, base;
    private final NoisyStudent settings;
    private final String existingTeacher;
    private Function<String, List<TrainingListener>> listeners = stage -> List.of();
    private Consumer<Generation> onGeneration = g -> {};

    private NoisyStudentWorkflow(RunConfig config) {
        this.config = config;
        this.settings = (NoisyStudent) Methods.create(config); // rejects a parameter noisy-student does not read
        this.base = config.withoutParams().method("supervised");
        String teacher = config.methodParams().getOrDefault("teacher", "").toString();
        this.existingTeacher = teacher.isBlank() ? null : teacher;
    }

    /**
     * The workflow of {@code config} (method noisy-student, its parameters and the run settings every stage
     * shares: dataset, labels, seed, steps, …).
     *
     * @throws IllegalArgumentException for a method other than noisy-student or a parameter it does not read
     */
    public static NoisyStudentWorkflow of(RunConfig config) {
        if (!"noisy-student".equals(config.method()))
            throw new IllegalArgumentException("NoisyStudentWorkflow runs method noisy-student, got '" + config.method() + "'");
        return new NoisyStudentWorkflow(config);
    }

    /** Whether {@code config} asks for the whole workflow rather than one student stage, which reads a labelling stage's table. */
    public static boolean isWorkflow(RunConfig config) {
        return "noisy-student".equals(config.method())
                && !config.methodParams().getOrDefault("teacher", "").toString().endsWith(".csv");
    }

    /** Listeners for each training stage, by stage name ("teacher", "student-1", …). */
    public NoisyStudentWorkflow listeners(Function<String, List<TrainingListener>> perStage) {
        this.listeners = perStage;
        return this;
    }

    /** Told each generation's test accuracy as soon as it is known (also for stages a resumed run skips). */
    public NoisyStudentWorkflow onGeneration(Consumer<Generation> consumer) {
        this.onGeneration = consumer;
        return this;
    }

    /** The stage names in order. */
    public List<String> stageNames() {
        return workflow().stageNames();
    }

    /**
     * Checks everything that can be checked before a file is written: the data loads, the given teacher is a
     * finished run and reads this data's inputs (its feature count and classes).
     *
     * @throws IllegalArgumentException naming the file or field at fault
     */
    public void check() {
        Experiment data = Experiment.prepare(base);
        if (existingTeacher != null) {
            SavedRun teacher = SavedRun.load(Path.of(existingTeacher));
            ModelEnsemble.ofModels(List.of(teacher.model())).checkFits(data.train().exampleShape(), data.train().numClasses());
        }
    }

    /**
     * Runs the workflow in {@code folder}, or continues it there.
     *
     * @throws IllegalArgumentException when {@code folder} records another configuration or another workflow
     */
    public Result run(Path folder) throws IOException {
        check();
        Path record = folder.resolve(RECORD);
        if (Files.isRegularFile(record)) {
            if (!RunConfig.load(record).equals(asRecorded(config)))
                throw new IllegalArgumentException(folder + " holds a noisy-student run with another configuration (" + record
                        + "): continue it unchanged, or choose another folder");
        } else if (Files.isDirectory(folder)) {
            try (var entries = Files.list(folder)) {
                if (entries.findAny().isPresent())
                    throw new IllegalArgumentException(folder + " is not empty and holds no noisy-student run (" + RECORD + "): choose another folder");
            }
        }
        Files.createDirectories(folder);
        if (!Files.isRegularFile(record)) config.save(record);
        Artefacts out = workflow().run(folder);
        List<Generation> generations = new ArrayList<>();
        for (int g = 0; g <= settings.generations(); g++) {
            String stage = stage(g);
            generations.add(new Generation(g, out.path(stage), out.number(stage + "_test_accuracy")));
        }
        return new Result(folder, generations);
    }

    /** {@code c} as a record of it reads back (whole numbers as longs), to compare with a record. */
    private static RunConfig asRecorded(RunConfig c) throws IOException {
        Path tmp = Files.createTempFile("noisy-student-config", ".json");
        try {
            c.save(tmp);
            return RunConfig.load(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String stage(int generation) {
        return generation == 0 ? "teacher" : "student-" + generation;
    }

    private Workflow workflow() {
        Workflow.Builder plan = Workflow.builder().stage(existingTeacher == null
                ? Stages.trainWatched("teacher", in -> base, e -> listeners.apply("teacher"))
                : given(existingTeacher));
        plan.repeat(settings.generations(), g -> List.of(
                Stages.label("labels-" + g, stage(g - 1), in -> base),
                Stages.trainWatched(stage(g), in -> student(in.path("labels-" + g)), e -> listeners.apply(stage(g)))));
        plan.listener(new Workflow.StageListener() {
            @Override public void onSkipped(int index, Stage stage, Artefacts artefacts) { told(stage, artefacts); }
            @Override public void onEnd(int index, Stage stage, Artefacts artefacts) { told(stage, artefacts); }
        });
        return plan.build();
    }

    private void told(Stage stage, Artefacts artefacts) {
        String name = stage.name();
        if (!name.equals("teacher") && !name.startsWith("student-")) return;
        int g = name.equals("teacher") ? 0 : Integer.parseInt(name.substring("student-".length()));
        onGeneration.accept(new Generation(g, artefacts.path(name), artefacts.number(name + "_test_accuracy")));
    }

    /** A student's run: the noisy-student method on the table, with the student's model and dropout. */
    private RunConfig student(Path table) {
        RunConfig c = config.param("teacher", table.toString()).dropout(settings.studentDropout());
        return settings.studentModel().isBlank() ? c : c.model(settings.studentModel());
    }

    /** Generation 0 from an existing run: nothing to train, its test accuracy measured on this data's test set. */
    private Stage given(String teacherFolder) {
        return new Stage() {
            @Override public String name() { return "teacher"; }

            @Override public Artefacts run(Path folder, Artefacts inputs) {
                SavedRun teacher = SavedRun.load(Path.of(teacherFolder));
                Experiment data = Experiment.prepare(base);
                double accuracy = Evaluation.of(data.test().labels(),
                        Predictions.probabilities(teacher.model(), data.test().features(), 1000), data.test().classNames()).accuracy();
                return Artefacts.empty(folder.getParent()).with("teacher", Path.of(teacherFolder)).with("teacher_test_accuracy", accuracy);
            }
        };
    }
}
