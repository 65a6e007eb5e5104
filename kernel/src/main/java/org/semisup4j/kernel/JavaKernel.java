package org.semisup4j.kernel;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
import io.github.spencerpark.jupyter.messages.ContentType;
import io.github.spencerpark.jupyter.messages.Header;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.publish.PublishError;
import io.github.spencerpark.jupyter.messages.publish.PublishExecuteInput;
import io.github.spencerpark.jupyter.messages.publish.PublishExecuteResult;
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

    private static volatile JavaKernel instance;

    private final JShellEvaluator evaluator;
    private final KernelMagics magics;
    private final KernelHistory history = new KernelHistory();
    private final JupyterIOBinding ioBinding;
    private final LanguageInfo languageInfo;
    private volatile ShellReplyEnvironment lastEnv;

    /** The kernel running in this JVM, or null when none runs. */
    public static JavaKernel getKernelInstance() {
        return instance;
    }

    public JavaKernel() {
        this(MavenResolver.fromEnvironment());
    }

    JavaKernel(MavenResolver maven) {
        this.evaluator = new JShellEvaluator(STOP_GRACE_MILLIS);
        this.magics = new KernelMagics(evaluator, maven);
        this.ioBinding = new JupyterIOBinding(getIO());
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

    JShellEvaluator.Value runCell(String cell, int executionCount) throws CellError {
        evaluator.beginCell();
        CellParser.CellMagic cellMagic = CellParser.cellMagic(cell);
        if (cellMagic != null) {
            return magics.runCellMagic(cellMagic.name(), cellMagic.args(), cellMagic.body(),
                    cellMagic.bodyFirstLine(), (body, firstLine) -> runSegments(body, firstLine, executionCount));
        }
        return runSegments(cell, 0, executionCount);
    }

    private JShellEvaluator.Value runSegments(String text, int firstLine, int executionCount) throws CellError {
        JShellEvaluator.Value last = null;
        for (CellParser.Segment segment : CellParser.segments(text, firstLine)) {
            if (evaluator.interruptRequested()) {
                throw CellError.interrupted();
            }
            if (segment instanceof CellParser.LineMagic magic) {
                magics.runLineMagic(magic.name(), magic.args());
                last = null;
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
            return new DisplayData("null");
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
        System.setOut(getIO().out);
        System.setErr(getIO().err);
        System.setIn(getIO().in);
        ioBinding.attach(env, request.isStdinEnabled());
        lastEnv = env;
        String outputText = "";
        try {
            DisplayData result;
            try {
                result = renderValue(runCell(request.getCode(), count));
            } finally {
                getIO().out.flush();
                getIO().err.flush();
            }
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
        evaluator.close();
        instance = null;
    }
}
