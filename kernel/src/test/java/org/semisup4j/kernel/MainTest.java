package org.semisup4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    // Surefire's JVM is started with the machine's build named; each test starts from no setting.
    @BeforeEach
    @AfterEach
    void clear() {
        System.clearProperty(Main.JAVACPP_EXTENSION);
    }

    @Test
    void anAvx2CpuWithoutAvx512GetsTheOneDnnAvx2Build() throws IOException {
        Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), "flags\t\t: fpu sse4_2 avx avx2 fma\n");
        Main.avoidUnsupportedNativeBuild(cpuinfo);
        assertEquals("-onednn-avx2", System.getProperty(Main.JAVACPP_EXTENSION));
    }

    @Test
    void aCpuWithoutAvx2GetsNd4jsPlainBuild() throws IOException {
        Main.avoidUnsupportedNativeBuild(Files.writeString(dir.resolve("old"), "flags\t\t: fpu sse4_2 avx\n"));
        assertEquals("", System.getProperty(Main.JAVACPP_EXTENSION));
    }

    @Test
    void aCpuWithAvx512AndAnExplicitSettingAreLeftAlone() throws IOException {
        Main.avoidUnsupportedNativeBuild(Files.writeString(dir.resolve("avx512"), "flags\t\t: avx2 avx512f avx512dq\n"));
        assertNull(System.getProperty(Main.JAVACPP_EXTENSION));
        System.setProperty(Main.JAVACPP_EXTENSION, "-avx2");
        Main.avoidUnsupportedNativeBuild(Files.writeString(dir.resolve("plain"), "flags\t\t: avx2\n"));
        assertEquals("-avx2", System.getProperty(Main.JAVACPP_EXTENSION));
    }
}
