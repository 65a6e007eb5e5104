package org.semisup4j.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A minimal reader for MATLAB level-5 MAT files, enough for SVHN's {@code *_32x32.mat}: real numeric
 * arrays, stored plainly or inside zlib-compressed ({@code miCOMPRESSED}) elements, in either byte order.
 * Cells, structs, chars, sparse and complex arrays are skipped. No Java library reads v5 files and stays
 * small, hence this one; HDF5-based v7.3 files are not supported.
 *
 * <p>Every size an element claims is checked against the bytes left in the element (or file) that
 * contains it before anything is read, and payloads are read incrementally, so a lying file fails with a
 * {@link DatasetFormatException} instead of a huge allocation.
 */
public final class MatV5Reader {
    static final int MI_INT8 = 1, MI_UINT8 = 2, MI_INT16 = 3, MI_UINT16 = 4, MI_INT32 = 5, MI_UINT32 = 6,
            MI_SINGLE = 7, MI_DOUBLE = 9, MI_INT64 = 12, MI_UINT64 = 13, MI_MATRIX = 14, MI_COMPRESSED = 15;
    /** MATLAB array classes 6 (double) .. 15 (uint64) are the numeric ones. */
    static final int MX_DOUBLE = 6, MX_UINT64 = 15;
    private static final int HEADER_BYTES = 128;
    private static final int COMPLEX_FLAG = 0x0800;

    private MatV5Reader() {
    }

    /**
     * One real numeric variable. {@code dims} are MATLAB's (column-major: element (i, j, k) is at
     * {@code i + dims[0]*j + dims[0]*dims[1]*k}); values stay in their stored type, read through {@link #get}.
     */
    public record MatArray(String name, int[] dims, int matlabClass, int storageType, ByteOrder order, byte[] data) {
        public long count() {
            return data.length / typeSize(storageType);
        }

        /** Element {@code i} in column-major order, converted to double. */
        public double get(long i) {
            int at = Math.toIntExact(i * typeSize(storageType));
            ByteBuffer b = ByteBuffer.wrap(data).order(order);
            return switch (storageType) {
                case MI_INT8 -> data[at];
                case MI_UINT8 -> data[at] & 0xFF;
                case MI_INT16 -> b.getShort(at);
                case MI_UINT16 -> b.getShort(at) & 0xFFFF;
                case MI_INT32 -> b.getInt(at);
                case MI_UINT32 -> b.getInt(at) & 0xFFFFFFFFL;
                case MI_SINGLE -> b.getFloat(at);
                case MI_DOUBLE -> b.getDouble(at);
                case MI_INT64, MI_UINT64 -> b.getLong(at);
                default -> throw new IllegalStateException("storage type " + storageType);
            };
        }

        @Override
        public String toString() {
            return name + " " + Arrays.toString(dims) + " class " + matlabClass + " stored as type " + storageType;
        }
    }

    /** All real numeric variables of the file, by name, in file order. */
    public static Map<String, MatArray> read(Path file) throws IOException {
        long fileSize = Files.size(file);
        if (fileSize < HEADER_BYTES) {
            throw new DatasetFormatException(file, "header", "file has " + fileSize + " bytes, a MAT v5 header needs " + HEADER_BYTES);
        }
        Map<String, MatArray> vars = new LinkedHashMap<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] header = DataFiles.readExactly(raw, HEADER_BYTES, file, "header");
            ByteOrder order = byteOrder(header, file);
            int version = ByteBuffer.wrap(header, 124, 2).order(order).getShort() & 0xFFFF;
            if (version != 0x0100) {
                throw new DatasetFormatException(file, "header version", String.format(
                        "0x%04x, expected 0x0100 (MAT v5; v7.3 files are HDF5 and not supported)", version));
            }
            Cursor top = new Cursor(raw, file, order, fileSize - HEADER_BYTES, "file");
            while (top.remaining > 0) {
                long offset = fileSize - top.remaining;
                Tag tag = Tag.read(top, "element tag at offset " + offset);
                String where = "element at offset " + offset;
                if (tag.type == MI_COMPRESSED) {
                    Cursor compressed = top.child(tag.size, where + " (compressed)");
                    readCompressed(compressed, file, order, where, vars);
                    compressed.skipRest();
                } else if (tag.type == MI_MATRIX && !tag.small) {
                    Cursor matrix = top.child(tag.size, where + " (matrix)");
                    readMatrix(matrix, vars);
                    matrix.skipRest();
                    top.skip(padding(tag.size), where + " padding");
                } else if (!tag.small) {
                    top.skip(tag.size + padding(tag.size), where);
                }
            }
        }
        return vars;
    }

    private static void readCompressed(Cursor compressed, Path file, ByteOrder order, String where, Map<String, MatArray> vars)
            throws IOException {
        Inflater inflater = new Inflater();
        try {
            InputStream inflated = new InflaterInputStream(compressed, inflater, 1 << 16);
            // The inflated size is unknown until inflated; the inner tag's claim is checked as bytes arrive.
            Cursor inner = new Cursor(inflated, file, order, Long.MAX_VALUE, where + " (inflated)");
            Tag tag = Tag.read(inner, where + " inflated tag");
            if (tag.type != MI_MATRIX || tag.small) {
                return; // compressed non-matrix elements carry nothing we read
            }
            readMatrix(inner.child(tag.size, where + " (inflated matrix)"), vars);
        } finally {
            inflater.end();
        }
    }

    private static void readMatrix(Cursor m, Map<String, MatArray> vars) throws IOException {
        if (m.remaining == 0) {
            return; // an empty matrix element is legal
        }
        Tag flagsTag = Tag.read(m, "array flags tag");
        if (flagsTag.type != MI_UINT32 || flagsTag.size != 8) {
            throw m.error("array flags", "type " + flagsTag.type + " size " + flagsTag.size + ", expected miUINT32 (6) of 8 bytes");
        }
        int flags = ByteBuffer.wrap(m.readData(flagsTag, "array flags")).order(m.order).getInt();
        int matlabClass = flags & 0xFF;
        Tag dimsTag = Tag.read(m, "dimensions tag");
        if (dimsTag.type != MI_INT32 || dimsTag.size < 8 || dimsTag.size % 4 != 0 || dimsTag.size > 4 * 32) {
            throw m.error("dimensions", "type " + dimsTag.type + " size " + dimsTag.size + ", expected miINT32 (5) with 2..32 dimensions");
        }
        ByteBuffer dimBytes = ByteBuffer.wrap(m.readData(dimsTag, "dimensions")).order(m.order);
        int[] dims = new int[(int) dimsTag.size / 4];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = dimBytes.getInt();
            if (dims[i] < 0) {
                throw m.error("dimension " + i, "value " + dims[i] + ", expected >= 0");
            }
            count *= dims[i]; // cannot overflow: count <= MAX_ARRAY and dims[i] < 2^31 before this multiply
            if (count > DataFiles.MAX_ARRAY) {
                throw m.error("dimensions", Arrays.toString(dims) + " claims more elements than one array can hold");
            }
        }
        Tag nameTag = Tag.read(m, "array name tag");
        if (nameTag.type != MI_INT8) {
            throw m.error("array name", "type " + nameTag.type + ", expected miINT8 (1)");
        }
        String name = new String(m.readData(nameTag, "array name"), StandardCharsets.US_ASCII);
        if (matlabClass < MX_DOUBLE || matlabClass > MX_UINT64) {
            return; // not numeric: the caller skips the rest of the element
        }
        if ((flags & COMPLEX_FLAG) != 0) {
            throw m.error("variable '" + name + "'", "complex arrays are not supported");
        }
        Tag realTag = Tag.read(m, "real part tag of '" + name + "'");
        int size = typeSize(realTag.type);
        if (size == 0) {
            throw m.error("real part of '" + name + "'", "data type " + realTag.type + " is not numeric");
        }
        if (realTag.size != count * size) {
            throw m.error("real part of '" + name + "'", realTag.size + " bytes, expected " + count + " elements of "
                    + Arrays.toString(dims) + " x " + size + " bytes");
        }
        vars.put(name, new MatArray(name, dims, matlabClass, realTag.type, m.order, m.readData(realTag, "real part of '" + name + "'")));
    }

    static int typeSize(int type) {
        return switch (type) {
            case MI_INT8, MI_UINT8 -> 1;
            case MI_INT16, MI_UINT16 -> 2;
            case MI_INT32, MI_UINT32, MI_SINGLE -> 4;
            case MI_DOUBLE, MI_INT64, MI_UINT64 -> 8;
            default -> 0;
        };
    }

    private static ByteOrder byteOrder(byte[] header, Path file) throws DatasetFormatException {
        char a = (char) header[126];
        char b = (char) header[127];
        if (a == 'I' && b == 'M') {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (a == 'M' && b == 'I') {
            return ByteOrder.BIG_ENDIAN;
        }
        throw new DatasetFormatException(file, "endian indicator", String.format(
                "bytes 126-127 are 0x%02x%02x, expected 'IM' or 'MI' (is this a MAT v5 file?)", header[126] & 0xFF, header[127] & 0xFF));
    }

    private static long padding(long size) {
        return (8 - size % 8) % 8;
    }

    /** An element tag; the "small" form packs up to 4 data bytes into the tag itself. */
    private record Tag(int type, long size, boolean small, byte[] smallData) {
        static Tag read(Cursor c, String field) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(c.read(8, field)).order(c.order);
            int first = b.getInt();
            if ((first >>> 16) != 0) {
                int size = first >>> 16;
                if (size > 4) {
                    throw c.error(field, "small element claims " + size + " bytes, at most 4 fit");
                }
                byte[] data = new byte[4];
                b.get(data);
                return new Tag(first & 0xFFFF, size, true, Arrays.copyOf(data, size));
            }
            return new Tag(first, b.getInt() & 0xFFFFFFFFL, false, null);
        }
    }

    /**
     * A view of a stream limited to one element's declared size. Reading past the declared size is a format
     * error; the parent's budget is charged in full when a child is made, so sizes nest and cannot overlap.
     */
    private static final class Cursor extends InputStream {
        final InputStream in;
        final Path file;
        final ByteOrder order;
        final String where;
        long remaining;

        Cursor(InputStream in, Path file, ByteOrder order, long remaining, String where) {
            this.in = in;
            this.file = file;
            this.order = order;
            this.remaining = remaining;
            this.where = where;
        }

        DatasetFormatException error(String field, String problem) {
            return new DatasetFormatException(file, where + ": " + field, problem);
        }

        Cursor child(long size, String childWhere) throws DatasetFormatException {
            claim(size, childWhere);
            return new Cursor(this.in, file, order, size, childWhere);
        }

        private void claim(long n, String field) throws DatasetFormatException {
            if (n > remaining) {
                throw error(field, "claims " + n + " bytes, but only " + remaining + " remain in the enclosing "
                        + (remaining == Long.MAX_VALUE ? "stream" : "element"));
            }
            remaining -= n;
        }

        byte[] read(long n, String field) throws IOException {
            claim(n, field);
            return DataFiles.readExactly(in, n, file, where + ": " + field);
        }

        /** Reads a sub-element's data and its padding to the next 8-byte boundary. */
        byte[] readData(Tag tag, String field) throws IOException {
            if (tag.small) {
                return tag.smallData;
            }
            byte[] data = read(tag.size, field);
            skip(padding(tag.size), field + " padding");
            return data;
        }

        void skip(long n, String field) throws IOException {
            claim(n, field);
            try {
                in.skipNBytes(n);
            } catch (IOException e) {
                throw error(field, "truncated: could not skip " + n + " bytes (" + e.getMessage() + ")");
            }
        }

        void skipRest() throws IOException {
            if (remaining > 0 && remaining != Long.MAX_VALUE) {
                skip(remaining, "rest of element");
            }
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buf, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
