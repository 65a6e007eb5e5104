package io.github.spencerpark.ijava.runtime;

import java.util.List;

import org.semisup4j.kernel.Cells;

/** IJava's magic functions under IJava's class name, for notebooks that import them explicitly. */
public final class Magics {
    private Magics() {
    }

    public static <T> T lineMagic(String name, List<String> args) {
        return Cells.lineMagic(name, args);
    }

    public static <T> T cellMagic(String name, List<String> args, String body) {
        return Cells.cellMagic(name, args, body);
    }
}
