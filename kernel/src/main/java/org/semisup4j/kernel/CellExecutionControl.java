package org.semisup4j.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs JShell snippets inside the kernel's JVM, each invocation on a fresh "cell" thread.
 *
 * <p>Why not JShell's own {@code LocalExecutionControl}: it turns results into strings and stops a
 * whole thread group on interrupt, which would also kill library threads (ND4J deallocators, pools)
 * that happened to be created during a cell. Here results stay objects (handed back through a key
 * that JShell carries as the snippet's "value"), and an interrupt stops only the cell's own thread:
 * first politely ({@link Thread#interrupt()}), then, after a grace period, with {@code Thread.stop}.
 */
final class CellExecutionControl extends DirectExecutionControl {
    private static final Logger LOG = Logger.getLogger(CellExecutionControl.class.getName());
    private static final String KEY_PREFIX = "semisup4j-result-";

    private final long stopGraceMillis;
    private final AtomicLong nextKey = new AtomicLong();
    private final AtomicLong nextThread = new AtomicLong();
    private final Map<String, Object> results = new HashMap<>();

    private volatile Thread cellThread;
    private volatile boolean stopRequested;

    CellExecutionControl(long stopGraceMillis, NotebookClassLoader loader) {
        super(loader.jshellDelegate());
        this.stopGraceMillis = stopGraceMillis;
    }

    /** Clears the interrupt flag and the results of the previous cell. */
    void beginCell() {
        stopRequested = false;
        synchronized (results) {
            results.clear();
        }
    }

    boolean stopRequested() {
        return stopRequested;
    }

    /** The object a snippet produced, given the value string JShell reported for it. */
    Object takeResult(String valueKey) {
        synchronized (results) {
            return results.remove(valueKey);
        }
    }

    boolean hasResult(String valueKey) {
        synchronized (results) {
            return valueKey != null && results.containsKey(valueKey);
        }
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        if (stopRequested) {
            throw new ExecutionControl.StoppedException();
        }
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                result[0] = doitMethod.invoke(null);
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "cell-" + nextThread.incrementAndGet());
        thread.setDaemon(true);
        // Libraries that look up classes through the context loader (ServiceLoader, ND4J backends)
        // must see jars added with %jars / %maven, which live in the snippets' class loader.
        thread.setContextClassLoader(doitMethod.getDeclaringClass().getClassLoader());
        // A cell may run code itself (eval("...") from a cell): the outer cell thread waits for the inner one.
        Thread outer = cellThread;
        cellThread = thread;
        try {
            thread.start();
            joinUninterruptibly(thread);
        } finally {
            cellThread = outer;
        }

        Throwable thrown = failure[0];
        if (thrown instanceof InvocationTargetException ite) {
            thrown = ite.getCause();
        }
        if (stopRequested || isThreadDeath(thrown)) {
            throw new ExecutionControl.StoppedException();
        }
        if (thrown != null) {
            // DirectExecutionControl turns this into the user exception JShell reports.
            throw new InvocationTargetException(thrown);
        }
        String key = KEY_PREFIX + nextKey.incrementAndGet();
        synchronized (results) {
            results.put(key, result[0]);
        }
        return key;
    }

    @SuppressWarnings("deprecation")
    private static boolean isThreadDeath(Throwable t) {
        return t instanceof ThreadDeath;
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the running cell (called from the control channel's thread). Also marks the cell as
     * stopped so that snippets not yet started do not run.
     */
    @Override
    public void stop() {
        stopRequested = true;
        Thread thread = cellThread;
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(stopGraceMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            forceStop(thread);
        }
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void forceStop(Thread thread) {
        try {
            thread.stop();
        } catch (UnsupportedOperationException e) {
            // Java 20+ removed Thread.stop: only cooperative code (checking interrupts) can stop there.
            LOG.log(Level.WARNING, "Thread.stop is not supported on this JVM; the cell keeps running");
        }
    }

    /** Hands JShell this control (JShell asks a provider for its execution engine). */
    static final class Provider implements ExecutionControlProvider {
        private final CellExecutionControl control;

        Provider(CellExecutionControl control) {
            this.control = control;
        }

        @Override
        public String name() {
            return "semisup4j-cells";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }
}
