package org.semisup4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TracebacksTest {

    @Test
    void compileErrorPointsAtTheCellLine() {
        String source = "int a = 1;\nStrin x = 1;";
        int start = source.indexOf("Strin");
        CellError error = Tracebacks.compileError(source, 4, List.of(
                new Tracebacks.Diagnostic("cannot find symbol\n  symbol:   class Strin\n  location: class ", start, start + 5)));
        assertEquals("CompilationException", error.errorName());
        assertEquals("cannot find symbol", error.errorValue());
        List<String> lines = error.traceback();
        assertEquals("error: cannot find symbol\n  symbol:   class Strin", lines.get(0));
        assertEquals("| line 6 | Strin x = 1;", lines.get(1));
        assertEquals("|        | ^^^^^", lines.get(2));
    }

    @Test
    void userFramesMapToCellsAndDropMachinery() {
        Map<String, Tracebacks.SnippetPlace> places = Map.of(
                "8", new Tracebacks.SnippetPlace(3, 0),
                "9", new Tracebacks.SnippetPlace(4, 2));
        StackTraceElement[] frames = {
                new StackTraceElement("com.example.Lib", "divide", "Lib.java", 10),
                new StackTraceElement("", "half", "#8", 2),
                new StackTraceElement("org.semisup4j.kernel.Cells", "display", "Cells.java", 40),
                new StackTraceElement("", "", "#9", 1),
                new StackTraceElement("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", null, -2),
                new StackTraceElement("java.lang.reflect.Method", "invoke", "Method.java", 568),
                new StackTraceElement("org.semisup4j.kernel.CellExecutionControl", "lambda$invoke$0", "X.java", 1),
                new StackTraceElement("java.lang.Thread", "run", "Thread.java", 833),
        };
        List<String> lines = Tracebacks.runtimeTraceback("java.lang.ArithmeticException", "/ by zero", frames,
                List.of(), places::get);
        assertEquals(List.of(
                "java.lang.ArithmeticException: / by zero",
                "\tat com.example.Lib.divide(Lib.java:10)",
                "\tat half (cell [3], line 2)",
                "\tat cell [4], line 3"), lines);
    }

    @Test
    void framesOfUnknownSnippetsAreHidden() {
        StackTraceElement[] frames = {new StackTraceElement("", "display", "#1", 1)};
        assertTrue(Tracebacks.userFrames(frames, id -> null).isEmpty());
    }

    @Test
    void causesAreListed() {
        StackTraceElement[] none = new StackTraceElement[0];
        List<String> lines = Tracebacks.runtimeTraceback("java.lang.IllegalStateException", "outer", none,
                List.of(new Tracebacks.Cause("java.io.IOException", null, none)), id -> null);
        assertEquals(List.of("java.lang.IllegalStateException: outer", "Caused by: java.io.IOException"), lines);
    }

    @Test
    void wrapperLocationLineIsRemoved() {
        assertEquals("cannot find symbol\n  symbol:   variable z",
                Tracebacks.cleanMessage("cannot find symbol\n  symbol:   variable z\n  location: class "));
        assertFalse(Tracebacks.cleanMessage("x\n  location: class java.lang.Math").isEmpty());
        assertTrue(Tracebacks.cleanMessage("x\n  location: class java.lang.Math").contains("java.lang.Math"));
    }
}
