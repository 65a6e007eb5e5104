package org.semisup4j.bench;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PyTorch reference ({@code scripts/bench/torch_steps.py --worker}) as a child process driven one
 * JSON line at a time, so that semisup4j and PyTorch chunks alternate within one run and contention on
 * the machine falls on both alike.
 */
final class TorchWorker implements AutoCloseable {
    private static final Gson GSON = new Gson();
    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;

    TorchWorker(String python, Path script) {
        try {
            ProcessBuilder pb = new ProcessBuilder(python, script.toString(), "--worker");
            pb.environment().putIfAbsent("OMP_NUM_THREADS", "1");
            pb.environment().putIfAbsent("OPENBLAS_NUM_THREADS", pb.environment().get("OMP_NUM_THREADS"));
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the PyTorch reference " + python + " " + script, e);
        }
        in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    JsonObject info() {
        return ask(Map.of("op", "info"));
    }

    List<JavaSteps.Sample> time(SpeedCase c, int steps) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("op", "time");
        request.put("case", c.toJson());
        request.put("steps", steps);
        JsonObject reply = ask(request);
        var wall = reply.getAsJsonArray("ms");
        var cpu = reply.getAsJsonArray("cpu_ms");
        List<JavaSteps.Sample> samples = new ArrayList<>();
        for (int i = 0; i < wall.size(); i++) samples.add(new JavaSteps.Sample(wall.get(i).getAsDouble(), cpu.get(i).getAsDouble()));
        return samples;
    }

    /** Resident memory (MB) of a fresh run of the case at the given step numbers. */
    Map<Integer, Double> memory(SpeedCase c, List<Integer> at) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("op", "memory");
        request.put("case", c.toJson());
        request.put("at", at);
        Map<Integer, Double> rss = new LinkedHashMap<>();
        ask(request).getAsJsonObject("rss_mb").entrySet()
                .forEach(e -> rss.put(Integer.parseInt(e.getKey()), e.getValue().getAsDouble()));
        return rss;
    }

    private JsonObject ask(Map<String, ?> request) {
        try {
            in.write(GSON.toJson(request));
            in.newLine();
            in.flush();
            String line = out.readLine();
            if (line == null) throw new IllegalStateException("the PyTorch reference exited (see its error above)");
            JsonObject reply = GSON.fromJson(line, JsonObject.class);
            if (reply.has("error")) throw new IllegalStateException("PyTorch reference: " + reply.get("error").getAsString());
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException("lost the PyTorch reference process", e);
        }
    }

    @Override
    public void close() {
        try {
            in.write("{\"op\": \"quit\"}");
            in.newLine();
            in.flush();
        } catch (IOException ignored) {
            // already gone
        }
        process.destroy();
    }
}
