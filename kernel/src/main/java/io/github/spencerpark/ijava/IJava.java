package io.github.spencerpark.ijava;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import org.semisup4j.kernel.JavaKernel;

/**
 * Compatibility entry point for notebooks and libraries written for IJava, which reach the kernel
 * through {@code IJava.getKernelInstance()}. Here it is the semisup4j kernel.
 */
public final class IJava {
    private IJava() {
    }

    public static BaseKernel getKernelInstance() {
        return JavaKernel.getKernelInstance();
    }
}
