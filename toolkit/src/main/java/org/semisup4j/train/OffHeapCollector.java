package org.semisup4j.train;

import org.bytedeco.javacpp.Pointer;

/**
 * Keeps a long run's resident memory bounded. ND4J frees an array's native buffer only when the JVM
 * collects the array's Java handle, and the handles are tiny: the heap barely fills, the collector rarely
 * runs, and every step's intermediate buffers pile up off-heap (measured on the small CNN at batch 8: 1.1 GB
 * resident at step 100, 3.0 GB at step 600, while a collection brings it back to 0.3 GB). So every
 * {@value #CHECK_EVERY} steps this reads the resident set and asks for a collection once it has grown by a
 * fifth since the last one (and passed {@value #FLOOR_MB} MB): rare enough to cost little, often enough to keep
 * memory flat. The peak of that sawtooth is the resident set a user sees: on the small CNN at batch 8 (400
 * steps, BENCHMARKS.md engine notes) growing by half peaked at 643 MB (unshared) with 1.5 s of collections, by a
 * fifth at 535 MB with 2.6 s (of ~50 s), over a floor of ~370 MB after a collection. One per process, shared by all trainers: memory is the process's, and a notebook runs many.
 *
 * <p>The launcher also sets {@code MALLOC_MMAP_THRESHOLD_}: glibc otherwise raises its mmap threshold each
 * time a large buffer is freed, after which freed activations stay in the process's heap and the
 * resident set does not fall even after a collection.
 */
final class OffHeapCollector {
    static final int CHECK_EVERY = 10;
    static final long FLOOR_MB = 256;
    private static long limit = FLOOR_MB << 20;
    private static int steps;
    /** A collection was asked for at the last check; ND4J frees the buffers on its own threads, so the new baseline is read one check later. */
    private static boolean settling;

    private OffHeapCollector() {}

    /** Called after every step of every trainer. */
    static synchronized void afterStep() {
        if (++steps % CHECK_EVERY != 0) return;
        long resident = Pointer.physicalBytes();
        if (settling) {
            limit = Math.max(FLOOR_MB << 20, resident + resident / 5);
            settling = false;
        } else if (resident > limit) {
            System.gc();
            settling = true;
        }
    }
}
