package org.semisup4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class DigitsTest {
    @TempDir
    Path dir;

    private Path gz(String text) throws IOException {
        Path file = dir.resolve("digits.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        return file;
    }

    private static String row(int pixel, int label) {
        return (String.valueOf(pixel) + ",").repeat(64) + label + "\n";
    }

    @Test
    void pixelsAreScaledToUnitRangeAndTheLastRowsAreTheTestSet() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Digits.TRAIN_SIZE + 3; i++) text.append(row(i < Digits.TRAIN_SIZE ? 16 : 4, i % 10));
        Path file = gz(text.toString());
        Dataset train = Digits.load(file, true), test = Digits.load(file, false);
        assertEquals(Digits.TRAIN_SIZE, train.size());
        assertEquals(3, test.size());
        assertArrayEquals(new long[]{64}, train.exampleShape());
        assertEquals(1.0, train.features().getDouble(0, 5), 1e-6);
        assertEquals(0.25, test.features().getDouble(2, 63), 1e-6);
        assertEquals(10, train.numClasses());
        assertEquals((Digits.TRAIN_SIZE + 2) % 10, test.label(2));
        assertEquals(Digits.TRAIN_SIZE, Datasets.byName("digits:file=" + file, true).size());
    }

    @Test
    void badRowsNameTheFileLineAndField() throws IOException {
        Path shortRow = gz(row(1, 1) + "1,2,3\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Digits.load(shortRow, true));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("3 fields; expected 64 pixels and a label"), e.getMessage());
        Path badPixel = gz(row(1, 1).replaceFirst("1,", "17,"));
        e = assertThrows(DatasetFormatException.class, () -> Digits.load(badPixel, true));
        assertTrue(e.getMessage().contains("line 1, pixel 0") && e.getMessage().contains("expected 0..16"), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> Digits.load(dir.resolve("none.csv.gz"), true));
        assertTrue(missing.getMessage().contains("python3-sklearn"), missing.getMessage());
    }
}
