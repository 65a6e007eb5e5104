package org.semisup4j.workflow;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Work above the training step: stages run one after another, each in its own folder {@code 01-teacher/},
 * {@code 02-student/}, … under the workflow's folder, each handing its artefacts (a trained model, a table of
 * teacher outputs, a generation number) to the stages after it.
 *
 * <p>A finished stage leaves {@code stage.json} (its artefacts) in its folder. Running the workflow again on
 * the same folder skips every finished stage, reading its artefacts back, and continues the first unfinished
 * one where it stopped — after a crash, a kill or an exception, nothing finished is redone or overwritten.
 * {@code workflow.json} names the stages: a folder that holds another workflow is refused.
 *
 * <pre>{@code
 * Workflow w = Workflow.builder()
 *         .stage(Stages.train("teacher", in -> base.method("supervised")))
 *         .stage(Stages.train("student", in -> base.method("distill").param("teacher", in.path("teacher").toString())))
 *         .build();
 * Artefacts out = w.run(Path.of("runs/kd"));
 * }</pre>
 */
public final class Workflow {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private final List<Stage> stages;
    private final List<StageListener> listeners;

    /** Told when each stage starts, is skipped as already finished, or ends. */
    public interface StageListener {
        default void onSkipped(int index, Stage stage, Artefacts artefacts) {}
        default void onStart(int index, Stage stage, Path folder) {}
        default void onEnd(int index, Stage stage, Artefacts artefacts) {}
    }

    private Workflow(List<Stage> stages, List<StageListener> listeners) {
        this.stages = List.copyOf(stages);
        this.listeners = List.copyOf(listeners);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<String> stageNames() {
        return stages.stream().map(Stage::name).toList();
    }

    /** The folder of stage {@code index} (0-based) under {@code root}. */
    public Path folderOf(Path root, int index) {
        return root.resolve(String.format("%02d-%s", index + 1, stages.get(index).name()));
    }

    /**
     * Runs (or continues) the workflow in {@code root}.
     *
     * @return the artefacts of all stages, later ones replacing earlier ones of the same name
     * @throws IllegalArgumentException when {@code root} holds a different workflow
     */
    public Artefacts run(Path root) throws IOException {
        Files.createDirectories(root);
        checkSameWorkflow(root);
        Artefacts artefacts = Artefacts.empty(root);
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            Path folder = folderOf(root, i);
            Path record = folder.resolve("stage.json");
            if (Files.isRegularFile(record)) {
                Artefacts done = read(root, record);
                artefacts = artefacts.and(done);
                for (StageListener l : listeners) l.onSkipped(i, stage, done);
                continue;
            }
            Files.createDirectories(folder);
            for (StageListener l : listeners) l.onStart(i, stage, folder);
            Artefacts produced = stage.run(folder, artefacts);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("stage", stage.name());
            out.put("artefacts", produced.toMap());
            writeAtomically(record, GSON.toJson(out));
            artefacts = artefacts.and(produced);
            for (StageListener l : listeners) l.onEnd(i, stage, produced);
        }
        return artefacts;
    }

    /** Which stages have finished in {@code root} (their stage.json exists), in order. */
    public List<String> finishedStages(Path root) {
        List<String> done = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++)
            if (Files.isRegularFile(folderOf(root, i).resolve("stage.json"))) done.add(stages.get(i).name());
        return done;
    }

    private void checkSameWorkflow(Path root) throws IOException {
        Path file = root.resolve("workflow.json");
        if (Files.isRegularFile(file)) {
            List<String> recorded;
            try {
                JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
                recorded = GSON.fromJson(o.get("stages"), new TypeToken<List<String>>() {}.getType());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ": not a workflow record (field 'stages' expected): " + e.getMessage(), e);
            }
            if (!stageNames().equals(recorded))
                throw new IllegalArgumentException("workflow folder " + root + " holds another workflow (stages " + recorded
                        + ", this one has " + stageNames() + "): choose another folder");
            return;
        }
        writeAtomically(file, GSON.toJson(Map.of("stages", stageNames())));
    }

    private static Artefacts read(Path root, Path record) throws IOException {
        try {
            JsonObject o = JsonParser.parseString(Files.readString(record)).getAsJsonObject();
            Map<String, Object> values = new LinkedHashMap<>();
            for (var e : o.getAsJsonObject("artefacts").entrySet()) {
                var p = e.getValue().getAsJsonPrimitive();
                values.put(e.getKey(), p.isNumber() ? (Object) p.getAsDouble() : p.getAsString());
            }
            return Artefacts.of(root, values);
        } catch (RuntimeException e) {
            throw new IOException(record + ": not a stage record (field 'artefacts' expected): " + e.getMessage(), e);
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Stages in order; {@link #repeat} unrolls generations. */
    public static final class Builder {
        private final List<Stage> stages = new ArrayList<>();
        private final List<StageListener> listeners = new ArrayList<>();

        public Builder stage(Stage stage) {
            stages.add(stage);
            return this;
        }

        /**
         * Generations 1..n of the stages {@code generation} returns (name them apart, e.g. "student-" + g).
         * Each stage's artefacts also carry {@code generation} = g.
         */
        public Builder repeat(int n, IntFunction<List<Stage>> generation) {
            if (n < 1) throw new IllegalArgumentException("repeat needs at least one generation, got " + n);
            for (int g = 1; g <= n; g++) {
                int gen = g;
                for (Stage s : generation.apply(g)) stages.add(new Stage() {
                    @Override public String name() { return s.name(); }
                    @Override public Artefacts run(Path folder, Artefacts inputs) throws IOException {
                        return s.run(folder, inputs.with("generation", gen)).with("generation", gen);
                    }
                });
            }
            return this;
        }

        public Builder listener(StageListener listener) {
            listeners.add(listener);
            return this;
        }

        public Workflow build() {
            Set<String> names = new HashSet<>();
            for (Stage s : stages) {
                if (!s.name().matches("[A-Za-z0-9._-]+"))
                    throw new IllegalArgumentException("stage name '" + s.name() + "' must be letters, digits, '.', '_' or '-' (it names a folder)");
                if (!names.add(s.name())) throw new IllegalArgumentException("two stages are named '" + s.name() + "'");
            }
            if (stages.isEmpty()) throw new IllegalArgumentException("a workflow needs at least one stage");
            return new Workflow(stages, listeners);
        }
    }
}
