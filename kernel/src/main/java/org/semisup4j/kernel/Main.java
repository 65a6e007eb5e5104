package org.semisup4j.kernel;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;

/** Starts the kernel: {@code java -cp ... org.semisup4j.kernel.Main <connection-file>}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: org.semisup4j.kernel.Main <connection-file.json>");
            ExitGuard.allowExit();
            System.exit(2);
        }
        KernelLogging.configure(System.getenv("SEMISUP4J_KERNEL_LOG"));
        ExitGuard.install();
        avoidUnsupportedNativeBuild(Path.of("/proc/cpuinfo"));
        Path connectionFile = Path.of(args[0]);
        if (!Files.isReadable(connectionFile)) {
            System.err.println("semisup4j kernel: cannot read connection file " + connectionFile.toAbsolutePath());
            ExitGuard.allowExit();
            System.exit(2);
        }
        KernelConnectionProperties properties = KernelConnectionProperties.parse(Files.readString(connectionFile));

        JavaKernel kernel = new JavaKernel();
        GuardedConnection connection = new GuardedConnection(properties);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        // Cells may have left non-daemon threads running; the kernel's life ends with its connection.
        ExitGuard.allowExit();
        System.exit(0);
    }

    static final String JAVACPP_EXTENSION = "org.bytedeco.javacpp.platform.extension";

    /**
     * The toolkit carries ND4J's plain build and its oneDNN AVX2 and AVX-512 builds; ND4J loads the AVX-512 one
     * even on a CPU without AVX-512, where the first operation dies with SIGILL (seen on an AVX2-only
     * machine). There the kernel asks JavaCPP for the oneDNN AVX2 build (or the plain one without AVX2), the
     * same choice as {@code scripts/lib/nd4j-extension.sh}. An explicit setting (kernel.json's) is kept.
     */
    static void avoidUnsupportedNativeBuild(Path cpuinfo) {
        if (System.getProperty(JAVACPP_EXTENSION) != null || !Files.isReadable(cpuinfo)) {
            return;
        }
        try {
            String flags = Files.readString(cpuinfo);
            if (!flags.contains(" avx512f")) {
                System.setProperty(JAVACPP_EXTENSION, flags.contains(" avx2") ? "-onednn-avx2" : "");
            }
        } catch (java.io.IOException e) {
            // unknown CPU: leave ND4J's choice alone
        }
    }
}
