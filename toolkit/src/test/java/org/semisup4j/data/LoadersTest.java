package org.semisup4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** IDX (MNIST family), CIFAR-10 binary and SVHN MAT v5 loaders on small files written here in the real formats. */
class LoadersTest {
    @TempDir
    Path dir;

    @Test
    void mnistGzippedAndPlainGiveScaledImagesAndLabels() throws IOException {
        TestData.writeMnistDir(dir.resolve("gz"), "train", 12, 28, 28, true, 1);
        TestData.writeMnistDir(dir.resolve("plain"), "train", 12, 28, 28, false, 1);
        Dataset gz = Datasets.fashionMnist(dir.resolve("gz"), true);
        Dataset plain = Datasets.mnist(dir.resolve("plain"), true);
        byte[] pixels = TestData.randomBytes(12 * 28 * 28, 1);
        assertArrayEquals(new long[] {12, 1, 28, 28}, gz.features().shape());
        assertEquals(DataType.FLOAT, gz.features().dataType());
        assertEquals((pixels[5 * 784 + 3 * 28 + 7] & 0xFF) / 255f, gz.features().getFloat(5, 0, 3, 7), 1e-7);
        assertEquals(gz.features(), plain.features());
        assertEquals(7, gz.label(7));
        assertEquals("Ankle boot", gz.classNames().get(9));
        assertEquals("fashion-mnist-train", gz.name());
        assertEquals("9", plain.classNames().get(9));
    }

    @Test
    void mnistTestFilesAndMissingDirectory() throws IOException {
        TestData.writeMnistDir(dir, "t10k", 3, 28, 28, true, 2);
        assertEquals(3, Datasets.mnist(dir, false).size());
        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> Datasets.mnist(dir, true));
        assertTrue(missing.getMessage().contains("train-images-idx3-ubyte.gz"), missing.getMessage());
        assertTrue(missing.getMessage().contains("datasets/mnist.md"), "says where to get it: " + missing.getMessage());
    }

    @Test
    void idxErrorsNameFileAndProblem() throws IOException {
        byte[] good = TestData.idx(new int[] {4, 28, 28}, new byte[4 * 784]);
        Path file = dir.resolve("x.idx");
        byte[] wrongMagic = good.clone();
        wrongMagic[2] = 0x0D;
        assertFormatError(file, wrongMagic, "data type 0x0d");
        byte[] lying = good.clone();
        lying[7] = (byte) 0xFF; // count 4 -> 255: the header claims more than the file holds
        assertFormatError(file, lying, "header claims [255, 28, 28]");
        assertFormatError(file, Arrays.copyOf(good, good.length - 1), "but the file has");
        byte[] huge = good.clone();
        huge[4] = 0x7F; // 2 billion images claimed, in a gzip stream whose length says nothing
        Files.write(file, TestData.gzip(huge));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxFiles.read(file));
        assertTrue(e.getMessage().contains("more than"), e.getMessage());
        Files.write(file, TestData.gzip(Arrays.copyOf(good, good.length - 10)));
        e = assertThrows(DatasetFormatException.class, () -> IdxFiles.read(file));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        Files.write(file, TestData.gzip(longer));
        e = assertThrows(DatasetFormatException.class, () -> IdxFiles.read(file));
        assertTrue(e.getMessage().contains("longer than its header"), e.getMessage());
        assertEquals(file.toString(), e.file());
    }

    @Test
    void mnistRejectsLabelOutOfRangeAndCountMismatch() throws IOException {
        TestData.writeMnistDir(dir, "train", 4, 28, 28, false, 3);
        byte[] labels = TestData.idx(new int[] {4}, new byte[] {1, 2, 10, 3});
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labels);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Datasets.mnist(dir, true));
        assertTrue(e.getMessage().contains("label of item 2") && e.getMessage().contains("value 10"), e.getMessage());
        Files.write(dir.resolve("train-labels-idx1-ubyte"), TestData.idx(new int[] {3}, new byte[] {1, 2, 3}));
        e = assertThrows(DatasetFormatException.class, () -> Datasets.mnist(dir, true));
        assertTrue(e.getMessage().contains("3 labels, but"), e.getMessage());
    }

    @Test
    void realFashionMnistLoadsQuicklyWhenInstalled() throws IOException {
        Path debian = Path.of(Datasets.FASHION_MNIST_DEBIAN_DIR);
        Assumptions.assumeTrue(Files.isRegularFile(debian.resolve("train-images-idx3-ubyte.gz")), "dataset-fashion-mnist not installed");
        long start = System.nanoTime();
        Dataset train = Datasets.fashionMnist(debian, true);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("fashion-mnist train: %d images loaded in %.2f s%n", train.size(), seconds);
        assertArrayEquals(new long[] {60000, 1, 28, 28}, train.features().shape());
        assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000}, train.classCounts());
        assertTrue(train.features().maxNumber().floatValue() <= 1f && train.features().minNumber().floatValue() >= 0f);
        assertTrue(seconds < 10, "loading took " + seconds + " s");
    }

    @Test
    void cifarRecordsBecomeNchwPlanes() throws IOException {
        int[] labels = {3, 0, 9};
        byte[] batch = TestData.cifarBatch(labels, 4);
        for (int i = 1; i <= 5; i++) {
            Files.write(dir.resolve("data_batch_" + i + ".bin"), batch);
        }
        Files.write(dir.resolve("test_batch.bin"), batch);
        Dataset train = Datasets.cifar10(dir, true);
        assertEquals(15, train.size());
        assertArrayEquals(new long[] {15, 3, 32, 32}, train.features().shape());
        assertEquals(9, train.label(3 + 2), "second batch, third record");
        // record 1, green plane (c = 1), row 4, column 5 sits at byte 1 + 1024 + 4*32 + 5 of the record
        int at = Cifar10.RECORD_BYTES + 1 + 1024 + 4 * 32 + 5;
        assertEquals((batch[at] & 0xFF) / 255f, train.features().getFloat(1, 1, 4, 5), 1e-7);
        assertEquals("airplane", Datasets.cifar10(dir, false).classNames().get(0));
    }

    @Test
    void cifarErrors() throws IOException {
        Path file = dir.resolve("b.bin");
        byte[] batch = TestData.cifarBatch(new int[] {1, 2}, 5);
        Files.write(file, Arrays.copyOf(batch, batch.length - 1));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Cifar10.loadBatches(List.of(file), "b"));
        assertTrue(e.getMessage().contains("not a positive multiple of the 3073-byte record"), e.getMessage());
        batch[Cifar10.RECORD_BYTES] = 10;
        Files.write(file, batch);
        e = assertThrows(DatasetFormatException.class, () -> Cifar10.loadBatches(List.of(file), "b"));
        assertTrue(e.getMessage().contains("label of record 1"), e.getMessage());
    }

    @Test
    void svhnMatFilesInBothByteOrdersCompressedOrNot() throws IOException {
        int n = 3;
        byte[] nchw = TestData.randomBytes(n * 3 * 32 * 32, 6);
        double[] y = {10, 1, 7};
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            for (boolean compress : new boolean[] {true, false}) {
                Path file = dir.resolve("svhn-" + order + "-" + compress + ".mat");
                Files.write(file, TestData.matFile(order, compress, TestData.svhnVars(nchw, n, 32, 32, y, order)));
                Dataset d = Svhn.loadFile(file, "svhn");
                assertArrayEquals(new long[] {3, 3, 32, 32}, d.features().shape());
                assertArrayEquals(new int[] {0, 1, 7}, d.labels(), "label 10 means digit 0");
                INDArray x = d.features();
                for (int[] p : new int[][] {{0, 0, 0, 0}, {2, 1, 5, 31}, {1, 2, 31, 3}}) {
                    int flat = ((p[0] * 3 + p[1]) * 32 + p[2]) * 32 + p[3];
                    assertEquals((nchw[flat] & 0xFF) / 255f, x.getFloat(p[0], p[1], p[2], p[3]), 1e-7, order + " " + compress);
                }
            }
        }
    }

    @Test
    void matReaderKeepsOtherVariablesAndSmallElements() throws IOException {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        Path file = dir.resolve("v.mat");
        Files.write(file, TestData.matFile(le, false, List.of(
                TestData.doubleVar("a", new int[] {1, 1}, new double[] {2.5}, le),
                new TestData.MatVar("longer_name", new int[] {2, 2}, 9, MatV5Reader.MI_UINT8, new byte[] {1, 2, 3, (byte) 200}))));
        var vars = MatV5Reader.read(file);
        assertEquals(List.of("a", "longer_name"), List.copyOf(vars.keySet()));
        assertEquals(2.5, vars.get("a").get(0));
        assertEquals(200.0, vars.get("longer_name").get(3), "small element, unsigned");
    }

    @Test
    void svhnErrorsNameTheProblem() throws IOException {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        byte[] nchw = new byte[2 * 3 * 32 * 32];
        Path file = dir.resolve("bad.mat");
        Files.write(file, TestData.matFile(le, true, TestData.svhnVars(nchw, 2, 32, 32, new double[] {3, 11}, le)));
        assertFormatError(file, Files.readAllBytes(file), "y[1]");
        Files.write(file, TestData.matFile(le, true, List.of(TestData.doubleVar("y", new int[] {2, 1}, new double[] {1, 2}, le))));
        assertFormatError(file, Files.readAllBytes(file), "expected numeric 'X' and 'y'");
        byte[] good = TestData.matFile(le, false, TestData.svhnVars(nchw, 2, 32, 32, new double[] {3, 1}, le));
        byte[] lying = good.clone();
        ByteBuffer.wrap(lying).order(le).putInt(132, 1 << 30); // first element claims 1 GiB
        assertFormatError(file, lying, "claims 1073741824 bytes");
        byte[] notMat = good.clone();
        notMat[126] = 'X';
        assertFormatError(file, notMat, "endian indicator");
        assertFormatError(file, Arrays.copyOf(good, good.length - 100), "remain");
    }

    private static void assertFormatError(Path file, byte[] content, String expectedFragment) throws IOException {
        Files.write(file, content);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> {
            String name = file.getFileName().toString();
            if (name.endsWith(".mat")) {
                Svhn.loadFile(file, "x");
            } else {
                IdxFiles.read(file);
            }
        });
        assertTrue(e.getMessage().contains(expectedFragment), "message '" + e.getMessage() + "' lacks '" + expectedFragment + "'");
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }
}
