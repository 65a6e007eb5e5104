package org.semisup4j.kernel;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * The Java half of the kernel: one JShell whose snippets run in this JVM (see
 * {@link CellExecutionControl}). Splits code into snippets, reports compile and runtime errors in
 * terms of cell lines, and answers completion, inspection and completeness questions.
 */
final class JShellEvaluator implements AutoCloseable {
    /** JShell's own default imports (the jshell tool's DEFAULT startup), plus the cell helpers. */
    static final List<String> STARTUP_IMPORTS = List.of(
            "import java.io.*;", "import java.math.*;", "import java.net.*;", "import java.nio.file.*;",
            "import java.util.*;", "import java.util.concurrent.*;", "import java.util.function.*;",
            "import java.util.prefs.*;", "import java.util.regex.*;", "import java.util.stream.*;",
            "import io.github.spencerpark.jupyter.kernel.display.DisplayData;",
            "import static org.semisup4j.kernel.Cells.*;");

    /** The value of a cell's last expression; {@code object} may be null (the expression was null). */
    record Value(Object object, String typeName) {
    }

    private final JShell jshell;
    private final CellExecutionControl control;
    private final Map<String, Tracebacks.SnippetPlace> places = new ConcurrentHashMap<>();
    private final Set<String> classpath = new LinkedHashSet<>();
    private final NotebookClassLoader loader = new NotebookClassLoader(JShellEvaluator.class.getClassLoader());
    private final MavenJars mavenJars = new MavenJars();

    JShellEvaluator(long stopGraceMillis) {
        this(stopGraceMillis, List.of());
    }

    /**
     * @param notebookClasspath what notebook code sees besides the JDK and the kernel's notebook API
     *                          (the toolkit and its dependencies; see {@link NotebookClassLoader})
     */
    JShellEvaluator(long stopGraceMillis, List<Path> notebookClasspath) {
        this.control = new CellExecutionControl(stopGraceMillis, loader);
        // JShell's compiler starts from java.class.path: the kernel's own libraries. It should see what
        // notebook code sees at run time (NotebookClassLoader): the notebook API, then the toolkit.
        String kernelClasspath = System.getProperty("java.class.path");
        System.setProperty("java.class.path", apiClasspath());
        try {
            this.jshell = JShell.builder()
                    .executionEngine(new CellExecutionControl.Provider(control), Map.of())
                    .out(new PrintStream(PrintStream.nullOutputStream()))
                    .err(new PrintStream(PrintStream.nullOutputStream()))
                    .build();
            // Before the first compilation: javac then opens the toolkit's jars during kernel start,
            // not during the user's first cell.
            addToClasspath(notebookClasspath, false);
            for (String startup : STARTUP_IMPORTS) {
                List<SnippetEvent> events = jshell.eval(startup);
                for (SnippetEvent e : events) {
                    if (e.status() == Snippet.Status.REJECTED) {
                        throw new IllegalStateException("kernel startup import failed: " + startup);
                    }
                }
            }
        } finally {
            System.setProperty("java.class.path", kernelClasspath);
        }
    }

    /** The jars (or class folders) of the notebook API: this kernel's and basekernel's. */
    private static String apiClasspath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> api : List.of(Cells.class, io.github.spencerpark.jupyter.kernel.BaseKernel.class)) {
            try {
                entries.add(Path.of(api.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (java.net.URISyntaxException | RuntimeException e) {
                throw new IllegalStateException("cannot locate the jar of " + api.getName(), e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** The loader of notebook code (snippets, toolkit, added jars). */
    ClassLoader notebookLoader() {
        return loader;
    }

    /** Marks the start of a cell: clears a previous interrupt. */
    void beginCell() {
        control.beginCell();
    }

    /** Stops the running cell, if any; safe from any thread. */
    void interrupt() {
        control.stop();
    }

    boolean interruptRequested() {
        return control.stopRequested();
    }

    /**
     * Adds jars or class directories to both the compiler's and the snippets' class path. A jar of a
     * Maven artifact that is already there in another version is not added: the version already
     * loaded stays in force, and (when {@code explain}) a line on stdout says which one.
     *
     * @return the entries added (not those already present)
     */
    List<String> addToClasspath(List<Path> entries, boolean explain) {
        List<String> added = new ArrayList<>();
        synchronized (classpath) {
            for (Path entry : entries) {
                String path = entry.toAbsolutePath().normalize().toString();
                if (classpath.contains(path)) {
                    continue;
                }
                String inForce = mavenJars.conflict(entry);
                if (inForce != null) {
                    if (explain) {
                        System.out.println("note: " + inForce);
                    }
                    continue;
                }
                mavenJars.add(entry);
                classpath.add(path);
                added.add(path);
            }
        }
        if (!added.isEmpty()) {
            jshell.addToClasspath(String.join(File.pathSeparator, added));
        }
        return added;
    }

    /** Adds one jar or directory (see {@link #addToClasspath(List, boolean)}); true when it was added. */
    boolean addToClasspath(String path) {
        return !addToClasspath(List.of(Path.of(path)), true).isEmpty();
    }

    List<String> addedClasspath() {
        synchronized (classpath) {
            return new ArrayList<>(classpath);
        }
    }

    /**
     * Runs Java code snippet by snippet, stopping at the first error.
     *
     * @param code           the code (magic lines already removed)
     * @param firstLine      0-based line of the cell the code starts on
     * @param executionCount the cell's execution count (for tracebacks)
     * @return the value of the last snippet if it is an expression, else null
     */
    Value run(String code, int firstLine, int executionCount) throws CellError {
        SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
        Value last = null;
        int pos = 0;
        while (true) {
            int start = skipWhitespace(code, pos);
            if (start >= code.length()) {
                return last;
            }
            String rest = code.substring(start);
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            String source;
            int consumed;
            switch (info.completeness()) {
                case EMPTY -> {
                    return last;
                }
                case COMPLETE, COMPLETE_WITH_SEMI -> {
                    source = info.source();
                    String remaining = info.remaining();
                    consumed = rest.endsWith(remaining) ? rest.length() - remaining.length() : rest.length();
                }
                // Incomplete or unparsable: let the compiler say what is wrong with all of it.
                default -> {
                    source = rest;
                    consumed = rest.length();
                }
            }
            int snippetLine = firstLine + Tracebacks.countNewlines(code, 0, start);
            last = evalSnippet(source, snippetLine, executionCount);
            pos = start + Math.max(1, consumed);
        }
    }

    private Value evalSnippet(String source, int firstLine, int executionCount) throws CellError {
        if (control.stopRequested()) {
            throw CellError.interrupted();
        }
        List<SnippetEvent> events = jshell.eval(source);
        if (control.stopRequested()) {
            throw CellError.interrupted();
        }
        SnippetEvent main = null;
        for (SnippetEvent e : events) {
            if (e.causeSnippet() == null) {
                main = e;
                break;
            }
        }
        if (main == null) {
            return null;
        }
        Snippet snippet = main.snippet();
        places.put(snippet.id(), new Tracebacks.SnippetPlace(executionCount, firstLine));

        if (main.status() == Snippet.Status.REJECTED) {
            List<Tracebacks.Diagnostic> errors = jshell.diagnostics(snippet)
                    .filter(Diag::isError)
                    .map(d -> new Tracebacks.Diagnostic(d.getMessage(Locale.ROOT),
                            (int) d.getStartPosition(), (int) d.getEndPosition()))
                    .collect(Collectors.toList());
            if (errors.isEmpty()) {
                throw CellError.of("CompilationException", "the snippet was rejected: " + source.strip());
            }
            throw Tracebacks.compileError(source, firstLine, errors);
        }
        if (main.exception() != null) {
            throw runtimeError(main.exception());
        }
        if (main.status() == Snippet.Status.RECOVERABLE_DEFINED
                || main.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
            warnUnresolved(snippet);
        }
        String key = main.value();
        Object object = control.takeResult(key);
        if (!producesValue(snippet)) {
            return null;
        }
        String type = snippet instanceof VarSnippet v ? v.typeName() : null;
        return new Value(object, type);
    }

    /**
     * Expressions show their value; declarations ({@code var m = new X();}), assignments
     * ({@code m = new X()}) and statements do not, as in IJava.
     */
    private static boolean producesValue(Snippet snippet) {
        return (snippet.kind() == Snippet.Kind.EXPRESSION
                && snippet.subKind() != Snippet.SubKind.ASSIGNMENT_SUBKIND)
                || (snippet.kind() == Snippet.Kind.VAR
                && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
    }

    private void warnUnresolved(Snippet snippet) {
        if (snippet instanceof DeclarationSnippet declaration) {
            String missing = jshell.unresolvedDependencies(declaration).collect(Collectors.joining(", "));
            if (!missing.isEmpty()) {
                System.err.println("warning: " + declaration.name() + " cannot be used until "
                        + missing + " is declared");
            }
        }
    }

    private CellError runtimeError(JShellException exception) {
        Tracebacks.SnippetLocator locator = places::get;
        if (exception instanceof UnresolvedReferenceException unresolved) {
            DeclarationSnippet snippet = unresolved.getSnippet();
            String missing = jshell.unresolvedDependencies(snippet).collect(Collectors.joining(", "));
            String message = snippet.name() + " cannot be invoked until " + missing + " is declared";
            List<String> traceback = new ArrayList<>();
            traceback.add("UnresolvedReferenceException: " + message);
            traceback.addAll(Tracebacks.userFrames(exception.getStackTrace(), locator));
            return new CellError("UnresolvedReferenceException", message, traceback);
        }
        String className = exception instanceof EvalException eval
                ? eval.getExceptionClassName() : exception.getClass().getName();
        List<Tracebacks.Cause> causes = new ArrayList<>();
        for (Throwable cause : Tracebacks.causesOf(exception)) {
            String causeClass = cause instanceof EvalException eval ? eval.getExceptionClassName() : cause.getClass().getName();
            causes.add(new Tracebacks.Cause(causeClass, cause.getMessage(), cause.getStackTrace()));
        }
        List<String> traceback = Tracebacks.runtimeTraceback(className, exception.getMessage(),
                exception.getStackTrace(), causes, locator);
        return new CellError(className, exception.getMessage(), traceback);
    }

    /**
     * Completeness of a cell for the is_complete request: {@code "complete"}, {@code "invalid"}, or
     * the indent to continue with when more input is needed.
     */
    String isComplete(String cell) {
        String code = CellParser.javaOnly(cell);
        SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
        String rest = code;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case COMPLETE, COMPLETE_WITH_SEMI -> {
                    if (info.remaining().length() >= rest.length()) {
                        return "complete";
                    }
                    rest = info.remaining();
                }
                case EMPTY -> {
                    return "complete";
                }
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                    return nextIndent(cell);
                }
                default -> {
                    return "invalid";
                }
            }
        }
        return "complete";
    }

    /** Indent of the last non-blank line, one level deeper after an opening brace or parenthesis. */
    static String nextIndent(String code) {
        String[] lines = code.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].replace("\r", "");
            if (line.isBlank()) {
                continue;
            }
            String indent = line.substring(0, line.length() - line.stripLeading().length());
            String trimmed = line.strip();
            boolean opens = trimmed.endsWith("{") || trimmed.endsWith("(") || trimmed.endsWith("[");
            return opens ? indent + "    " : indent;
        }
        return "";
    }

    /** Completions at {@code cursor} (a UTF-16 index into the cell). */
    Completions complete(String cell, int cursor) {
        CodeAtCursor at = snippetAt(cell, cursor);
        if (at == null) {
            return new Completions(List.of(), cursor, cursor);
        }
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                jshell.sourceCodeAnalysis().completionSuggestions(at.text(), at.text().length(), anchor);
        Set<String> typed = new LinkedHashSet<>();
        Set<String> others = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : suggestions) {
            (s.matchesType() ? typed : others).add(s.continuation());
        }
        typed.addAll(others);
        return new Completions(new ArrayList<>(typed), at.start() + anchor[0], cursor);
    }

    record Completions(List<String> matches, int start, int end) {
    }

    /** Signatures (and javadoc where the JDK sources are present) of what is at the cursor. */
    String inspect(String cell, int cursor) {
        int end = cursor;
        while (end < cell.length() && Character.isJavaIdentifierPart(cell.charAt(end))) {
            end++;
        }
        CodeAtCursor at = snippetAt(cell, end);
        if (at == null) {
            return null;
        }
        SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
        String text = at.text();
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(text, text.length(), true);
        if (docs.isEmpty()) {
            // A bare method name ("Math.abs") documents nothing until it looks like a call.
            docs = analysis.documentation(text + "(", text.length() + 1, true);
        }
        StringBuilder out = new StringBuilder();
        for (SourceCodeAnalysis.Documentation doc : docs) {
            out.append(doc.signature()).append('\n');
            if (doc.javadoc() != null && !doc.javadoc().isBlank()) {
                out.append(doc.javadoc().strip()).append("\n\n");
            }
        }
        if (out.length() == 0) {
            String name = identifierBefore(cell, end);
            jshell.variables()
                    .filter(v -> v.name().equals(name) && jshell.status(v).isActive())
                    .findFirst()
                    .ifPresent(v -> out.append(v.typeName()).append(' ').append(v.name()).append('\n'));
        }
        return out.length() == 0 ? null : out.toString().strip();
    }

    private static String identifierBefore(String code, int end) {
        int start = end;
        while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) {
            start--;
        }
        return code.substring(start, end);
    }

    /** The snippet text from its start up to {@code cursor}, and where it starts in the cell. */
    private record CodeAtCursor(String text, int start) {
    }

    private CodeAtCursor snippetAt(String cell, int cursor) {
        int lineStart = cell.lastIndexOf('\n', cursor - 1) + 1;
        int lineEnd = cell.indexOf('\n', cursor);
        if (CellParser.isMagicLine(cell.substring(lineStart, lineEnd < 0 ? cell.length() : lineEnd))) {
            return null;
        }
        String code = CellParser.javaOnly(cell).substring(0, cursor);
        SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
        int start = 0;
        while (start < code.length()) {
            String rest = code.substring(start);
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            boolean complete = info.completeness() == SourceCodeAnalysis.Completeness.COMPLETE
                    || info.completeness() == SourceCodeAnalysis.Completeness.COMPLETE_WITH_SEMI;
            String remaining = info.remaining();
            if (!complete || remaining.isBlank() || !rest.endsWith(remaining)) {
                break;
            }
            start += rest.length() - remaining.length();
        }
        start = skipWhitespace(code, start);
        return new CodeAtCursor(code.substring(Math.min(start, code.length())), Math.min(start, code.length()));
    }

    private static int skipWhitespace(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    @Override
    public void close() {
        jshell.close();
    }
}
