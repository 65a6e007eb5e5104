package org.semisup4j.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.DisplayStream;
import io.github.spencerpark.jupyter.kernel.JupyterIO;

/**
 * Attaches basekernel's {@link JupyterIO} (stdout, stderr, stdin, display) to the request being
 * executed. basekernel keeps these methods protected for its own execute handler; the kernel has
 * its own handler (to run cells interruptibly and report clean errors), so it calls them here.
 */
final class JupyterIOBinding {
    private final JupyterIO io;
    private final Method setEnv;
    private final Method retractEnv;
    private final Method setStdinEnabled;
    private final Method displaySetEnv;

    JupyterIOBinding(JupyterIO io) {
        this.io = io;
        try {
            setEnv = accessible(JupyterIO.class.getDeclaredMethod("setEnv", ShellReplyEnvironment.class));
            retractEnv = accessible(JupyterIO.class.getDeclaredMethod("retractEnv", ShellReplyEnvironment.class));
            setStdinEnabled = accessible(JupyterIO.class.getDeclaredMethod("setJupyterInEnabled", boolean.class));
            displaySetEnv = accessible(DisplayStream.class.getDeclaredMethod("setEnv", ShellReplyEnvironment.class));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("unsupported jupyter-jvm-basekernel version (expected 2.3.0)", e);
        }
    }

    private static Method accessible(Method m) {
        m.setAccessible(true);
        return m;
    }

    void attach(ShellReplyEnvironment env, boolean stdinAllowed) {
        call(setEnv, io, env);
        call(setStdinEnabled, io, stdinAllowed);
    }

    /**
     * Detaches the streams, but leaves the display stream on the last request: displays updated
     * later from background threads (live training plots) still reach the notebook.
     */
    void detach(ShellReplyEnvironment env) {
        call(retractEnv, io, env);
        call(displaySetEnv, io.display, env);
    }

    private static void call(Method m, Object target, Object arg) {
        try {
            m.invoke(target, arg);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }
}
