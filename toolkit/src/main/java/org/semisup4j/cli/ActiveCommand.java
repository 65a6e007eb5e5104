package org.semisup4j.cli;

import com.google.gson.GsonBuilder;
import org.semisup4j.active.Acquisition;
import org.semisup4j.active.ActiveLearning;
import org.semisup4j.data.Datasets;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.TrainingDivergedException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./semisup4j active --acquisition st-conal|random|entropy|bald --dataset D [--label-column C] --initial N
 * --budget B --cycles C --seed S [--run-dir R [--resume]] [--json]}: the {@link ActiveLearning} loop from the
 * command line. With {@code --json} the last line is one JSON object with {@code accuracy_per_cycle} and
 * {@code labels_per_cycle}.
 */
final class ActiveCommand {
    static RunConfig defaults(String dataset) {
        return ActiveLearning.defaults(dataset);
    }

    private ActiveCommand() {}

    static int run(String[] args, PrintStream err) {
        try {
            return active(args);
        } catch (TrainingDivergedException e) {
            err.println("semisup4j active: " + Main.oneLine(e.getMessage()));
            return 1;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            Throwable cause = e.getCause();
            if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) message += ": " + cause.getMessage();
            err.println("semisup4j active: " + Main.oneLine(message));
            return 2;
        }
    }

    private static int active(String[] args) {
        boolean json = false, resume = false;
        Path runDir = null;
        String dataset = "two-moons";
        for (int i = 0; i < args.length - 1; i++) if (args[i].equals("--dataset")) dataset = args[i + 1];
        RunConfig base = defaults(dataset);
        String acquisition = "st-conal";
        int budget = 10, cycles = 5, snapshots = 5, passes = 20;
        double temperature = 0.5;
        List<String> changing = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> { System.out.println(help()); return 0; }
                case "--json" -> json = true;
                case "--resume" -> resume = true;
                default -> {
                    String v = Main.value(args, ++i, a);
                    if (!a.equals("--run-dir")) changing.add(a);
                    switch (a) {
                        case "--run-dir" -> runDir = Path.of(v);
                        case "--acquisition" -> acquisition = v;
                        case "--dataset" -> base = base.dataset(v);
                        case "--label-column" -> base = base.labelColumn(v);
                        case "--initial" -> base = base.labels(Main.integer(v, a));
                        case "--budget" -> budget = Main.integer(v, a);
                        case "--cycles" -> cycles = Main.integer(v, a);
                        case "--seed" -> base = base.seed(Main.wholeNumber(v, a));
                        case "--steps" -> base = base.steps(Main.integer(v, a));
                        case "--batch-size" -> base = base.batchSize(Main.integer(v, a));
                        case "--model" -> base = base.model(v);
                        case "--optimizer" -> base = base.optimizer(v);
                        case "--lr" -> base = base.learningRate(Main.number(v, a));
                        case "--dropout" -> base = base.dropout(Main.number(v, a));
                        case "--train-size" -> base = base.trainSize(Main.integer(v, a));
                        case "--test-size" -> base = base.testSize(Main.integer(v, a));
                        case "--snapshots" -> snapshots = Main.integer(v, a);
                        case "--temperature" -> temperature = Main.number(v, a);
                        case "--passes" -> passes = Main.integer(v, a);
                        default -> throw new IllegalArgumentException("unknown option '" + a + "' (see semisup4j active --help)");
                    }
                }
            }
        }
        ActiveLearning.Settings settings;
        boolean temporary = runDir == null;
        try {
            if (resume) {
                if (runDir == null) throw new IllegalArgumentException("--resume needs --run-dir: the folder of the loop to continue");
                if (!ActiveLearning.isLoop(runDir)) throw new IllegalArgumentException("--resume: " + runDir
                        + " holds no active-learning loop (no active.json); start one there with --run-dir " + runDir + " (without --resume)");
                if (!changing.isEmpty()) throw new IllegalArgumentException("--resume continues the loop in " + runDir + " unchanged; "
                        + changing.get(0) + " would change it. Start a new loop in another folder to change a setting");
                settings = ActiveLearning.load(runDir);
            } else {
                if (runDir != null && Files.exists(runDir) && (ActiveLearning.isLoop(runDir) || nonEmpty(runDir)))
                    throw new IllegalArgumentException("--run-dir: " + runDir + (ActiveLearning.isLoop(runDir)
                            ? " already holds an active-learning loop; continue it with --run-dir " + runDir + " --resume, or choose another folder"
                            : " is not empty; choose a new folder"));
                base.validate();
                settings = new ActiveLearning.Settings(base, acquisition, budget, cycles, snapshots, temperature, passes);
            }
            if (temporary) runDir = Files.createTempDirectory("semisup4j-active");
            long start = System.nanoTime();
            String title = settings.acquisition() + " on " + settings.base().dataset();
            ActiveLearning.Result result = ActiveLearning.run(settings, runDir, c -> System.out.printf(Locale.ROOT,
                    "%s, cycle %d: %d labels, test accuracy %.4f%n", title, c.index(), c.labels(), c.testAccuracy()));
            if (json) System.out.println(jsonLine(result, (System.nanoTime() - start) / 1e9, temporary ? null : runDir));
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } finally {
            if (temporary && runDir != null) deleteQuietly(runDir);
        }
    }

    private static String jsonLine(ActiveLearning.Result r, double seconds, Path runDir) {
        ActiveLearning.Settings s = r.settings();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("acquisition", s.acquisition());
        line.put("dataset", s.base().dataset());
        line.put("initial", s.base().labels());
        line.put("budget", s.budget());
        line.put("cycles", s.cycles());
        line.put("seed", s.base().seed());
        line.put("steps", s.base().steps());
        line.put("accuracy_per_cycle", r.accuracyPerCycle());
        line.put("labels_per_cycle", r.labelsPerCycle());
        line.put("seconds", Math.round(seconds * 1000) / 1000.0);
        if (runDir != null) line.put("run_dir", runDir.toString());
        return new GsonBuilder().disableHtmlEscaping().create().toJson(line);
    }

    private static boolean nonEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--run-dir: " + dir + " is a file, not a folder");
        try (var list = Files.list(dir)) {
            return list.findAny().isPresent();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary folder left behind is harmless
        }
    }

    static String help() {
        RunConfig d = defaults("two-moons");
        return String.join("\n",
                "semisup4j active — an active-learning loop: train, score the unlabeled pool, label the top b, repeat",
                "",
                "  --acquisition NAME    " + String.join(", ", Acquisition.NAMES) + " (default st-conal)",
                "  --dataset NAME        " + String.join(", ", Datasets.NAMES) + ", or csv:PATH (default two-moons)",
                "  --label-column COL    label column of a CSV (default label)",
                "  --initial N           labeled examples before the first cycle, balanced over classes (default " + d.labels() + ")",
                "  --budget B            examples the oracle labels per cycle (default 10)",
                "  --cycles C            acquisition rounds; C + 1 models are trained (default 5)",
                "  --seed S              seed of the initial pool, the weights, batches and acquisition (default 0)",
                "  --steps K             SGD steps per cycle (default " + d.steps() + "); --batch-size, --lr (default " + d.learningRate()
                        + "), --optimizer, --model, --dropout (default " + d.dropout() + ")",
                "  --snapshots K         st-conal: snapshot students over the second half of training (default 5)",
                "  --temperature T       st-conal: sharpening temperature of the teacher (default 0.5)",
                "  --passes T            bald: Monte-Carlo dropout passes (default 20)",
                "  --train-size N, --test-size N   use a seeded subset (quick runs)",
                "  --run-dir DIR         keep the loop there (one run folder per cycle); without it a temporary folder is used",
                "  --resume              with --run-dir: continue that loop, unchanged, from its last finished cycle",
                "  --json                end with one JSON line: acquisition, dataset, initial, budget, cycles, seed, steps,",
                "                        accuracy_per_cycle, labels_per_cycle, seconds",
                "",
                "Exit status: 0 done, 1 training diverged, 2 bad input (one line naming the option and what was expected).");
    }
}
