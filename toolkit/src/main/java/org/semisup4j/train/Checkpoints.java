package org.semisup4j.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.semisup4j.train.Method;
import org.semisup4j.model.Model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checkpoints are folders {@code step-000500/} holding the student ({@code student.bin}, with its optimizer
 * state), the other models by name, {@code state.json} and whatever state the method keeps besides its
 * models ({@link Method#saveState}). A checkpoint is written under a temporary name
 * and renamed when complete, so a crash leaves the earlier checkpoints as they were.
 */
public final class Checkpoints {
    private static final int KEEP = 2;

    private Checkpoints() {}

    public static Path save(Path folder, int step, Model student, Map<String, Model> others, Method method) throws IOException {
        Files.createDirectories(folder);
        String name = String.format("step-%06d", step);
        Path tmp = folder.resolve(name + ".partial");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        student.save(tmp.resolve("student.bin"));
        for (var e : others.entrySet()) e.getValue().save(tmp.resolve(e.getKey() + ".bin"));
        method.saveState(tmp);
        JsonObject state = new JsonObject();
        state.addProperty("step", step);
        Json.writeAtomically(tmp.resolve("state.json"), Json.GSON.toJson(state));
        Path done = folder.resolve(name);
        deleteTree(done);
        Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE);
        List<Path> all = list(folder);
        for (int i = 0; i < all.size() - KEEP; i++) deleteTree(all.get(i));
        return done;
    }

    /** Loads a checkpoint into the given models; returns the step to continue from. */
    public static int load(Path checkpoint, Model student, Map<String, Model> others, Method method) throws IOException {
        Path stateFile = checkpoint.resolve("state.json");
        if (!Files.isRegularFile(stateFile))
            throw new IOException(checkpoint + " is not a checkpoint: " + stateFile.getFileName() + " is missing");
        JsonObject state;
        try {
            state = JsonParser.parseString(Files.readString(stateFile)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(stateFile + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (!state.has("step")) throw new IOException(stateFile + ": field 'step' is missing");
        student.load(checkpoint.resolve("student.bin"));
        for (var e : others.entrySet()) e.getValue().load(checkpoint.resolve(e.getKey() + ".bin"));
        method.loadState(checkpoint);
        return state.get("step").getAsInt();
    }

    /** The newest complete checkpoint in a folder, if any. */
    public static Optional<Path> latest(Path folder) throws IOException {
        List<Path> all = list(folder);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private static List<Path> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> s = Files.list(folder)) {
            // Names grow past six digits after step 999 999 (FixMatch trains 2^20 steps): order by number, not text.
            return s.filter(p -> p.getFileName().toString().matches("step-\\d{6,10}") && Files.isDirectory(p))
                    .sorted(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(5)))).toList();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
