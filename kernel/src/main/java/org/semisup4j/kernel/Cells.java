package org.semisup4j.kernel;

import java.util.List;
import java.util.UUID;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.messages.publish.PublishClearOutput;

/**
 * The functions every cell can call without a prefix (statically imported at kernel start), with
 * IJava's names and meaning: {@code display}, {@code render}, {@code updateDisplay}. Safe from any
 * thread: socket sends are serialised by the base library.
 */
public final class Cells {
    private Cells() {
    }

    /** Renders an object to a mime bundle with the kernel's renderer (DisplayDataRenderable objects render themselves). */
    public static DisplayData render(Object o) {
        if (o instanceof DisplayData data) {
            return new DisplayData(data);
        }
        return kernel().getRenderer().render(o);
    }

    /** Renders an object as the given mime types only (e.g. {@code "text/html"}). */
    public static DisplayData render(Object o, String... mimeTypes) {
        if (mimeTypes.length == 0) {
            return render(o);
        }
        return kernel().getRenderer().renderAs(o, mimeTypes);
    }

    /** Shows an object below the cell now; returns the display id to pass to {@link #updateDisplay}. */
    public static String display(Object o) {
        return show(render(o));
    }

    public static String display(Object o, String... mimeTypes) {
        return show(render(o, mimeTypes));
    }

    /** Replaces, in place, what an earlier {@link #display} call showed. */
    public static void updateDisplay(String displayId, Object o) {
        kernel().getIO().display.updateDisplay(displayId, render(o));
    }

    public static void updateDisplay(String displayId, Object o, String... mimeTypes) {
        kernel().getIO().display.updateDisplay(displayId, render(o, mimeTypes));
    }

    /** Clears the cell's output; with {@code wait}, only once the next output arrives (no flicker). */
    public static void clearOutput(boolean wait) {
        JavaKernel k = kernel();
        k.publish(wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
    }

    public static void clearOutput() {
        clearOutput(false);
    }

    /** IJava's shorthand for {@code System.out.printf}. */
    public static void printf(String format, Object... args) {
        System.out.printf(format, args);
    }

    /** The running kernel (IJava's {@code getKernelInstance()}): magics, {@code evalRaw}, class path, renderer. */
    public static JavaKernel getKernelInstance() {
        return JavaKernel.getKernelInstance();
    }

    /**
     * Runs code as a cell would (magics included) and returns the value of its last expression:
     * {@code (int) eval("1 + 2") + 3}.
     */
    public static Object eval(String code) throws Exception {
        return kernel().evalRaw(code);
    }

    /** Runs a line magic: {@code List<String> added = lineMagic("jars", List.of("lib/*.jar"));}. */
    @SuppressWarnings("unchecked")
    public static <T> T lineMagic(String name, List<String> args) {
        try {
            return (T) kernel().getMagics().applyLineMagic(name, args);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(KernelMagics.asCellError("%" + name, e).errorValue(), e);
        }
    }

    /** Runs a cell magic with {@code body} as its cell. */
    @SuppressWarnings("unchecked")
    public static <T> T cellMagic(String name, List<String> args, String body) {
        try {
            return (T) kernel().getMagics().applyCellMagic(name, args, body);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(KernelMagics.asCellError("%%" + name, e).errorValue(), e);
        }
    }

    private static String show(DisplayData data) {
        String id = data.getDisplayId();
        if (id == null) {
            id = UUID.randomUUID().toString();
            data.setDisplayId(id);
        }
        BaseKernel k = kernel();
        k.display(data);
        return id;
    }

    private static JavaKernel kernel() {
        JavaKernel k = JavaKernel.getKernelInstance();
        if (k == null) {
            throw new IllegalStateException("no Jupyter kernel is running in this JVM");
        }
        return k;
    }
}
