package org.semisup4j.kernel;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns JShell's compile diagnostics and user exceptions into tracebacks that speak of the user's
 * cells and lines only: no jdk.jshell, reflection or kernel frames.
 */
final class Tracebacks {
    /** Frames from these packages are machinery between the kernel and the user's code. */
    private static final List<String> INTERNAL_PREFIXES = List.of(
            "jdk.jshell.", "jdk.internal.reflect.", "java.lang.reflect.Method.", "java.lang.Thread.",
            "org.semisup4j.kernel.", "io.github.spencerpark.jupyter.channels.");

    private Tracebacks() {
    }

    /** Where a JShell snippet sits: the execution count of its cell and the cell line (0-based) it starts on. */
    record SnippetPlace(int executionCount, int firstLine) {
    }

    /** Finds the cell place of a snippet id ("#12" frames); null for snippets the kernel made itself. */
    interface SnippetLocator {
        SnippetPlace locate(String snippetId);
    }

    /** One compile error: message from javac, and its start/end offsets in the snippet source. */
    record Diagnostic(String message, int start, int end) {
    }

    /**
     * Formats compile errors like {@code error: cannot find symbol / | line 3 | Strin x = 1; / | ^^^^^}.
     *
     * @param source    the snippet source the offsets refer to
     * @param firstLine 0-based cell line where the source starts
     */
    static CellError compileError(String source, int firstLine, List<Diagnostic> diagnostics) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diagnostic d : diagnostics) {
            String message = cleanMessage(d.message());
            if (first == null) {
                first = message.lines().findFirst().orElse(message);
            }
            lines.add("error: " + message);
            int start = clamp(d.start(), source.length());
            int lineStart = source.lastIndexOf('\n', start - 1) + 1;
            int lineEnd = source.indexOf('\n', start);
            if (lineEnd < 0) {
                lineEnd = source.length();
            }
            int cellLine = firstLine + countNewlines(source, 0, lineStart) + 1;
            String text = source.substring(lineStart, lineEnd).replace("\r", "");
            String label = "| line " + cellLine + " | ";
            lines.add(label + text);
            int end = Math.max(start + 1, Math.min(clamp(d.end(), source.length()), lineEnd));
            lines.add("|" + " ".repeat(label.length() - 3) + "| "
                    + " ".repeat(Math.max(0, start - lineStart)) + "^".repeat(Math.max(1, end - start)));
        }
        return new CellError("CompilationException", first == null ? "compilation failed" : first, lines);
    }

    /** javac's "location: class" line names JShell's hidden wrapper class: drop it. */
    static String cleanMessage(String message) {
        List<String> kept = new ArrayList<>();
        for (String line : message.split("\n")) {
            if (line.trim().equals("location: class") || line.trim().matches("location: class \\$?JShell.*")) {
                continue;
            }
            kept.add(line);
        }
        return String.join("\n", kept);
    }

    /**
     * Formats an exception with its causes, keeping library frames above the user's code and the
     * user's own frames (mapped to cell and line), dropping everything below and in between that
     * belongs to JShell, reflection or the kernel.
     */
    static List<String> runtimeTraceback(String className, String message, StackTraceElement[] frames,
                                         List<Cause> causes, SnippetLocator locator) {
        List<String> out = new ArrayList<>();
        out.add(headline(className, message));
        out.addAll(userFrames(frames, locator));
        for (Cause cause : causes) {
            out.add("Caused by: " + headline(cause.className(), cause.message()));
            out.addAll(userFrames(cause.frames(), locator));
        }
        return out;
    }

    record Cause(String className, String message, StackTraceElement[] frames) {
    }

    static String headline(String className, String message) {
        return message == null || message.isEmpty() ? className : className + ": " + message;
    }

    static List<String> userFrames(StackTraceElement[] frames, SnippetLocator locator) {
        int lastUser = -1;
        for (int i = 0; i < frames.length; i++) {
            if (isSnippetFrame(frames[i]) && locator.locate(snippetId(frames[i])) != null) {
                lastUser = i;
            }
        }
        int keepUntil = lastUser >= 0 ? lastUser : frames.length - 1;
        List<String> out = new ArrayList<>();
        for (int i = 0; i <= keepUntil; i++) {
            StackTraceElement f = frames[i];
            if (isSnippetFrame(f)) {
                SnippetPlace place = locator.locate(snippetId(f));
                if (place != null) {
                    out.add("\tat " + describeSnippetFrame(f, place));
                }
            } else if (!isInternal(f)) {
                out.add("\tat " + f);
            }
        }
        return out;
    }

    static boolean isSnippetFrame(StackTraceElement f) {
        return f.getFileName() != null && f.getFileName().startsWith("#");
    }

    private static String snippetId(StackTraceElement f) {
        return f.getFileName().substring(1);
    }

    static boolean isInternal(StackTraceElement f) {
        String qualified = f.getClassName() + "." + f.getMethodName();
        for (String prefix : INTERNAL_PREFIXES) {
            if (qualified.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String describeSnippetFrame(StackTraceElement f, SnippetPlace place) {
        String where = "cell [" + place.executionCount() + "], line " + (place.firstLine() + Math.max(1, f.getLineNumber()));
        String owner = f.getClassName() == null ? "" : f.getClassName();
        String method = f.getMethodName() == null ? "" : f.getMethodName();
        String name = owner.isEmpty() ? method : owner + "." + method;
        return name.isEmpty() ? where : name + " (" + where + ")";
    }

    /** Causes of a throwable, outermost first, guarding against cycles. */
    static List<Throwable> causesOf(Throwable t) {
        List<Throwable> out = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        seen.put(t, true);
        for (Throwable c = t.getCause(); c != null && seen.put(c, true) == null; c = c.getCause()) {
            out.add(c);
        }
        return out;
    }

    static int countNewlines(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static int clamp(long value, int max) {
        return (int) Math.max(0, Math.min(value, max));
    }
}
