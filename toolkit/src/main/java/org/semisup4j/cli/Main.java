package org.semisup4j.cli;

import com.google.gson.GsonBuilder;
import org.semisup4j.data.Datasets;
import org.semisup4j.eval.Evaluation;
import org.semisup4j.eval.Fidelity;
import org.semisup4j.method.LearnsFromTeacher;
import org.semisup4j.teacher.TrainedTeacher;
import org.semisup4j.method.Methods;
import org.semisup4j.train.Checkpoints;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.train.LiveTraining;
import org.semisup4j.train.PeakMemory;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.Trainer;
import org.semisup4j.train.TrainingDivergedException;
import org.semisup4j.train.TrainingResult;
import org.semisup4j.workflow.NoisyStudentWorkflow;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./semisup4j train --method NAME --dataset NAME|csv:PATH [--label-column COL] --labels N --seed S
 * --steps K [--json]}: the same {@link RunConfig} a notebook builds, from the command line.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    /**
     * Runs a command and returns its exit status: 0 done, 1 training diverged, 2 bad input. A failure is one
     * line on {@code err} naming what is wrong; a stack trace would only bury it (bugs still throw).
     */
    static int run(String[] args, PrintStream err) {
        if (args.length > 0 && args[0].equals("active")) return ActiveCommand.run(Arrays.copyOfRange(args, 1, args.length), err);
        if (args.length == 0 || !args[0].equals("train")) {
            err.println("usage: semisup4j train|active [options]   (semisup4j train --help, semisup4j active --help)");
            return 2;
        }
        try {
            return train(Arrays.copyOfRange(args, 1, args.length));
        } catch (TrainingDivergedException e) {
            err.println("semisup4j train: " + oneLine(e.getMessage()));
            return 1;
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            Throwable cause = e.getCause();
            if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) message += ": " + cause.getMessage();
            err.println("semisup4j train: " + oneLine(message));
            return 2;
        }
    }

    static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    static int train(String[] args) {
        RunConfig config = RunConfig.of("two-moons");
        Path configFile = null, runDir = null;
        boolean resume = List.of(args).contains("--resume");
        // --config (or, with --resume, the run folder's config.json) gives the base; options on the command
        // line override it, wherever they stand.
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--config")) configFile = Path.of(args[i + 1]);
            if (args[i].equals("--run-dir")) runDir = Path.of(args[i + 1]);
        }
        if (resume) configFile = recordedConfig(runDir);
        if (configFile != null) {
            if (Files.isDirectory(configFile)) throw new IllegalArgumentException("--config: " + configFile + " is a folder, expected a config.json file");
            if (!Files.exists(configFile)) throw new IllegalArgumentException("--config: " + configFile + ": no such file");
            try {
                config = RunConfig.load(configFile);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> { System.out.println(help()); return 0; }
                case "--json" -> json = true;
                case "--resume" -> { }
                case "--config" -> {
                    value(args, ++i, a);
                    if (resume) throw new IllegalArgumentException("--resume reads the run's own " + configFile + "; --config "
                            + args[i] + " would replace it. Start a new run from it instead: --config " + args[i] + " --run-dir NEW_FOLDER");
                }
                default -> {
                    String v = value(args, ++i, a);
                    if (resume && !a.equals("--run-dir")) throw new IllegalArgumentException("--resume continues the run that "
                            + configFile + " records, unchanged; " + a + " would change it. To change a setting, start a new run"
                            + " from that one: --config " + configFile + " " + a + " " + v + " --run-dir NEW_FOLDER");
                    config = switch (a) {
                        case "--method" -> config.method(v);
                        case "--dataset" -> config.dataset(v);
                        case "--label-column" -> config.labelColumn(v);
                        case "--image-shape" -> config.imageShape(v);
                        case "--labels" -> config.labels(integer(v, a));
                        case "--seed" -> config.seed(wholeNumber(v, a));
                        case "--steps" -> config.steps(integer(v, a));
                        case "--batch-size" -> config.batchSize(integer(v, a));
                        case "--mu" -> config.unlabeledRatio(integer(v, a));
                        case "--batches" -> config.batches(v);
                        case "--model" -> config.model(v);
                        case "--optimizer" -> config.optimizer(v);
                        case "--lr" -> config.learningRate(number(v, a));
                        case "--lr-schedule" -> config.learningRateSchedule(v);
                        case "--weight-decay" -> config.weightDecay(number(v, a));
                        case "--dropout" -> config.dropout(number(v, a));
                        case "--ema" -> config.ema(number(v, a));
                        case "--noise" -> config.noise(number(v, a));
                        case "--strong-noise" -> config.strongNoise(number(v, a));
                        case "--augment" -> config.augment(v);
                        case "--eval-every" -> config.evalEvery(integer(v, a));
                        case "--train-size" -> config.trainSize(integer(v, a));
                        case "--test-size" -> config.testSize(integer(v, a));
                        case "--unlabeled-fraction" -> config.unlabeledFraction(number(v, a));
                        case "--mismatch" -> {
                            String[] parts = v.split(":");
                            yield config.mismatch(number(parts[0], a), parts.length > 1 ? integer(parts[1], a) : 6);
                        }
                        case "--run-dir" -> config;
                        case "--teacher" -> config.param("teacher", v);
                        case "--param" -> {
                            int eq = v.indexOf('=');
                            if (eq <= 0) throw new IllegalArgumentException("--param takes NAME=VALUE, got '" + v + "'");
                            yield config.param(v.substring(0, eq), v.substring(eq + 1));
                        }
                        default -> throw new IllegalArgumentException("unknown option '" + a + "' (see --help)");
                    };
                }
            }
        }
        if (NoisyStudentWorkflow.isWorkflow(config)) return noisyStudent(config, runDir, resume, json);
        if (config.method().equals("robust-self-training")) config = org.semisup4j.method.RobustSelfTraining.withPseudoLabels(config, runDir);
        Experiment experiment;
        try {
            experiment = Experiment.prepare(config);
        } catch (IllegalArgumentException e) {
            if (configFile == null) throw e;
            throw new IllegalArgumentException(configFile + " (with the command line's options): " + e.getMessage(), e);
        }
        Trainer trainer = experiment.trainer(runDir, LiveTraining.progressOnly(config.method() + " on " + config.dataset()));
        if (resume) {
            try {
                trainer.resume();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("--resume: cannot read the checkpoints of " + runDir, e);
            }
        }
        TrainingResult result;
        try {
            result = trainer.run();
        } catch (TrainingDivergedException e) {
            if (json) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("error", "diverged");
                line.put("step", e.step());
                line.put("term", e.term());
                line.put("weight", String.valueOf(e.weight())); // text: JSON has no NaN or Infinity
                line.put("value", String.valueOf(e.value()));
                System.out.println(jsonLine(config, line));
            }
            throw e;
        }
        Evaluation student = result.evaluations().get("student");
        System.out.println(student);
        result.evaluations().forEach((name, e) -> {
            if (!name.equals("student")) System.out.printf(Locale.ROOT, "%s accuracy: %.4f%n", name, e.accuracy());
        });
        if (json) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("test_accuracy", student.accuracy());
            result.evaluations().forEach((name, e) -> {
                if (!name.equals("student")) line.put(name + "_test_accuracy", e.accuracy());
            });
            line.put("macro_f1", student.macroF1());
            if (experiment.method() instanceof LearnsFromTeacher learner) line.putAll(fidelity(experiment, learner.teacher()));
            line.putAll(org.semisup4j.method.MeasuresRobustness.fieldsOf(experiment.method(), experiment.model(), experiment.test(), config.seed()));
            line.put("seconds", Math.round(result.seconds() * 1000) / 1000.0);
            if (result.runFolder() != null) line.put("run_dir", result.runFolder().toString());
            System.out.println(jsonLine(config, line));
        }
        return 0;
    }

    /**
     * {@code --method noisy-student}: the whole workflow (teacher, then label and student per generation), in
     * --run-dir (resumable stage by stage) or a temporary folder; the JSON line adds every generation's accuracy.
     */
    private static int noisyStudent(RunConfig config, Path runDir, boolean resume, boolean json) {
        if (runDir != null && !resume && Files.exists(runDir.resolve(NoisyStudentWorkflow.RECORD)))
            throw new IllegalArgumentException("--run-dir " + runDir + " already holds a noisy-student run: continue it with --resume,"
                    + " or choose another folder");
        NoisyStudentWorkflow workflow = NoisyStudentWorkflow.of(config)
                .listeners(stage -> List.of(LiveTraining.progressOnly("noisy-student " + stage + " on " + config.dataset())));
        workflow.check(); // before anything is written
        long start = System.nanoTime();
        Path folder = runDir;
        try {
            if (folder == null) folder = Files.createTempDirectory("noisy-student");
            NoisyStudentWorkflow.Result result = workflow.run(folder);
            List<Map<String, Object>> generations = new java.util.ArrayList<>();
            for (NoisyStudentWorkflow.Generation g : result.generations()) {
                System.out.printf(Locale.ROOT, "%s accuracy: %.4f%n", g.generation() == 0 ? "teacher" : "student " + g.generation(), g.testAccuracy());
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("generation", g.generation());
                one.put("test_accuracy", g.testAccuracy());
                generations.add(one);
            }
            if (json) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("test_accuracy", result.last().testAccuracy());
                line.put("teacher_test_accuracy", result.teacher().testAccuracy());
                line.put("generations", generations);
                line.put("seconds", Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
                if (runDir != null) line.put("run_dir", runDir.toString());
                System.out.println(jsonLine(config, line));
            }
            return 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("noisy-student in " + folder + ": " + e.getMessage(), e);
        } finally {
            if (runDir == null && folder != null) deleteQuietly(folder);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (var walk = Files.walk(folder)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (java.io.IOException | java.io.UncheckedIOException ignored) {
            // a temporary folder left behind is harmless
        }
    }

    /** One JSON object naming the run (method, dataset, labels, seed, steps), then {@code fields}. */
    private static String jsonLine(RunConfig config, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("method", config.method());
        line.put("dataset", config.dataset());
        line.put("labels", config.labels());
        line.put("seed", config.seed());
        line.put("steps", config.steps());
        line.putAll(fields);
        line.put("peak_rss_mb", Math.round(PeakMemory.megabytes() * 10) / 10.0);
        if (!"VmHWM".equals(PeakMemory.source())) line.put("peak_rss_source", PeakMemory.source());
        return new GsonBuilder().disableHtmlEscaping().create().toJson(line); // keep "=" of dataset options
    }

    /**
     * The config.json of the run {@code --resume} continues. A folder without one holds no run (perhaps it
     * was killed before it wrote anything): then it is started, not resumed.
     */
    private static Path recordedConfig(Path runDir) {
        if (runDir == null) throw new IllegalArgumentException("--resume needs --run-dir: the folder of the run to continue");
        if (!Files.isDirectory(runDir)) throw new IllegalArgumentException("--resume: " + runDir
                + (Files.exists(runDir) ? " is a file, not a run folder" : ": no such folder") + "; start a run there with --run-dir " + runDir + " (without --resume)");
        Path config = runDir.resolve("config.json");
        if (!Files.isRegularFile(config) && Files.isRegularFile(runDir.resolve(NoisyStudentWorkflow.RECORD)))
            return runDir.resolve(NoisyStudentWorkflow.RECORD); // a workflow's folder: its stages resume one by one
        if (!Files.isRegularFile(config)) throw new IllegalArgumentException("--resume: " + runDir
                + " holds no run (no config.json); start one there with --run-dir " + runDir + " (without --resume)");
        return config;
    }

    /**
     * Agreement and predictive KL of the student with its teacher on the test set and on the labeled training
     * rows (a table teacher holds training rows only, so it gets the train figures alone).
     */
    private static Map<String, Object> fidelity(Experiment experiment, TrainedTeacher teacher) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (teacher.readsInputs()) {
            Fidelity test = Fidelity.of(teacher, experiment.model(), experiment.test().features(), null);
            out.put("agreement", test.agreement());
            out.put("predictive_kl", test.meanKl());
        }
        int[] rows = experiment.split().labeled();
        Fidelity train = Fidelity.of(teacher, experiment.model(), experiment.train().features(rows), rows);
        out.put("train_agreement", train.agreement());
        out.put("train_predictive_kl", train.meanKl());
        return out;
    }

    static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }

    static int integer(String v, String option) {
        long n = wholeNumber(v, option);
        if (n != (int) n)
            throw new IllegalArgumentException(option + " takes a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ", got '" + v + "'");
        return (int) n;
    }

    static long wholeNumber(String v, String option) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + (v.strip().matches("[+-]?\\d+")
                    ? " takes a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
                    : " takes a whole number") + ", got '" + v + "'");
        }
    }

    static double number(String v, String option) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number, got '" + v + "'");
        }
    }

    static String help() {
        RunConfig d = RunConfig.of("two-moons");
        return String.join("\n",
                "semisup4j train — train and evaluate one run",
                "",
                "  --method NAME         " + String.join(", ", Methods.names()) + " (default " + d.method() + ")",
                "  --dataset NAME        " + String.join(", ", Datasets.NAMES) + ", or csv:PATH (default two-moons)",
                "  --label-column COL    label column of a CSV (default label); 20 % of the rows are held out as the test set",
                "                        (or csv:PATH,test=FILE); CSV features are standardised with the training rows'",
                "                        mean and std, as the methods' noise and ε assume (csv:PATH,scale=none keeps them);",
                "                        CSV images (shape=) are scaled to [0,1] by the training rows' largest value instead",
                "  --image-shape CxHxW   read vector data (a CSV's feature columns, digits) as images of this shape (e.g. 1x28x28,",
                "                        digits 1x8x8; channel planes in turn, each row by row): image models, augmentations apply",
                "  --labels N            labeled examples in total, balanced over classes (default " + d.labels() + ")",
                "  --seed S              seed of the split, the initial weights, batches and augmentation (default 0)",
                "  --steps K             optimizer steps (default " + d.steps() + ")",
                "  --batch-size B        labeled examples per batch (default " + d.batchSize() + ")",
                "  --mu M                unlabeled examples per labeled one (default " + d.unlabeledRatio() + ")",
                "  --batches KIND        fixed-share or uniform (default fixed-share)",
                "  --model NAME          auto, mlp, mlp-bn (batch norm), mlp:H1-H2-…, shallow:W[/K] (one wide layer, optional linear bottleneck), cnn,",
                "                        cnn13, wrn28-2 (default auto)",
                "  --optimizer NAME      adam or sgd (default adam); --lr, --lr-schedule constant|cosine|fixmatch-cosine, --weight-decay",
                "  --dropout P, --ema DECAY, --noise RATE (symmetric label noise), --eval-every N",
                "  --strong-noise S      σ of the strong augmentation's noise on vector inputs (default 0.15)",
                "  --augment KIND        vector or image: an MLP on images gets noise on pixels (default) or flips, crops, RandAugment",
                "  --train-size N, --test-size N   use a seeded subset (quick runs)",
                "  --unlabeled-fraction F  keep this share of the unlabeled pool (Oliver et al.'s unlabeled-amount sweep)",
                "  --mismatch S[:K]      class mismatch: labels on classes 0..K-1 (default 6), unlabeled share S from the other classes",
                "  --param NAME=VALUE    a method's own hyperparameter (repeatable)",
                "  --teacher RUN_DIR     distill, mimic, amal: the trained teacher — a run folder, several separated by commas or",
                "                        a folder of run folders (an ensemble), or a labelling stage's outputs.csv; the JSON line",
                "                        then adds agreement, predictive_kl (test), train_agreement, train_predictive_kl",
                "  noisy-student         a workflow: teacher on labels → labels the pool → noised student (→ next teacher), --param",
                "                        generations=N, threshold, balance, labels=soft|hard, noise=all|input|dropout|none,",
                "                        student_dropout, student_model; --teacher RUN_DIR starts from that run; JSON adds generations",
                "  adversarial-training, robust-self-training: --param epsilon=0.1, attack_steps=10, loss=trades|madry, beta=6;",
                "                        the JSON line adds robust_accuracy under a PGD of eval_steps (20) × eval_restarts (5)",
                "                        and its attack_* settings; robust-self-training without --teacher first trains the",
                "                        standard model that pseudo-labels the pool (in RUN_DIR/standard-model)",
                "  --run-dir DIR         write config.json, metrics.csv, final.json and checkpoints there (a folder",
                "                        that already holds a run is refused rather than overwritten)",
                "  --resume              with --run-dir: continue that run, unchanged, from its last checkpoint (from",
                "                        step 0 if it has none); other options are refused as they would change it",
                "  --config FILE         read the whole configuration from a config.json",
                "  --json                end with one JSON line: method, dataset, labels, seed, steps, test_accuracy, seconds",
                "                        (or error, step, term, weight when training diverged)",
                "",
                "Exit status: 0 done, 1 training diverged (NaN or infinite loss; checkpoints kept), 2 bad input.",
                "A failure is one line on standard error naming the file, option or field and what was expected.");
    }
}
