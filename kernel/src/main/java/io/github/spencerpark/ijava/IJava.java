package io.github.spencerpark.ijava;

import org.semisup4j.kernel.JavaKernel;

/**
 * Compatibility entry point for notebooks and libraries written for IJava, which reach the kernel
 * through {@code IJava.getKernelInstance()}. Here it is the semisup4j kernel.
 */
public final class IJava {
    private IJava() {
    }

    /** The running kernel: {@code getMagics()}, {@code evalRaw(code)}, {@code addToClasspath(path)}, ... */
    public static JavaKernel getKernelInstance() {
        return JavaKernel.getKernelInstance();
    }
}
