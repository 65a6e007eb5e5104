package org.semisup4j.kernel;

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
