package org.semisup4j.data;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loader for SVHN's cropped-digit files ({@code train_32x32.mat}, {@code test_32x32.mat}, {@code extra_32x32.mat}):
 * MAT v5 with {@code X} uint8 [32, 32, 3, N] (MATLAB's column-major rows × columns × channels × images) and
 * {@code y} [N, 1] holding 1..10, where 10 stands for the digit 0. Images become [N, 3, 32, 32] FLOAT in
 * [0, 1] and labels the digit itself, so class k is digit k.
 */
public final class Svhn {
    private Svhn() {
    }

    /** Loads {@code train_32x32.mat} or {@code test_32x32.mat} from {@code dir}. */
    public static Dataset load(Path dir, boolean train) throws IOException {
        Path file = dir.resolve(train ? "train_32x32.mat" : "test_32x32.mat");
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "SVHN file missing (see datasets/svhn.md)");
        }
        return loadFile(file, train ? "svhn-train" : "svhn-test");
    }

    /** Loads any SVHN-layout MAT file. */
    public static Dataset loadFile(Path file, String name) throws IOException {
        Map<String, MatV5Reader.MatArray> vars = MatV5Reader.read(file);
        MatV5Reader.MatArray x = vars.get("X");
        MatV5Reader.MatArray y = vars.get("y");
        if (x == null || y == null) {
            throw new DatasetFormatException(file, "variables", "found " + vars.keySet() + ", expected numeric 'X' and 'y'");
        }
        int[] d = x.dims();
        if (d.length != 4 || d[2] != 3 || d[0] == 0 || d[1] == 0) {
            throw new DatasetFormatException(file, "X dimensions", Arrays.toString(d) + ", expected [H, W, 3, N]");
        }
        int n = d[3];
        if (y.count() != n || y.dims().length != 2) {
            throw new DatasetFormatException(file, "y dimensions", Arrays.toString(y.dims()) + ", expected [" + n + ", 1] to match X");
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double v = y.get(i);
            if (v != Math.rint(v) || v < 0 || v > 10) {
                throw new DatasetFormatException(file, "y[" + i + "]", "value " + v + ", expected an integer 1..10 (10 = digit 0)");
            }
            labels[i] = (int) v % 10;
        }
        return Dataset.wrap(name, toNchw(x, file), labels, Mnist.DIGIT_CLASSES);
    }

    /** MATLAB's X(h, w, c, n) lies at h + H*w + H*W*c + H*W*3*n; NCHW wants n, c, h, w with w fastest. */
    private static INDArray toNchw(MatV5Reader.MatArray x, Path file) throws DatasetFormatException {
        int[] d = x.dims();
        int h = d[0], w = d[1], n = d[3];
        boolean bytes = x.storageType() == MatV5Reader.MI_UINT8;
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, new long[] {n, 3, h, w}, 'c');
        FloatBuffer target = out.data().asNioFloat();
        float[] row = new float[w];
        byte[] raw = x.data();
        for (int img = 0; img < n; img++) {
            for (int c = 0; c < 3; c++) {
                for (int r = 0; r < h; r++) {
                    long base = r + (long) h * w * c + (long) h * w * 3 * img;
                    for (int col = 0; col < w; col++) {
                        double v = bytes ? raw[(int) (base + (long) h * col)] & 0xFF : x.get(base + (long) h * col);
                        if (!bytes && (v < 0 || v > 255)) {
                            throw new DatasetFormatException(file, "X", "pixel value " + v + ", expected 0..255");
                        }
                        row[col] = (float) (v / 255.0);
                    }
                    target.put(row);
                }
            }
        }
        return out;
    }
}
