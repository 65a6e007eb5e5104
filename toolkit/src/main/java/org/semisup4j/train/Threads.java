package org.semisup4j.train;

import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.semisup4j.model.Model;

/**
 * The ND4J threads of a training run, chosen from the model: a model that reads images ([C, H, W] input, i.e.
 * convolutions) runs on every thread the process was started with ({@code OMP_NUM_THREADS}, else the machine's
 * cores); a model that reads vectors (dense layers) runs on one.
 *
 * <p>Why (BENCHMARKS.md, "Speed at 2 threads" and the engine notes): on 2 cores a second thread speeds the
 * convolution steps up 1.3–1.8×, while the dense steps get 2–3× slower (their ops are tens of microseconds,
 * shorter than an OpenMP fork/join, and any other process on the machine stalls the barrier). OpenMP's
 * thread count ({@code omp_set_num_threads}, for parallel regions the calling thread starts: ND4J runs its ops
 * on the thread that trains) and OpenBLAS's can change in a running JVM, so the choice is made per run and
 * undone when the run ends; libnd4j's own thread pool cannot be resized, but it splits only arrays far larger
 * than a dense step's.
 */
final class Threads implements AutoCloseable {
    private final int previousOmp, previousBlas;

    private Threads(int threads) {
        previousOmp = ompThreads();
        previousBlas = Nd4j.factory().blas().getMaxThreads();
        set(threads, threads);
    }

    /** The count for {@code model}: one for vector input, the process's count for image input. */
    static int forModel(Model model) {
        return model.inputShape().length >= 2 ? Launched.THREADS : 1;
    }

    /** Runs ND4J on {@code threads} threads on this thread until {@link #close}; null on a backend without CPU threads. */
    static Threads use(int threads) {
        return cpu() ? new Threads(threads) : null;
    }

    /** The OpenMP thread count of parallel regions started from this thread. */
    static int ompThreads() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }

    @Override
    public void close() {
        set(previousOmp, previousBlas);
    }

    /** Only where the count changes: OpenBLAS's setter re-initialises its thread pool (1.4 % of a VAT step's samples when called per run). */
    private static void set(int omp, int blas) {
        if (ompThreads() != omp) NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(omp);
        if (Nd4j.factory().blas().getMaxThreads() != blas) Nd4j.factory().blas().setMaxThreads(blas);
    }

    private static boolean cpu() {
        return Nd4j.getExecutioner().type() == OpExecutioner.ExecutionerType.NATIVE_CPU;
    }

    /** Read once, before any run changes it. */
    private static final class Launched {
        static final int THREADS = cpu() ? ompThreads() : 1;
    }
}
