package org.semisup4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JShellEvaluatorTest {
    private static JShellEvaluator evaluator;

    @BeforeAll
    static void start() {
        evaluator = new JShellEvaluator(200);
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    private static JShellEvaluator.Value run(String code) throws CellError {
        evaluator.beginCell();
        return evaluator.run(code, 0, 1);
    }

    @Test
    void lastExpressionIsTheValueAndStaysTheSameObject() throws CellError {
        run("List<String> shared = new ArrayList<>(List.of(\"a\"));");
        JShellEvaluator.Value first = run("shared");
        JShellEvaluator.Value second = run("int n = 2;\nshared");
        assertSame(first.object(), second.object());
        assertEquals(List.of("a"), first.object());
        assertEquals(5, run("2 + 3").object());
    }

    @Test
    void declarationsAndStatementsShowNothing() throws CellError {
        assertNull(run("int quiet = 3;"));
        assertNull(run("System.out.print(\"\");"));
        assertNull(run("void helper() {}"));
        assertNull(run("var builder = new StringBuilder(\"a\");"));
        assertNull(run("builder = new StringBuilder(\"b\")"), "an assignment shows nothing, as in IJava");
        assertEquals("b", run("builder").object().toString());
        JShellEvaluator.Value nullValue = run("String none = null;\nnone");
        assertNotNull(nullValue);
        assertNull(nullValue.object());
    }

    @Test
    void severalSnippetsPerLineAndAFinalStatementWithoutSemicolonRun() throws CellError {
        assertEquals(12, run("int p = 3;\nint q = 4; p * q").object());
        assertNull(run("int r = 5"));
        assertEquals(5, run("r").object());
    }

    @Test
    void compileErrorNamesTheCellLine() {
        CellError e = assertThrows(CellError.class, () -> evaluator.run("int ok = 1;\n\nStrin bad = 1;", 1, 7));
        String text = String.join("\n", e.traceback());
        assertTrue(text.contains("| line 4 | Strin bad = 1;"), text);
        assertFalse(text.contains("jdk.jshell"), text);
    }

    @Test
    void runtimeErrorShowsUserFramesOnly() {
        CellError e = assertThrows(CellError.class, () -> {
            run("int div(int a) {\n  return a / 0;\n}");
            evaluator.run("div(1)", 0, 9);
        });
        assertEquals("java.lang.ArithmeticException", e.errorName());
        assertEquals("/ by zero", e.errorValue());
        assertTrue(e.traceback().contains("\tat div (cell [1], line 2)"), e.traceback().toString());
        assertTrue(e.traceback().contains("\tat cell [9], line 1"), e.traceback().toString());
        assertTrue(e.traceback().stream().noneMatch(l -> l.contains("reflect") || l.contains("semisup4j.kernel")));
    }

    @Test
    void interruptStopsABusyLoopAndKeepsState() throws Exception {
        run("int survivor = 41;");
        evaluator.beginCell();
        CompletableFuture<CellError> running = CompletableFuture.supplyAsync(() -> {
            try {
                evaluator.run("while (true) { }", 0, 2);
                return null;
            } catch (CellError e) {
                return e;
            }
        });
        Thread.sleep(500);
        assertFalse(running.isDone());
        evaluator.interrupt();
        CellError error = running.get(10, TimeUnit.SECONDS);
        assertNotNull(error);
        assertEquals("Interrupted", error.errorName());
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertEquals(42, run("survivor + 1").object()));
    }

    @Test
    void completenessForIsCompleteRequests() {
        assertEquals("complete", evaluator.isComplete("int x = 1"));
        assertEquals("complete", evaluator.isComplete("%jars a.jar\nint y = 1;"));
        assertEquals("    ", evaluator.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals("        ", evaluator.isComplete("void f() {\n    if (true) {"));
        assertEquals("invalid", evaluator.isComplete("}"));
    }

    @Test
    void completesAgainstEarlierCellsAndTheJdk() throws CellError {
        run("int widthInPixels = 3;");
        JShellEvaluator.Completions c = evaluator.complete("int a = 1;\nwidthIn", 18);
        assertEquals(List.of("widthInPixels"), c.matches());
        assertEquals(11, c.start());
        assertTrue(evaluator.complete("Math.ab", 7).matches().contains("abs("));
        assertTrue(evaluator.complete("%jars x", 7).matches().isEmpty());
    }

    @Test
    void inspectShowsSignatures() {
        String doc = evaluator.inspect("Math.abs", 8);
        assertNotNull(doc);
        assertTrue(doc.contains("Math.abs(int"), doc);
    }
}
