package org.semisup4j.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/** Writers for small files in the real on-disk formats, so every loader is tested without network data. */
final class TestData {
    private TestData() {
    }

    /** An IDX file of unsigned bytes: magic 0x0000 08 rank, big-endian dimensions, data. */
    static byte[] idx(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(data);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Images whose pixels are random; labels i % classes. */
    static void writeMnistDir(Path dir, String prefix, int n, int rows, int cols, boolean gz, long seed) throws IOException {
        byte[] pixels = randomBytes(n * rows * cols, seed);
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
        }
        byte[] images = idx(new int[] {n, rows, cols}, pixels);
        byte[] labelFile = idx(new int[] {n}, labels);
        Files.createDirectories(dir);
        String suffix = gz ? ".gz" : "";
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte" + suffix), gz ? gzip(images) : images);
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte" + suffix), gz ? gzip(labelFile) : labelFile);
    }

    /** CIFAR-10 binary records: label byte then 3072 pixel bytes (R plane, G plane, B plane). */
    static byte[] cifarBatch(int[] labels, long seed) {
        byte[] out = new byte[labels.length * Cifar10.RECORD_BYTES];
        byte[] pixels = randomBytes(labels.length * Cifar10.IMAGE_BYTES, seed);
        for (int r = 0; r < labels.length; r++) {
            out[r * Cifar10.RECORD_BYTES] = (byte) labels[r];
            System.arraycopy(pixels, r * Cifar10.IMAGE_BYTES, out, r * Cifar10.RECORD_BYTES + 1, Cifar10.IMAGE_BYTES);
        }
        return out;
    }

    /** One MAT v5 numeric variable: {@code data} already encoded in the storage type and the file's byte order. */
    record MatVar(String name, int[] dims, int matlabClass, int storageType, byte[] data) {
    }

    static MatVar uint8Var(String name, int[] dims, byte[] values) {
        return new MatVar(name, dims, 9, MatV5Reader.MI_UINT8, values);
    }

    static MatVar doubleVar(String name, int[] dims, double[] values, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(order);
        for (double v : values) {
            b.putDouble(v);
        }
        return new MatVar(name, dims, 6, MatV5Reader.MI_DOUBLE, b.array());
    }

    /** A MAT v5 file: 128-byte header, then each variable as miMATRIX, optionally wrapped in miCOMPRESSED. */
    static byte[] matFile(ByteOrder order, boolean compress, List<MatVar> vars) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] text = new byte[116];
        Arrays.fill(text, (byte) ' ');
        byte[] words = "MATLAB 5.0 MAT-file, written by semisup4j tests".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(words, 0, text, 0, words.length);
        out.writeBytes(text);
        out.writeBytes(new byte[8]);
        out.writeBytes(ByteBuffer.allocate(4).order(order).putShort((short) 0x0100).putShort((short) (('M' << 8) | 'I')).array());
        for (MatVar v : vars) {
            byte[] matrix = matrixElement(v, order);
            if (compress) {
                byte[] deflated = deflate(matrix);
                out.writeBytes(tag(MatV5Reader.MI_COMPRESSED, deflated.length, order));
                out.writeBytes(deflated);
            } else {
                out.writeBytes(matrix);
            }
        }
        return out.toByteArray();
    }

    private static byte[] matrixElement(MatVar v, ByteOrder order) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(tag(MatV5Reader.MI_UINT32, 8, order));
        body.writeBytes(ByteBuffer.allocate(8).order(order).putInt(v.matlabClass()).putInt(0).array());
        ByteBuffer dims = ByteBuffer.allocate(4 * v.dims().length).order(order);
        for (int d : v.dims()) {
            dims.putInt(d);
        }
        subElement(body, MatV5Reader.MI_INT32, dims.array(), order);
        subElement(body, MatV5Reader.MI_INT8, v.name().getBytes(StandardCharsets.US_ASCII), order);
        subElement(body, v.storageType(), v.data(), order);
        ByteArrayOutputStream element = new ByteArrayOutputStream();
        element.writeBytes(tag(MatV5Reader.MI_MATRIX, body.size(), order));
        element.writeBytes(body.toByteArray());
        return element.toByteArray();
    }

    /** Data of at most 4 bytes uses the packed "small element" form, as MATLAB writes it. */
    private static void subElement(ByteArrayOutputStream out, int type, byte[] data, ByteOrder order) {
        if (data.length <= 4 && data.length > 0) {
            out.writeBytes(ByteBuffer.allocate(4).order(order).putInt((data.length << 16) | type).array());
            out.writeBytes(Arrays.copyOf(data, 4));
            return;
        }
        out.writeBytes(tag(type, data.length, order));
        out.writeBytes(data);
        out.writeBytes(new byte[(8 - data.length % 8) % 8]);
    }

    private static byte[] tag(int type, int size, ByteOrder order) {
        return ByteBuffer.allocate(8).order(order).putInt(type).putInt(size).array();
    }

    private static byte[] deflate(byte[] data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
                z.write(data);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SVHN-layout variables: X uint8 [h, w, 3, n] column-major from {@code nchw} pixels, y [n, 1] double. */
    static List<MatVar> svhnVars(byte[] nchw, int n, int h, int w, double[] y, ByteOrder order) {
        byte[] columnMajor = new byte[nchw.length];
        for (int img = 0; img < n; img++) {
            for (int c = 0; c < 3; c++) {
                for (int r = 0; r < h; r++) {
                    for (int col = 0; col < w; col++) {
                        columnMajor[r + h * col + h * w * c + h * w * 3 * img] = nchw[((img * 3 + c) * h + r) * w + col];
                    }
                }
            }
        }
        return List.of(uint8Var("X", new int[] {h, w, 3, n}, columnMajor), doubleVar("y", new int[] {n, 1}, y, order));
    }
}
