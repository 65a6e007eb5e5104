package org.semisup4j.kernel;

import java.awt.image.BufferedImage;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.common.Image;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.github.spencerpark.jupyter.kernel.history.HistoryEntry;
import io.github.spencerpark.jupyter.kernel.history.HistoryManager;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import io.github.spencerpark.jupyter.messages.ContentType;
import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.publish.PublishError;
import io.github.spencerpark.jupyter.messages.publish.PublishExecuteInput;
import io.github.spencerpark.jupyter.messages.publish.PublishExecuteResult;
import io.github.spencerpark.jupyter.messages.publish.PublishStream;
import io.github.spencerpark.jupyter.messages.reply.ErrorReply;
import io.github.spencerpark.jupyter.messages.reply.ExecuteReply;
import io.github.spencerpark.jupyter.messages.request.ExecuteRequest;
import io.github.spencerpark.jupyter.messages.request.HistoryRequest;
import io.github.spencerpark.jupyter.messages.request.InterruptRequest;
import io.github.spencerpark.jupyter.messages.request.KernelInfoRequest;
import io.github.spencerpark.jupyter.messages.request.ShutdownRequest;

/**
 * An IJava-compatible Java kernel: cells are JShell snippets run in this JVM, results are rendered
 * with basekernel's {@link io.github.spencerpark.jupyter.kernel.display.Renderer}.
 *
 * <p>The toolkit finds the running kernel through {@link #getKernelInstance()} (by reflection) and
 * uses only BaseKernel's public API: {@code getRenderer().render(obj)}, {@code display(data)},
 * {@code getIO().display.updateDisplay(id, data)}.
 */
public class JavaKernel extends BaseKernel {
    static final String IMPLEMENTATION = "semisup4j-kernel";
    static final String VERSION = "0.1.0";
    /** How long an interrupted cell may take to stop by itself before its thread is stopped. */
    private static final long STOP_GRACE_MILLIS = 300;
    /** Stream output is sent when this much has gathered... */
    private static final int OUTPUT_BATCH_BYTES = 64 * 1024;
    /** ...or this long after its first unsent byte. */
    private static final long OUTPUT_BATCH_MILLIS = 50;
    /** What one cell may send per stream (SEMISUP4J_KERNEL_OUTPUT_LIMIT, bytes) before the rest is cut. */
    static final long DEFAULT_OUTPUT_LIMIT = 8L << 20;

    private static volatile JavaKernel instance;

    private final JShellEvaluator evaluator;
    private final KernelMagics magics;
    private final KernelHistory history = new KernelHistory();
    private final JupyterIOBinding ioBinding;
    private final LanguageInfo languageInfo;
    private volatile ShellReplyEnvironment lastEnv;
    /** The execution count of the running (or last) cell, which tracebacks name. */
    private volatile int cellCount;
    private final ScheduledExecutorService outputTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cell-output");
        t.setDaemon(true);
        return t;
    });
    private final CellOutput stdout;
    private final CellOutput stderr;
    private final PrintStream cellOut;
    private final PrintStream cellErr;

    /** The kernel running in this JVM, or null when none runs. */
    public static JavaKernel getKernelInstance() {
        return instance;
    }

    /** System property: the notebook's class path (toolkit jar and its dependencies), set by install.sh. */
    static final String NOTEBOOK_CLASSPATH = "semisup4j.notebook.classpath";

    public JavaKernel() {
        this(MavenResolver.fromEnvironment(), notebookClasspath(System.getProperty(NOTEBOOK_CLASSPATH)));
    }

    JavaKernel(MavenResolver maven, List<Path> notebookClasspath) {
        this.evaluator = new JShellEvaluator(STOP_GRACE_MILLIS, notebookClasspath);
        this.magics = new KernelMagics(evaluator, maven,
                (body, firstLine) -> runSegments(body, firstLine, cellCount));
        this.ioBinding = new JupyterIOBinding(getIO());
        long limit = outputLimit(System.getenv("SEMISUP4J_KERNEL_OUTPUT_LIMIT"));
        this.stdout = new CellOutput(text -> publishStream(PublishStream.StreamType.OUT, text), outputTimer,
                OUTPUT_BATCH_BYTES, OUTPUT_BATCH_MILLIS, limit);
        this.stderr = new CellOutput(text -> publishStream(PublishStream.StreamType.ERR, text), outputTimer,
                OUTPUT_BATCH_BYTES, OUTPUT_BATCH_MILLIS, limit);
        this.cellOut = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        this.cellErr = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        this.languageInfo = new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".java")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
        registerRenderers();
        instance = this;
    }

    static List<Path> notebookClasspath(String setting) {
        if (setting == null || setting.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(setting.split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(Path::of)
                .toList();
    }

    static long outputLimit(String setting) {
        if (setting == null || setting.isBlank()) {
            return DEFAULT_OUTPUT_LIMIT;
        }
        try {
            long bytes = Long.parseLong(setting.trim());
            if (bytes > 0) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        System.err.println("semisup4j kernel: SEMISUP4J_KERNEL_OUTPUT_LIMIT must be a positive number of bytes, not '"
                + setting + "'; using " + DEFAULT_OUTPUT_LIMIT);
        return DEFAULT_OUTPUT_LIMIT;
    }

    private void publishStream(PublishStream.StreamType type, String text) {
        ShellReplyEnvironment env = lastEnv;
        if (env != null) {
            env.publish(new PublishStream(type, text));
        }
    }

    /** Sends the cell's pending stream output, so that what comes next keeps its place after it. */
    void sendPendingOutput() {
        stdout.sendNow();
        stderr.sendNow();
    }

    @Override
    public void display(DisplayData data) {
        sendPendingOutput();
        super.display(data);
    }

    private void registerRenderers() {
        getRenderer().createRegistration(BufferedImage.class)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.IMAGE_PNG, MIMEType.IMAGE_JPEG)
                .register(Image::renderImage);
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return languageInfo;
    }

    @Override
    public String getBanner() {
        // the ND4J backend of this kernel's class path, as scripts/kernel/install.sh chose it
        return "Java " + Runtime.version() + " (" + IMPLEMENTATION + " " + VERSION + ", JShell; ND4J backend "
                + System.getProperty("semisup4j.backend", "cpu") + ")";
    }

    @Override
    public HistoryManager getHistoryManager() {
        return history;
    }

    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection);
        connection.setHandler(MessageType.EXECUTE_REQUEST, this::handleExecute);
        connection.setHandler(MessageType.KERNEL_INFO_REQUEST, this::handleKernelInfo);
        connection.setHandler(MessageType.HISTORY_REQUEST, this::handleHistory);
        connection.setHandler(MessageType.INTERRUPT_REQUEST, this::handleInterrupt);
        connection.setHandler(MessageType.SHUTDOWN_REQUEST, this::handleShutdown);
    }

    // ----------------------------------------------------------------------------------------
    // Running cells

    /** Runs a cell; the value of its last expression rendered, or null. */
    @Override
    public DisplayData eval(String cell) throws Exception {
        return renderValue(runCell(cell, executionCount.get()));
    }

    /**
     * Runs code as a cell would (magics included) and returns the value of its last expression
     * itself, an object living in the kernel (IJava's {@code evalRaw}; cells call it as {@code eval}).
     */
    public Object evalRaw(String code) throws Exception {
        JShellEvaluator.Value value = runCode(code);
        return value == null ? null : value.object();
    }

    /** IJava's magics registry: run magics ({@code applyLineMagic}) or add your own ({@code registerLineMagic}). */
    public Magics getMagics() {
        return magics.registry();
    }

    /** Adds a jar or class folder (a path list of them) to the notebook's class path. */
    public void addToClasspath(String path) {
        evaluator.addToClasspath(JavaKernel.notebookClasspath(path), true);
    }

    JShellEvaluator.Value runCell(String cell, int executionCount) throws CellError {
        evaluator.beginCell();
        cellCount = executionCount;
        return runCode(cell);
    }

    private JShellEvaluator.Value runCode(String code) throws CellError {
        CellParser.CellMagic cellMagic = CellParser.cellMagic(code);
        if (cellMagic != null) {
            return magics.runCellMagic(cellMagic.name(), cellMagic.args(), cellMagic.body(), cellMagic.bodyFirstLine());
        }
        return runSegments(code, 0, cellCount);
    }

    private JShellEvaluator.Value runSegments(String text, int firstLine, int executionCount) throws CellError {
        JShellEvaluator.Value last = null;
        for (CellParser.Segment segment : CellParser.segments(text, firstLine)) {
            if (evaluator.interruptRequested()) {
                throw CellError.interrupted();
            }
            if (segment instanceof CellParser.LineMagic magic) {
                magics.runLineMagic(magic.name(), magic.args());
                last = null; // a magic on its own line shows nothing, as in IJava
            } else if (segment instanceof CellParser.Code code) {
                last = evaluator.run(code.text(), code.firstLine(), executionCount);
            }
        }
        return last;
    }

    private DisplayData renderValue(JShellEvaluator.Value value) {
        if (value == null) {
            return null;
        }
        Object object = value.object();
        if (object == null) {
            return null; // as in IJava: a null value shows nothing
        }
        if (object instanceof DisplayData data) {
            return data;
        }
        if (object instanceof java.io.PrintStream) {
            // A cell ending in System.out.printf(...) returns the stream itself; its output is already shown.
            return null;
        }
        return getRenderer().render(object);
    }

    private void handleExecute(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        boolean silent = request.isSilent();
        int count = request.shouldStoreHistory() && !silent
                ? executionCount.getAndIncrement() : executionCount.get();

        env.setBusyDeferIdle();
        if (!silent) {
            env.publish(new PublishExecuteInput(request.getCode(), count));
        }

        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ioBinding.attach(env, request.isStdinEnabled());
        lastEnv = env;
        System.setOut(cellOut);
        System.setErr(cellErr);
        System.setIn(new PromptingInput(getIO().in));
        ExitGuard.takeRefusedExit(); // an exit refused outside any cell is not this cell's
        String outputText = "";
        try {
            JShellEvaluator.Value value = null;
            CellError failure = null;
            try {
                value = runCell(request.getCode(), count);
            } catch (CellError e) {
                failure = e;
            } finally {
                cellOut.flush();
                cellErr.flush();
                stdout.finish();
                stderr.finish();
            }
            Integer exitStatus = ExitGuard.takeRefusedExit();
            if (exitStatus != null) {
                failure = CellError.exitRefused(exitStatus, failure);
            }
            if (failure != null) {
                throw failure;
            }
            DisplayData result = renderValue(value);
            if (result != null && !silent) {
                env.publish(new PublishExecuteResult(count, result));
                Object text = result.getData(MIMEType.TEXT_PLAIN);
                outputText = text == null ? "" : text.toString();
            }
            env.reply(new ExecuteReply(count, Map.of()));
        } catch (CellError e) {
            replyError(env, count, e.errorName(), e.errorValue(), e.traceback());
        } catch (RuntimeException | Error e) {
            // A kernel bug (or a renderer failing): report it in the notebook rather than hang the cell.
            replyError(env, count, e.getClass().getName(), String.valueOf(e.getMessage()),
                    List.of("Kernel error while running the cell: " + e));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
            ioBinding.detach(env);
            if (request.shouldStoreHistory() && !silent) {
                history.record(count, request.getCode(), outputText);
            }
        }
    }

    /** stdin that first sends the cell's pending output, so a prompt shows before the input box. */
    private final class PromptingInput extends FilterInputStream {
        PromptingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            sendPendingOutput();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            sendPendingOutput();
            return super.read(b, off, len);
        }
    }

    private static void replyError(ShellReplyEnvironment env, int count, String name, String value,
                                   List<String> traceback) {
        env.publish(new PublishError(name, value, traceback));
        ErrorReply reply = new ErrorReply(name, value, traceback);
        reply.setExecutionCount(count);
        env.replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
    }

    /** Publishes on IOPub in the context of the current (or last) execute request. */
    <T extends ContentType<T>> void publish(T content) {
        ShellReplyEnvironment env = lastEnv;
        if (env == null) {
            throw new IllegalStateException("nothing has been executed yet: no output to publish to");
        }
        sendPendingOutput();
        env.publish(content);
    }

    @Override
    public void interrupt() {
        evaluator.interrupt();
    }

    // ----------------------------------------------------------------------------------------
    // Requests other than execute

    @Override
    public String isComplete(String code) {
        return evaluator.isComplete(code);
    }

    @Override
    public ReplacementOptions complete(String code, int cursorCodePoints) {
        int cursor = CodePoints.toCharIndex(code, cursorCodePoints);
        JShellEvaluator.Completions c = evaluator.complete(code, cursor);
        return new ReplacementOptions(c.matches(),
                CodePoints.toCodePointIndex(code, c.start()), CodePoints.toCodePointIndex(code, c.end()));
    }

    @Override
    public DisplayData inspect(String code, int cursorCodePoints, boolean extraDetail) {
        String text = evaluator.inspect(code, CodePoints.toCharIndex(code, cursorCodePoints));
        if (text == null) {
            return null;
        }
        DisplayData data = new DisplayData(text);
        data.putMetaData("text/plain", Map.of());
        return data;
    }

    private void handleKernelInfo(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        env.reply(new ProtocolReplies.KernelInfo(Header.PROTOCOL_VERISON, IMPLEMENTATION, VERSION,
                getLanguageInfo(), getBanner(), getHelpLinks()));
    }

    private void handleHistory(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest request = message.getContent();
        env.setBusyDeferIdle();
        Set<HistoryManager.ResultFlag> flags = EnumSet.noneOf(HistoryManager.ResultFlag.class);
        if (request.includeOutput()) {
            flags.add(HistoryManager.ResultFlag.INCLUDE_OUTPUT);
        }
        List<HistoryEntry> entries;
        if (request instanceof HistoryRequest.Tail tail) {
            entries = history.lookupTail(tail.getMaxReturnLength(), flags);
        } else if (request instanceof HistoryRequest.Range range) {
            entries = history.lookupRange(range.getSessionIndex(), range.getStart(), range.getStop(), flags);
        } else if (request instanceof HistoryRequest.Search search) {
            if (search.filterUnique()) {
                flags.add(HistoryManager.ResultFlag.UNIQUE);
            }
            entries = history.search(search.getPattern(), search.getMaxReturnLength(), flags);
        } else {
            entries = List.of();
        }
        env.reply(new ProtocolReplies.History(entries));
    }

    private void handleInterrupt(ShellReplyEnvironment env, Message<InterruptRequest> message) {
        env.setBusyDeferIdle();
        interrupt();
        env.reply(new ProtocolReplies.Interrupt());
    }

    private void handleShutdown(ShellReplyEnvironment env, Message<ShutdownRequest> message) {
        boolean restart = message.getContent().isRestart();
        env.setBusyDeferIdle();
        interrupt();
        onShutdown(restart);
        env.reply(new ProtocolReplies.Shutdown(restart));
        env.resolveDeferrals();
        env.markForShutdown();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        outputTimer.shutdown();
        evaluator.close();
        instance = null;
    }
}
