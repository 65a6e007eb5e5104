package io.github.spencerpark.ijava.runtime;

import org.semisup4j.kernel.Cells;
import org.semisup4j.kernel.JavaKernel;

/** IJava's kernel functions under IJava's class name, for notebooks that import them explicitly. */
public final class Kernel {
    private Kernel() {
    }

    public static JavaKernel getKernelInstance() {
        return Cells.getKernelInstance();
    }

    public static Object eval(String expr) throws Exception {
        return Cells.eval(expr);
    }
}
