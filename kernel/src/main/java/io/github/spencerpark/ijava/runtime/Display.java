package io.github.spencerpark.ijava.runtime;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import org.semisup4j.kernel.Cells;

/** IJava's display functions under IJava's class name, for notebooks that import them explicitly. */
public final class Display {
    private Display() {
    }

    public static DisplayData render(Object o) {
        return Cells.render(o);
    }

    public static DisplayData render(Object o, String... as) {
        return Cells.render(o, as);
    }

    public static String display(Object o) {
        return Cells.display(o);
    }

    public static String display(Object o, String... as) {
        return Cells.display(o, as);
    }

    public static void updateDisplay(String id, Object o) {
        Cells.updateDisplay(id, o);
    }

    public static void updateDisplay(String id, Object o, String... as) {
        Cells.updateDisplay(id, o, as);
    }
}
