package org.semisup4j.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The UCI handwritten digits (Alpaydin &amp; Kaynak 1998) as scikit-learn ships them: 1 797 images of 8 × 8
 * pixels, each pixel a count 0..16 of set pixels in a 4 × 4 block of the 32 × 32 scan, 10 classes. Read
 * from Debian's {@code python3-sklearn} ({@value #DEBIAN_FILE}), never copied into the repository; the file
 * is 64 pixel columns then the label, no header.
 *
 * <p>Features are the 64 pixels as a vector, divided by 16 into [0, 1] like every image set here. The file
 * is ordered by writer, so the split is by position: the first 1 437 rows (80 %) train, the last 360 test
 * — close to a split by writer, as the UCI set's own train/test split is.
 */
public final class Digits {
    public static final String DEBIAN_FILE = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";
    static final int TRAIN_SIZE = 1437;

    private Digits() {}

    /** The file to read: {@code $SEMISUP4J_DIGITS} (a file or a folder holding digits.csv.gz) or Debian's. */
    public static Path defaultFile() {
        String override = System.getenv("SEMISUP4J_DIGITS");
        if (override == null || override.isBlank()) return Path.of(DEBIAN_FILE);
        Path p = Path.of(override);
        return Files.isDirectory(p) ? p.resolve("digits.csv.gz") : p;
    }

    public static Dataset load(Path file, boolean train) throws IOException {
        if (!Files.isRegularFile(file))
            throw new IOException(file + ": not found; install Debian's python3-sklearn (it ships the digits) or set SEMISUP4J_DIGITS");
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.US_ASCII))) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                String[] f = line.split(",");
                if (f.length != 65)
                    throw new DatasetFormatException(file, "line " + lineNo, f.length + " fields; expected 64 pixels and a label");
                float[] x = new float[64];
                try {
                    for (int j = 0; j < 64; j++) {
                        double v = Double.parseDouble(f[j]);
                        if (!(v >= 0 && v <= 16))
                            throw new DatasetFormatException(file, "line " + lineNo + ", pixel " + j, f[j] + "; expected 0..16");
                        x[j] = (float) (v / 16);
                    }
                    double y = Double.parseDouble(f[64]);
                    if (y != Math.rint(y) || y < 0 || y > 9)
                        throw new DatasetFormatException(file, "line " + lineNo + ", label", f[64] + "; expected a digit 0..9");
                    labels.add((int) y);
                } catch (NumberFormatException e) {
                    throw new DatasetFormatException(file, "line " + lineNo, e.getMessage() + "; expected numbers", e);
                }
                rows.add(x);
            }
        }
        int from = train ? 0 : Math.min(TRAIN_SIZE, rows.size()), to = train ? Math.min(TRAIN_SIZE, rows.size()) : rows.size();
        float[][] x = rows.subList(from, to).toArray(float[][]::new);
        int[] y = labels.subList(from, to).stream().mapToInt(Integer::intValue).toArray();
        List<String> names = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        return new Dataset("digits", Nd4j.create(x).castTo(DataType.FLOAT), y, names);
    }
}
