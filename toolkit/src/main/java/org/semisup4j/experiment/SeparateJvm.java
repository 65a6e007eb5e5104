package org.semisup4j.experiment;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.semisup4j.cli.Main;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code semisup4j train ... --json} in a new JVM and returns its JSON line: for what only a fresh process
 * can measure, such as {@code peak_rss_mb} (a process's peak resident memory never goes down, so two runs in one
 * notebook kernel cannot be told apart). The child gets the toolkit's class path — the notebook kernel's
 * ({@code semisup4j.notebook.classpath}) or else this JVM's — and the same ND4J native build.
 */
public final class SeparateJvm {
    private SeparateJvm() {}

    /** The JSON line of {@code train args... --json} run with a heap of {@code heapMb} MB. */
    public static JsonObject train(int heapMb, String... args) {
        // A fixed heap, touched in full at start: the heap's share of the resident set is then the same in every run,
        // and runs differ only in what they keep off-heap (ND4J's arrays: parameters, optimizer state).
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heapMb + "m", "-Xmx" + heapMb + "m", "-XX:+AlwaysPreTouch"));
        String nativeBuild = System.getProperty("org.bytedeco.javacpp.platform.extension");
        if (nativeBuild != null) command.add("-Dorg.bytedeco.javacpp.platform.extension=" + nativeBuild);
        // In a notebook kernel the toolkit is on the notebook's class path and the display classes it refers to on
        // the kernel's own: the child needs both.
        String notebook = System.getProperty("semisup4j.notebook.classpath");
        String classPath = (notebook == null ? "" : notebook + java.io.File.pathSeparator) + System.getProperty("java.class.path");
        command.addAll(List.of("-cp", classPath, Main.class.getName(), "train"));
        command.addAll(List.of(args));
        command.add("--json");
        String output, errors;
        int exit;
        try {
            Path errorFile = Files.createTempFile("semisup4j-train", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(errorFile.toFile());
            builder.environment().put("OMP_NUM_THREADS", System.getenv().getOrDefault("OMP_NUM_THREADS", "1"));
            Process p = builder.start();
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            exit = p.waitFor();
            errors = Files.readString(errorFile, StandardCharsets.UTF_8).trim();
            Files.deleteIfExists(errorFile);
        } catch (IOException e) {
            throw new IllegalStateException("could not start a JVM for 'train " + String.join(" ", args) + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for 'train " + String.join(" ", args) + "'", e);
        }
        String[] lines = output.trim().split("\n");
        String last = lines[lines.length - 1];
        if (exit != 0 || !last.startsWith("{"))
            throw new IllegalStateException("'train " + String.join(" ", args) + "' in a new JVM exited with " + exit
                    + "; its last line: " + last + (errors.isEmpty() ? "" : "; its error output ends: "
                    + errors.substring(Math.max(0, errors.length() - 500))));
        return JsonParser.parseString(last).getAsJsonObject();
    }
}
