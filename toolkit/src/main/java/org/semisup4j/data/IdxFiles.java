package org.semisup4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reader for IDX files (the MNIST family's format): magic {@code 0x0000 TT RR}, RR big-endian int dimensions,
 * then the values. Only unsigned-byte payloads (TT = 0x08) exist in MNIST and Fashion-MNIST, so only those
 * are read. Plain and gzipped files are both accepted.
 */
public final class IdxFiles {
    private static final int UNSIGNED_BYTE = 0x08;
    private static final int MAX_RANK = 4;

    private IdxFiles() {
    }

    /** The dimensions and the raw unsigned bytes of an IDX file. */
    public record Content(int[] dims, byte[] data) {
        public long count() {
            return dims.length == 0 ? 0 : dims[0];
        }
    }

    /**
     * Reads an unsigned-byte IDX file.
     *
     * @throws DatasetFormatException on a wrong magic, a size the file does not hold, or trailing bytes
     */
    public static Content read(Path file) throws IOException {
        boolean gzip = DataFiles.isGzip(file);
        try (InputStream in = DataFiles.open(file)) {
            byte[] magic = DataFiles.readExactly(in, 4, file, "magic number");
            if (magic[0] != 0 || magic[1] != 0) {
                throw new DatasetFormatException(file, "magic number", String.format(
                        "starts with 0x%02x%02x, expected 0x0000 (is this an IDX file?)", magic[0] & 0xFF, magic[1] & 0xFF));
            }
            if ((magic[2] & 0xFF) != UNSIGNED_BYTE) {
                throw new DatasetFormatException(file, "magic number", String.format(
                        "data type 0x%02x is not supported, expected 0x08 (unsigned byte)", magic[2] & 0xFF));
            }
            int rank = magic[3] & 0xFF;
            if (rank < 1 || rank > MAX_RANK) {
                throw new DatasetFormatException(file, "magic number", "rank " + rank + ", expected 1.." + MAX_RANK);
            }
            byte[] header = DataFiles.readExactly(in, 4L * rank, file, "dimensions");
            int[] dims = new int[rank];
            for (int d = 0; d < rank; d++) {
                dims[d] = readBigEndianInt(header, 4 * d);
            }
            // Every dimension is read before any is judged, so a message shows the header as the file has it.
            long payload = 1;
            for (int d = 0; d < rank; d++) {
                if (dims[d] <= 0) {
                    throw new DatasetFormatException(file, "dimension " + d, "value " + dims[d] + " in " + Arrays.toString(dims)
                            + ", expected a positive size");
                }
                payload *= dims[d];
                if (payload > DataFiles.MAX_ARRAY) {
                    throw new DatasetFormatException(file, "dimensions", "header claims " + Arrays.toString(dims)
                            + ", more than " + DataFiles.MAX_ARRAY + " bytes");
                }
            }
            if (!gzip) {
                long expected = 4L + 4L * rank + payload;
                long actual = Files.size(file);
                if (actual != expected) {
                    throw new DatasetFormatException(file, "dimensions", "header claims " + Arrays.toString(dims)
                            + " = " + expected + " bytes in all, but the file has " + actual + " bytes");
                }
            }
            byte[] data = DataFiles.readExactly(in, payload, file, "data for dimensions " + Arrays.toString(dims));
            DataFiles.expectEnd(in, file, "data for dimensions " + Arrays.toString(dims));
            return new Content(dims, data);
        }
    }

    static int readBigEndianInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
