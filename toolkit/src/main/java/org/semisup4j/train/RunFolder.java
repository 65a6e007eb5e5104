package org.semisup4j.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A run is data. The folder holds {@code config.json} (everything needed to run it again),
 * {@code metrics.csv} (tidy rows: step, epoch, kind, name, value — kind is term, weight, diagnostic, lr,
 * loss or accuracy), {@code final.json} (final evaluations) and {@code checkpoints/}.
 */
public final class RunFolder {
    private static final String HEADER = "step,epoch,kind,name,value";
    private final Path path;
    private BufferedWriter metrics;

    RunFolder(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    Path checkpoints() {
        return path.resolve("checkpoints");
    }

    /**
     * @param resuming whether the run continues the one this folder records: then its config.json must
     *                 describe this run too (it is never rewritten) and metrics.csv keeps the rows before
     *                 the first resumed step; otherwise the folder must not hold a run yet
     */
    void start(RunInfo info, boolean resuming) {
        if (Files.exists(path) && !Files.isDirectory(path))
            throw new IllegalArgumentException("run folder " + path + " is a file, expected a folder (or a path that does not exist yet)");
        if (!resuming) refuseToOverwriteAnotherRun();
        try {
            Files.createDirectories(path);
            Path config = path.resolve("config.json");
            if (resuming && Files.exists(config)) refuseToRewriteHistory(config, info.configuration());
            else Json.write(config, new LinkedHashMap<>(info.configuration()));
            Path csv = path.resolve("metrics.csv");
            if (resuming && Files.exists(csv)) keepRowsBefore(csv, info.firstStep());
            else Json.writeAtomically(csv, HEADER + "\n");
            metrics = Files.newBufferedWriter(csv, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run folder " + path + " (" + e + ")", e);
        }
    }

    /**
     * config.json records how the run was made; a resumed run that differs from it (say a new learning rate)
     * would leave a record that describes neither. Such a run is refused, naming the fields that differ.
     */
    private void refuseToRewriteHistory(Path config, Map<String, Object> now) throws IOException {
        JsonObject recorded;
        try {
            recorded = JsonParser.parseString(Files.readString(config)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(config + ": not a JSON object (" + e.getMessage() + "); cannot check that the resumed run is the recorded one");
        }
        JsonObject current = Json.GSON.toJsonTree(now).getAsJsonObject();
        Set<String> keys = new TreeSet<>(recorded.keySet());
        keys.addAll(current.keySet());
        List<String> changed = new ArrayList<>();
        for (String key : keys)
            if (!Objects.equals(recorded.get(key), current.get(key)))
                changed.add(key + " " + recorded.get(key) + " -> " + current.get(key));
        if (!changed.isEmpty())
            throw new IllegalArgumentException("run folder " + path + " records another configuration than the resumed run's ("
                    + String.join(", ", changed) + "); a resumed run continues the recorded one unchanged: start a new run"
                    + " in another folder to change a setting");
    }

    /**
     * A fresh run in a folder that already holds one would overwrite its config, metrics and results, and
     * checkpoint pruning would then mix the two runs' checkpoints: only a resumed run may reuse a folder.
     */
    private void refuseToOverwriteAnotherRun() {
        List<String> found = new ArrayList<>();
        for (String name : List.of("config.json", "metrics.csv", "final.json", "checkpoints"))
            if (Files.exists(path.resolve(name))) found.add(name);
        if (!found.isEmpty())
            throw new IllegalArgumentException("run folder " + path + " already holds a run (" + String.join(", ", found)
                    + "); a new run would overwrite it: choose another folder, or continue that run from its last checkpoint"
                    + " (from step 0 if it has none; CLI: --run-dir " + path + " --resume)");
    }

    /**
     * On resume, rows the failed run wrote after its last checkpoint are dropped (they will be redone). A
     * step's rows carry its index (0-based), an evaluation the number of steps taken: the evaluation at the
     * checkpoint's step came before the checkpoint and is kept.
     */
    private static void keepRowsBefore(Path csv, int firstStep) throws IOException {
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            if (line.equals(HEADER)) { kept.add(line); continue; }
            String[] cells = line.split(",", -1);
            if (cells.length != 5) continue; // a torn last line of a crashed run
            try {
                int step = Integer.parseInt(cells[0]);
                Double.parseDouble(cells[4]);
                if (step < firstStep || (step == firstStep && cells[2].equals("accuracy"))) kept.add(line);
            } catch (NumberFormatException ignored) {
                // a torn last line of a crashed run
            }
        }
        Json.writeAtomically(csv, String.join("\n", kept) + "\n");
    }

    void onStep(StepRecord r) {
        StringBuilder sb = new StringBuilder();
        row(sb, r.step(), r.epoch(), "loss", "total", r.loss());
        row(sb, r.step(), r.epoch(), "lr", "lr", r.learningRate());
        r.terms().forEach((k, v) -> row(sb, r.step(), r.epoch(), "term", k, v));
        r.weights().forEach((k, v) -> row(sb, r.step(), r.epoch(), "weight", k, v));
        r.diagnostics().forEach((k, v) -> row(sb, r.step(), r.epoch(), "diagnostic", k, v));
        write(sb);
    }

    void onEvaluation(EvaluationRecord e) {
        StringBuilder sb = new StringBuilder();
        e.accuracy().forEach((k, v) -> row(sb, e.step(), -1, "accuracy", k, v));
        write(sb);
    }

    void finish(TrainingResult result) {
        try {
            metrics.close();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("configuration", result.configuration());
            out.put("seconds", result.seconds());
            Map<String, Object> evals = new LinkedHashMap<>();
            result.evaluations().forEach((k, v) -> evals.put(k, v.toMap()));
            out.put("evaluations", evals);
            Json.write(path.resolve("final.json"), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path.resolve("final.json"), e);
        }
    }

    private static void row(StringBuilder sb, int step, int epoch, String kind, String name, double value) {
        sb.append(step).append(',').append(epoch).append(',').append(kind).append(',')
                .append(name.replace(',', ';')).append(',').append(value).append('\n');
    }

    private void write(StringBuilder sb) {
        try {
            metrics.write(sb.toString());
            metrics.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + path.resolve("metrics.csv"), e);
        }
    }
}
