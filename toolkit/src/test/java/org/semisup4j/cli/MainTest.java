package org.semisup4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.semisup4j.train.RunConfig;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class MainTest {
    @Test
    void aBadValueInAConfigFileNamesTheFileAndTheField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.json");
        RunConfig.of("two-moons").method("pseudo-label").param("thresold", 0.9).save(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Main.train(new String[]{"--config", file.toString(), "--steps", "2"}));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("'thresold'"), e.getMessage());
    }

    @Test
    void aMisspeltParameterOnTheCommandLineIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Main.train(new String[]{"--method", "fixmatch", "--param", "treshold=0.9", "--steps", "2"}));
        assertTrue(e.getMessage().contains("'treshold'") && e.getMessage().contains("lambda_u, threshold"), e.getMessage());
    }
}
