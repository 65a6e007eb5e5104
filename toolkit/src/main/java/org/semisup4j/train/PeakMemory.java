package org.semisup4j.train;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The peak memory of this process, for every run's JSON line ({@code peak_rss_mb}): on Linux the kernel's
 * high-water mark of the resident set ({@code VmHWM} in {@code /proc/self/status}) — heap, ND4J's off-heap
 * buffers and code alike. Where there is no {@code /proc} the fallback is the sum of the JVM memory pools' peak
 * committed sizes, a lower bound that misses off-heap buffers; {@link #source} says which one was read.
 */
public final class PeakMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private PeakMemory() {}

    /** Peak resident set in MB (VmHWM), or the JVM pools' peak committed MB where /proc is missing. */
    public static double megabytes() {
        double hwm = vmHwm();
        return Double.isNaN(hwm) ? jvmPoolsPeak() : hwm;
    }

    /** "VmHWM" or "jvm-pools" (the fallback, without off-heap memory). */
    public static String source() {
        return Double.isNaN(vmHwm()) ? "jvm-pools" : "VmHWM";
    }

    private static double vmHwm() {
        try {
            for (String line : Files.readAllLines(STATUS))
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0; // kB
        } catch (IOException | NumberFormatException | SecurityException e) {
            // not Linux, or /proc hidden: fall back
        }
        return Double.NaN;
    }

    private static double jvmPoolsPeak() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
            if (pool.getPeakUsage() != null) bytes += pool.getPeakUsage().getCommitted();
        return bytes / (1024.0 * 1024.0);
    }
}
