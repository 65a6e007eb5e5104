package org.semisup4j.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reading helpers shared by the binary loaders. The rule they enforce: never allocate what a header merely
 * claims. Sizes are checked against the file length when it is known, and payloads of compressed streams are
 * read incrementally, so a lying header costs at most the bytes that really exist.
 */
final class DataFiles {
    /** Java arrays stop a little below Integer.MAX_VALUE. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private DataFiles() {
    }

    /** Opens a file, transparently gunzipping it when it starts with the gzip magic (not by its extension). */
    static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
            } catch (IOException e) {
                raw.close();
                throw new DatasetFormatException(file, "gzip header", "corrupt gzip stream: " + e.getMessage(), e);
            }
        }
        return raw;
    }

    static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /**
     * Reads exactly {@code count} bytes. Allocation grows with the bytes actually read (InputStream.readNBytes
     * reads in small chunks), so a header claiming gigabytes fails on a short file without allocating them.
     */
    static byte[] readExactly(InputStream in, long count, Path file, String field) throws IOException {
        if (count < 0 || count > MAX_ARRAY) {
            throw new DatasetFormatException(file, field, "size " + count + " bytes is outside 0.." + MAX_ARRAY);
        }
        byte[] bytes;
        try {
            bytes = in.readNBytes((int) count);
        } catch (DatasetFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new DatasetFormatException(file, field, "unreadable data: " + e.getMessage(), e);
        }
        if (bytes.length != count) {
            throw new DatasetFormatException(file, field, "truncated: expected " + count + " bytes, file holds only " + bytes.length);
        }
        return bytes;
    }

    /** Fails when bytes remain after the payload a header described: the header and the file disagree. */
    static void expectEnd(InputStream in, Path file, String field) throws IOException {
        int next;
        try {
            next = in.read();
        } catch (IOException e) {
            throw new DatasetFormatException(file, field, "unreadable data after the payload: " + e.getMessage(), e);
        }
        if (next != -1) {
            throw new DatasetFormatException(file, field, "file is longer than its header says (extra bytes after the payload)");
        }
    }

    /**
     * Unsigned bytes scaled to [0, 1] in a new FLOAT array of the given shape, same element order. Written
     * straight into the off-heap buffer: going through a float[] first costs a 200 MB heap copy for MNIST.
     */
    static INDArray unitFloats(byte[] bytes, long[] shape) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        if (out.length() != bytes.length) {
            throw new IllegalStateException("shape holds " + out.length() + " values, got " + bytes.length + " bytes");
        }
        FloatBuffer target = out.data().asNioFloat();
        float[] chunk = new float[1 << 16];
        for (int pos = 0; pos < bytes.length; pos += chunk.length) {
            int n = Math.min(chunk.length, bytes.length - pos);
            for (int i = 0; i < n; i++) {
                chunk[i] = (bytes[pos + i] & 0xFF) * (1f / 255f);
            }
            target.put(chunk, 0, n);
        }
        return out;
    }
}
