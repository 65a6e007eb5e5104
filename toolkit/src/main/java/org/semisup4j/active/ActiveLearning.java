package org.semisup4j.active;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.semisup4j.data.Dataset;
import org.semisup4j.data.LabelSplit;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.model.Model;
import org.semisup4j.train.Checkpoints;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.StepRecord;
import org.semisup4j.train.Trainer;
import org.semisup4j.train.TrainingListener;
import org.semisup4j.train.TrainingResult;
import org.semisup4j.workflow.Artefacts;
import org.semisup4j.workflow.Stage;
import org.semisup4j.workflow.Stages;
import org.semisup4j.workflow.Workflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The active-learning loop, one {@link Workflow} stage per cycle ({@code 01-cycle-0/}, {@code 02-cycle-1/}, …):
 * train a fresh model on the labeled pool (the configuration's method, normally {@code supervised}), keeping K
 * snapshot students spread over the second half of training; test it; score the unlabeled pool with the
 * acquisition; the oracle reveals the labels of the top b, which join the pool of the next cycle. Cycle 0
 * starts from the configuration's balanced split of {@code labels} examples; C acquisition rounds give C + 1
 * trained models on N, N + b, …, N + C·b labels (the last cycle acquires nothing).
 *
 * <p>Each cycle's folder is an ordinary run folder (config.json with the pool's indices, metrics, checkpoints)
 * plus {@code snapshots/} and {@code cycle.json} (pool, test accuracy, the rows picked and their labels).
 * Running the loop again on its folder skips finished cycles and continues an interrupted one from its last
 * checkpoint (snapshots taken before it are on disk): the result is the one an uninterrupted run reaches.
 */
public final class ActiveLearning {
    static final String SETTINGS_FILE = "active.json", CONFIG_FILE = "base-config.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /**
     * One loop's definition.
     *
     * @param base        data, model, optimizer, steps and seed of every cycle's training; {@code labels} is the initial pool N
     * @param acquisition st-conal, random, entropy or bald
     * @param budget      b, examples labeled per cycle
     * @param cycles      C, acquisition rounds
     * @param snapshots   K, snapshot students per cycle (ST-CoNAL's temporal self-ensemble)
     * @param temperature ST-CoNAL's sharpening temperature
     * @param mcPasses    BALD's Monte-Carlo dropout passes
     */
    public record Settings(RunConfig base, String acquisition, int budget, int cycles, int snapshots, double temperature, int mcPasses) {
        public Settings {
            if (!Acquisition.NAMES.contains(acquisition))
                throw new IllegalArgumentException("acquisition must be one of " + String.join(", ", Acquisition.NAMES) + ", got '" + acquisition + "'");
            if (budget < 1) throw new IllegalArgumentException("budget (examples labeled per cycle) must be at least 1, got " + budget);
            if (cycles < 0) throw new IllegalArgumentException("cycles must be at least 0, got " + cycles);
            if (snapshots < 1) throw new IllegalArgumentException("snapshots (K) must be at least 1, got " + snapshots);
            if (snapshots > base.steps()) throw new IllegalArgumentException("snapshots (K = " + snapshots + ") cannot exceed the steps ("
                    + base.steps() + ") of a cycle's training");
            Acquisition.named(acquisition, temperature, mcPasses); // checks T and the passes
            if (acquisition.equals("bald") && !(base.dropout() > 0))
                throw new IllegalArgumentException("bald needs a model with dropout (Monte-Carlo dropout passes); dropout is " + base.dropout());
        }

        /** ST-CoNAL's defaults for the rest: K = 5 snapshots, T = 0.5, 20 dropout passes for BALD. */
        public static Settings of(RunConfig base, String acquisition, int budget, int cycles) {
            return new Settings(base, acquisition, budget, cycles, 5, 0.5, 20);
        }

        public Settings acquisition(String name) {
            return new Settings(base, name, budget, cycles, snapshots, temperature, mcPasses);
        }

        public Settings seed(long seed) {
            return new Settings(base.seed(seed), acquisition, budget, cycles, snapshots, temperature, mcPasses);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("acquisition", acquisition);
            m.put("initial", base.labels());
            m.put("budget", budget);
            m.put("cycles", cycles);
            m.put("snapshots", snapshots);
            m.put("temperature", temperature);
            m.put("mc_passes", mcPasses);
            return m;
        }
    }

    /** What one cycle did: trained on {@code labeled} (sorted rows), tested, then picked {@code picked} (best first). */
    public record Cycle(int index, int[] labeled, double testAccuracy, int[] picked, int[] pickedLabels) {
        public int labels() {
            return labeled.length;
        }
    }

    /** Every cycle, in order. */
    public record Result(Settings settings, List<Cycle> cycles) {
        public double[] accuracyPerCycle() {
            return cycles.stream().mapToDouble(Cycle::testAccuracy).toArray();
        }

        public int[] labelsPerCycle() {
            return cycles.stream().mapToInt(Cycle::labels).toArray();
        }
    }

    private ActiveLearning() {}

    /**
     * Every cycle's training unless told otherwise: the supervised loss with SGD (momentum 0.9, lr 0.05; ST-CoNAL's
     * snapshots are points along an SGD trajectory), dropout 0.2 (BALD's Monte-Carlo passes need it; every
     * acquisition gets the same model), 300 steps of 32 labeled rows, tested once at the end; 10 initial labels.
     */
    public static RunConfig defaults(String dataset) {
        return RunConfig.of(dataset).method("supervised").optimizer("sgd").learningRate(0.05).dropout(0.2).steps(300)
                .batchSize(32).evalEvery(0).labels(10);
    }

    /**
     * Runs the loop in {@code folder}, or continues the one there.
     *
     * @param onCycle told of each cycle as it ends (or is read back as finished), in order; may be null
     * @param listeners see every cycle's training
     * @throws IllegalArgumentException when {@code folder} holds a loop with other settings
     */
    public static Result run(Settings settings, Path folder, Consumer<Cycle> onCycle, TrainingListener... listeners) throws IOException {
        Files.createDirectories(folder);
        checkSameSettings(settings, folder);
        List<Cycle> cycles = new ArrayList<>();
        Workflow.Builder b = Workflow.builder();
        for (int c = 0; c <= settings.cycles(); c++) b.stage(cycle(settings, c, listeners));
        Consumer<Artefacts> record = a -> {
            Cycle cycle = readCycle(a.path("pool"));
            cycles.add(cycle);
            if (onCycle != null) onCycle.accept(cycle);
        };
        b.listener(new Workflow.StageListener() {
            @Override public void onSkipped(int index, Stage stage, Artefacts artefacts) { record.accept(artefacts); }
            @Override public void onEnd(int index, Stage stage, Artefacts artefacts) { record.accept(artefacts); }
        });
        b.build().run(folder);
        return new Result(settings, cycles);
    }

    /** Reads back the settings of the loop in {@code folder} (for {@code --resume}). */
    public static Settings load(Path folder) throws IOException {
        Path file = folder.resolve(SETTINGS_FILE);
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(folder + " holds no active-learning loop (no " + SETTINGS_FILE + ")");
        RunConfig base = RunConfig.load(folder.resolve(CONFIG_FILE));
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            return new Settings(base.labels(o.get("initial").getAsInt()), o.get("acquisition").getAsString(), o.get("budget").getAsInt(),
                    o.get("cycles").getAsInt(), o.get("snapshots").getAsInt(), o.get("temperature").getAsDouble(), o.get("mc_passes").getAsInt());
        } catch (RuntimeException e) {
            throw new IOException(file + ": not an active-learning record (fields acquisition, initial, budget, cycles, snapshots, "
                    + "temperature, mc_passes expected): " + e.getMessage(), e);
        }
    }

    /** Whether {@code folder} holds an active-learning loop. */
    public static boolean isLoop(Path folder) {
        return Files.isRegularFile(folder.resolve(SETTINGS_FILE));
    }

    private static void checkSameSettings(Settings settings, Path folder) throws IOException {
        if (isLoop(folder)) {
            Settings recorded = load(folder);
            if (!recorded.toMap().equals(settings.toMap()) || !asRecorded(recorded.base()).equals(asRecorded(settings.base())))
                throw new IllegalArgumentException(folder + " holds an active-learning loop with other settings (" + recorded.toMap()
                        + "); continue it with its own settings or choose another folder");
            return;
        }
        settings.base().save(folder.resolve(CONFIG_FILE));
        writeAtomically(folder.resolve(SETTINGS_FILE), GSON.toJson(settings.toMap()));
    }

    /** A configuration as its file holds it (a whole number read back is a long; the order of fields does not matter). */
    private static String asRecorded(RunConfig c) {
        return GSON.toJson(new java.util.TreeMap<>(c.toMap()));
    }

    /** Cycle {@code c}: train on the pool, test, acquire b (unless it is the last). */
    private static Stage cycle(Settings s, int c, TrainingListener... listeners) {
        return new Stage() {
            @Override
            public String name() {
                return "cycle-" + c;
            }

            @Override
            public Artefacts run(Path folder, Artefacts inputs) throws IOException {
                Experiment experiment = Experiment.prepare(s.base());
                Dataset train = experiment.train();
                int[] labeled = c == 0 ? experiment.split().labeled() : pool(readCycle(inputs.path("pool")));
                long wanted = (long) labeled.length + (long) (s.cycles() - c) * s.budget();
                if (wanted > train.size())
                    throw new IllegalArgumentException("initial " + s.base().labels() + " + cycles " + s.cycles() + " × budget " + s.budget()
                            + " labels exceed the " + train.size() + " training examples of '" + train.name() + "'");
                int[] unlabeled = Acquisition.without(IntStream.range(0, train.size()).toArray(), labeled);
                experiment.useSplit(LabelSplit.of(train.name() + "/active-" + s.acquisition() + "/cycle-" + c, train, labeled, unlabeled,
                        new int[0], s.base().seed(), "active learning (" + s.acquisition() + "), cycle " + c + ": " + labeled.length
                                + " labels, the first " + s.base().labels() + " a balanced draw, " + s.budget() + " acquired per cycle"));

                Optional<Path> checkpoint = Checkpoints.latest(folder.resolve("checkpoints"));
                if (checkpoint.isEmpty()) Stages.removeUncheckpointedAttempt(folder);
                Snapshots snapshots = new Snapshots(experiment.model(), folder.resolve("snapshots"), s.base().steps(), s.snapshots());
                List<TrainingListener> all = new ArrayList<>(List.of(listeners));
                all.add(snapshots);
                Trainer trainer = experiment.trainer(folder, all.toArray(TrainingListener[]::new));
                if (checkpoint.isPresent()) trainer.resumeFrom(checkpoint.get());
                TrainingResult result = trainer.run();

                int[] picked = new int[0];
                if (c < s.cycles()) {
                    Acquisition acquisition = Acquisition.named(s.acquisition(), s.temperature(), s.mcPasses());
                    Acquisition.Trained trained = new Acquisition.Trained(experiment.model(), snapshots.load());
                    picked = acquisition.choose(trained, train.features(unlabeled), unlabeled, s.budget(),
                            s.base().seed() * 1_000_003L + c);
                }
                Cycle cycle = new Cycle(c, labeled, result.accuracy(), picked, train.labels(picked));
                Path file = folder.resolve("cycle.json");
                writeCycle(file, cycle);
                return Artefacts.empty(folder.getParent()).with("pool", file).with("cycle-" + c + "_test_accuracy", result.accuracy());
            }
        };
    }

    /** The pool after a cycle: what it trained on and what it picked. */
    private static int[] pool(Cycle previous) {
        return IntStream.concat(IntStream.of(previous.labeled()), IntStream.of(previous.picked())).sorted().toArray();
    }

    /**
     * Takes snapshot k (1..K) after update ⌈steps·(K + k)/(2K)⌉, spread over the second half of training (the
     * last is the final model), each saved to disk once, so a resumed cycle has the ones taken before its checkpoint.
     */
    static final class Snapshots implements TrainingListener {
        private final Model model;
        private final Path folder;
        private final int[] atUpdate;

        Snapshots(Model model, Path folder, int steps, int k) {
            this.model = model;
            this.folder = folder;
            this.atUpdate = IntStream.rangeClosed(1, k).map(i -> (int) Math.ceil(steps * (double) (k + i) / (2.0 * k))).toArray();
        }

        @Override
        public void onStep(StepRecord step) {
            for (int i = 0; i < atUpdate.length; i++) {
                if (atUpdate[i] != step.step() + 1) continue;
                Path file = file(i);
                if (Files.exists(file)) continue;
                try {
                    Files.createDirectories(folder);
                    model.save(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not save snapshot " + (i + 1) + " to " + file, e);
                }
            }
        }

        List<Model> load() throws IOException {
            List<Model> out = new ArrayList<>();
            for (int i = 0; i < atUpdate.length; i++) {
                Model m = model.copy();
                m.load(file(i));
                out.add(m);
            }
            return out;
        }

        int[] updates() {
            return atUpdate.clone();
        }

        private Path file(int i) {
            return folder.resolve(String.format("snapshot-%d-update-%d.bin", i + 1, atUpdate[i]));
        }
    }

    static void writeCycle(Path file, Cycle c) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cycle", c.index());
        m.put("labels", c.labels());
        m.put("test_accuracy", c.testAccuracy());
        m.put("labeled", c.labeled());
        m.put("picked", c.picked());
        m.put("picked_labels", c.pickedLabels());
        writeAtomically(file, GSON.toJson(m));
    }

    static Cycle readCycle(Path file) {
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            return new Cycle(o.get("cycle").getAsInt(), GSON.fromJson(o.get("labeled"), int[].class), o.get("test_accuracy").getAsDouble(),
                    GSON.fromJson(o.get("picked"), int[].class), GSON.fromJson(o.get("picked_labels"), int[].class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cycle record " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a cycle record (fields cycle, labeled, test_accuracy, picked, picked_labels "
                    + "expected): " + e.getMessage(), e);
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
