package org.semisup4j.train;

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

    void start(RunInfo info) {
        if (info.firstStep() == 0) refuseToOverwriteAnotherRun();
        try {
            Files.createDirectories(path);
            Map<String, Object> config = new LinkedHashMap<>(info.configuration());
            Json.write(path.resolve("config.json"), config);
            Path csv = path.resolve("metrics.csv");
            if (info.firstStep() > 0 && Files.exists(csv)) keepRowsBefore(csv, info.firstStep());
            else Json.writeAtomically(csv, HEADER + "\n");
            metrics = Files.newBufferedWriter(csv, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run folder " + path, e);
        }
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
                    + "); a new run would overwrite it: choose another folder, or resume that run from its last checkpoint"
                    + " (CLI: --run-dir " + path + " --resume)");
    }

    /** On resume, rows the failed run wrote after its last checkpoint are dropped (they will be redone). */
    private static void keepRowsBefore(Path csv, int firstStep) throws IOException {
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            if (line.equals(HEADER)) { kept.add(line); continue; }
            int comma = line.indexOf(',');
            try {
                if (comma > 0 && Integer.parseInt(line.substring(0, comma)) < firstStep) kept.add(line);
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
