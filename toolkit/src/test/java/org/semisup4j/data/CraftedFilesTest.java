package org.semisup4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files crafted (generated here, never copied from a user) to break a loader in the ways a real user's file
 * does: a second column of the label's name, a folder or a missing path where a file should be, one class
 * only, a path with a comma, an IDX header whose sizes lie. Each must end in one message naming the file,
 * the place and what was expected — or, for the comma, load.
 */
class CraftedFilesTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void aSecondColumnNamedLikeTheLabelIsRefusedNamingBothPositions() throws IOException {
        // Read as a feature, the twin would leak the answer into the inputs.
        Path file = write("twin.csv", "x,label,y,label\n1,a,2,a\n2,b,3,b\n3,a,4,a\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> CsvDatasets.read(file, "label"));
        assertEquals(file + ": line 1: columns 2 and 4 are both named 'label'; column names must be unique", e.getMessage());
    }

    @Test
    void everyDuplicatedColumnNameIsRefusedNotOnlyTheLabels() throws IOException {
        Path file = write("features.csv", "x,y, x,label\n1,2,3,a\n2,3,4,b\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> CsvDatasets.read(file, "label"));
        assertTrue(e.getMessage().contains("columns 1 and 3 are both named 'x'"), e.getMessage());
    }

    @Test
    void aMissingCsvSaysNoSuchFileAndAFolderSaysItIsOne() throws IOException {
        Path missing = dir.resolve("missing.csv");
        NoSuchFileException none = assertThrows(NoSuchFileException.class, () -> CsvDatasets.read(missing, "label"));
        assertEquals(missing + ": no such file", none.getMessage());
        Path folder = Files.createDirectories(dir.resolve("folder.csv"));
        FileSystemException e = assertThrows(FileSystemException.class, () -> CsvDatasets.read(folder, "label"));
        assertEquals(folder + ": is a folder, expected a CSV file", e.getMessage());
    }

    @Test
    void aTrainingFileWithOneClassNamesTheFileAndTheLabelColumn() throws IOException {
        Path file = write("one.csv", "x,kind\n1,cat\n2,cat\n3,cat\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> CsvDatasets.read(file, "kind"));
        assertEquals(file + ": column 'kind': every row has the label 'cat'; a classifier needs at least two classes", e.getMessage());
        // A test file may hold one class: its classes are the training file's.
        assertEquals(3, CsvDatasets.read(file, "kind", java.util.List.of("cat", "dog")).size());
    }

    @Test
    void aCsvPathWithCommasLoadsWithAndWithoutOptions() throws IOException {
        Path file = write("a,b/x,y.csv", "f,label\n1,a\n2,b\n3,a\n");
        Path test = write("c,d/test.csv", "f,label\n4,b\n");
        assertEquals(3, Datasets.byName("csv:" + file, true).size());
        assertEquals(3, Datasets.byName("csv:" + file + ",label=label", true).size());
        Dataset t = Datasets.byName("csv:" + file + ",label=label,test=" + test, false);
        assertEquals(1, t.size());
        assertEquals(1, t.label(0), "b is the training file's second class");
        // A misspelt option is still named, not read as part of the path.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.byName("csv:" + file + ",lable=label", true));
        assertTrue(e.getMessage().contains("option 'lable=label' not understood"), e.getMessage());
    }

    @Test
    void anIdxSizeErrorShowsTheHeaderAsWritten() throws IOException {
        // 10^9 images of 28x28 claimed by a file that holds one.
        ByteBuffer b = ByteBuffer.allocate(16 + 28 * 28);
        b.putInt(0x00000803).putInt(1_000_000_000).putInt(28).putInt(28);
        Path file = dir.resolve("lying-idx3-ubyte");
        Files.write(file, b.array());
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxFiles.read(file));
        assertTrue(e.getMessage().contains("[1000000000, 28, 28]"), e.getMessage());
        assertFalse(e.getMessage().contains(", 0]"), e.getMessage());

        b.putInt(8, -28);
        Files.write(file, b.array());
        e = assertThrows(DatasetFormatException.class, () -> IdxFiles.read(file));
        assertEquals(file + ": dimension 1: value -28 in [1000000000, -28, 28], expected a positive size", e.getMessage());
    }
}
