package org.semisup4j.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code semisup4j active}: the JSON line, resuming a loop, and bad input as one line with exit status 2. */
class ActiveCommandTest {
    private static final List<String> SMALL = List.of("--dataset", "two-moons", "--initial", "4", "--budget", "3", "--cycles", "2",
            "--steps", "20", "--snapshots", "2", "--passes", "3", "--train-size", "200", "--test-size", "100");

    private record Outcome(int status, String out, String err) {
        JsonObject json() {
            String[] lines = out.strip().split("\\R");
            return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        }
    }

    private static Outcome run(List<String> args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int status = Main.run(args.toArray(String[]::new), new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
        }
    }

    private static List<String> args(List<String> base, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of("active"));
        all.addAll(base);
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void theLastLineIsJsonWithAccuracyAndLabelsPerCycle(@TempDir Path dir) throws Exception {
        Path loop = dir.resolve("loop");
        Outcome o = run(args(SMALL, "--acquisition", "bald", "--seed", "1", "--run-dir", loop.toString(), "--json"));
        assertEquals(0, o.status(), o.err());
        JsonObject j = o.json();
        assertEquals("bald", j.get("acquisition").getAsString());
        assertEquals("[4,7,10]", j.get("labels_per_cycle").toString());
        assertEquals(3, j.getAsJsonArray("accuracy_per_cycle").size());
        for (var a : j.getAsJsonArray("accuracy_per_cycle")) assertTrue(a.getAsDouble() > 0 && a.getAsDouble() <= 1, a.toString());
        assertTrue(Files.exists(loop.resolve("03-cycle-2/cycle.json")));

        // The same loop again is refused; --resume reads it back unchanged (nothing left to train) and prints the same numbers.
        Outcome again = run(args(SMALL, "--acquisition", "bald", "--seed", "1", "--run-dir", loop.toString(), "--json"));
        assertEquals(2, again.status());
        assertTrue(again.err().contains("--resume"), again.err());
        Outcome resumed = run(List.of("active", "--run-dir", loop.toString(), "--resume", "--json"));
        assertEquals(0, resumed.status(), resumed.err());
        assertEquals(j.get("accuracy_per_cycle"), resumed.json().get("accuracy_per_cycle"));
        assertEquals(j.get("labels_per_cycle"), resumed.json().get("labels_per_cycle"));
        Outcome changed = run(List.of("active", "--run-dir", loop.toString(), "--resume", "--budget", "9"));
        assertEquals(2, changed.status());
        assertTrue(changed.err().contains("--budget"), changed.err());
    }

    @Test
    void badInputIsOneLineNamingTheOption(@TempDir Path dir) {
        record Case(List<String> args, String expected) {}
        for (Case c : List.of(
                new Case(List.of("active", "--acquisition", "coreset"), "st-conal, random, entropy, bald"),
                new Case(List.of("active", "--budget", "many"), "--budget takes a whole number"),
                new Case(List.of("active", "--budget", "0"), "budget"),
                new Case(List.of("active", "--cycles"), "--cycles needs a value"),
                new Case(List.of("active", "--acquisition", "bald", "--dropout", "0"), "dropout"),
                new Case(List.of("active", "--frobnicate", "1"), "unknown option '--frobnicate'"),
                new Case(List.of("active", "--train-size", "50", "--budget", "20", "--cycles", "3", "--steps", "20"), "exceed the 50 training examples"),
                new Case(List.of("active", "--resume"), "--resume needs --run-dir"),
                new Case(List.of("active", "--resume", "--run-dir", dir.resolve("none").toString()), "holds no active-learning loop"),
                new Case(List.of("active", "--dataset", "csv:" + dir.resolve("missing.csv"), "--steps", "20"), "missing.csv"))) {
            Outcome o = run(c.args());
            assertEquals(2, o.status(), c.args() + " → " + o.err());
            assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
            assertTrue(o.err().contains(c.expected()), c.args() + " → " + o.err());
        }
    }
}
