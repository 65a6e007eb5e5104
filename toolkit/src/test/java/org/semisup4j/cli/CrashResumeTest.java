package org.semisup4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.*;

/**
 * kill -9 during a run and during a checkpoint write, three times in a row, then {@code --resume}: the run
 * must end with the weights, optimizer state and metrics of one that was never interrupted. The training
 * runs in a child JVM (the CLI as a user starts it) so that the kill is real: no shutdown hook, no finally.
 */
class CrashResumeTest {
    private static final int STEPS = 80; // checkpoints at 20, 40, 60, 80
    private static final long SEED = 20;
    private static final String[] RUN = {"--steps", "" + STEPS, "--eval-every", "10", "--dropout", "0.2", "--mu", "2", "--seed", "3"};

    @TempDir
    Path dir;

    @Test
    void aRunKilledAtRandomPointsAndMidCheckpointResumesToIdenticalWeights() throws Exception {
        Path whole = dir.resolve("whole"), crashed = dir.resolve("crashed");
        assertEquals(0, Main.train(with(RUN, "--run-dir", whole.toString())));

        Random random = new Random(SEED);
        int kills = 0, midCheckpoint = 0;
        List<String> log = new ArrayList<>();
        // 1: at a random step of a fresh run; 2: as soon as a checkpoint is being written; 3: at a random step again.
        for (int attempt = 0; attempt < 3; attempt++) {
            boolean atCheckpoint = attempt == 1;
            // A resumed run first re-reads rows its predecessor wrote: the target lies beyond them.
            int written = lastStep(crashed.resolve("metrics.csv"));
            // At most STEPS - 15: on a fast machine the last steps could otherwise finish before the kill lands.
            int target = Math.min(STEPS - 15, written + 1 + random.nextInt(Math.max(1, STEPS - 16 - written)));
            String[] args = attempt == 0 ? with(RUN, "--run-dir", crashed.toString())
                    : new String[]{"--run-dir", crashed.toString(), "--resume"};
            Process child = child(args);
            boolean killed = killWhen(child, crashed, atCheckpoint ? -1 : target);
            if (killed) {
                kills++;
                boolean torn = partialCheckpoint(crashed);
                if (torn) midCheckpoint++;
                log.add((atCheckpoint ? "during a checkpoint write" : "at step " + target) + (torn ? " (a .partial checkpoint left)" : ""));
            } else {
                log.add("run ended before the kill (exit " + child.exitValue() + ")");
                assertEquals(0, child.exitValue(), "the child run failed: " + new String(child.getInputStream().readAllBytes()));
            }
        }
        if (!Files.exists(crashed.resolve("final.json")))
            assertEquals(0, Main.train(new String[]{"--run-dir", crashed.toString(), "--resume"}));

        Path last = Path.of("checkpoints", String.format("step-%06d", STEPS), "student.bin");
        int differing = differingEntries(whole.resolve(last), crashed.resolve(last));
        List<String> wholeRows = Files.readAllLines(whole.resolve("metrics.csv"));
        List<String> crashedRows = Files.readAllLines(crashed.resolve("metrics.csv"));
        long lost = wholeRows.stream().filter(r -> !crashedRows.contains(r)).count();
        System.out.printf("reliability: kill -9: %d kills (%d mid-checkpoint write) then --resume: %s; %d differing weight or optimizer arrays, %d metrics rows lost, %d extra%n",
                kills, midCheckpoint, log, differing, lost, crashedRows.size() - wholeRows.size() + lost);
        assertTrue(kills >= 2, "the kills landed: " + log);
        assertEquals(0, differing, "weights and optimizer state as in the uninterrupted run");
        assertEquals(wholeRows, crashedRows, "metrics.csv as in the uninterrupted run");
    }

    private static String[] with(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** The CLI in a new JVM with this test's class path (surefire's: the toolkit, its tests and dependencies). */
    private static Process child(String[] args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        // The child loads the same nd4j-native build as this JVM (the AVX-512 one would die with SIGILL on a CPU without it).
        String nativeBuild = System.getProperty("org.bytedeco.javacpp.platform.extension");
        if (nativeBuild != null) command.add("-Dorg.bytedeco.javacpp.platform.extension=" + nativeBuild);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "train"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /**
     * Kills the child (SIGKILL) once metrics.csv shows step {@code step}, or, for {@code step < 0}, as soon as
     * a checkpoint is being written. Returns false when the child ended first.
     */
    private static boolean killWhen(Process child, Path run, int step) throws Exception {
        Path metrics = run.resolve("metrics.csv"), checkpoints = run.resolve("checkpoints");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (child.isAlive() && System.nanoTime() < deadline) {
            if (step < 0 ? partialCheckpoint(run) : lastStep(metrics) >= step) {
                child.destroyForcibly().waitFor();
                return true;
            }
            if (step >= 0) Thread.sleep(1); else Thread.onSpinWait(); // a checkpoint write lasts milliseconds
        }
        assertFalse(child.isAlive(), "the child run took more than five minutes");
        return false;
    }

    private static boolean partialCheckpoint(Path run) throws IOException {
        Path checkpoints = run.resolve("checkpoints");
        if (!Files.isDirectory(checkpoints)) return false;
        try (Stream<Path> s = Files.list(checkpoints)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".partial"));
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    /** The step of metrics.csv's last complete row, or -1. */
    private static int lastStep(Path metrics) throws IOException {
        if (!Files.exists(metrics)) return -1;
        String text = Files.readString(metrics);
        int end = text.lastIndexOf('\n');
        if (end < 0) return -1;
        String line = text.substring(text.lastIndexOf('\n', end - 1) + 1, end);
        try {
            return Integer.parseInt(line.substring(0, line.indexOf(',')));
        } catch (RuntimeException header) {
            return -1;
        }
    }

    /** How many arrays (parameters, optimizer state) of two saved models differ; the properties entry holds a date. */
    private static int differingEntries(Path a, Path b) throws IOException {
        TreeMap<String, byte[]> left = entries(a), right = entries(b);
        assertEquals(left.keySet(), right.keySet());
        assertTrue(left.containsKey("params.bin"), left.keySet().toString());
        int differing = 0;
        for (String name : left.keySet())
            if (!name.endsWith(".properties") && !java.util.Arrays.equals(left.get(name), right.get(name))) differing++;
        return differing;
    }

    private static TreeMap<String, byte[]> entries(Path zip) throws IOException {
        TreeMap<String, byte[]> out = new TreeMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (var e : java.util.Collections.list(z.entries())) out.put(e.getName(), z.getInputStream(e).readAllBytes());
        }
        return out;
    }
}
