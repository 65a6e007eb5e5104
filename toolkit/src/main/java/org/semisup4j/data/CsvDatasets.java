package org.semisup4j.data;

import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads a user's tabular data: a CSV file with a header row, numeric feature columns and one label column.
 * Labels may be any strings; the classes are the distinct labels in sorted order (numerically when every
 * label is an integer, so "2" comes before "10"). Quoting follows RFC 4180 via opencsv, the parser Tribuo
 * itself uses. Errors name the file, the line and the column.
 */
public final class CsvDatasets {
    private CsvDatasets() {
    }

    /** All columns except {@code labelColumn} are features; classes are taken from the file. */
    public static Dataset read(Path file, String labelColumn) throws IOException {
        return read(file, labelColumn, null);
    }

    /**
     * @param knownClasses the class list to map labels onto (e.g. the training set's, when reading its test
     *                     set); a label not in it is an error. {@code null}: take the classes from this file.
     */
    public static Dataset read(Path file, String labelColumn, List<String> knownClasses) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        String[] header;
        long line = 1;
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a folder, expected a CSV file");
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        // Opening stays outside the catch below, so a missing file is still a NoSuchFileException.
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVReader csv = new CSVReader(in)) {
            try {
                header = csv.readNext();
                if (header == null) {
                    throw new DatasetFormatException(file, "line 1", "file is empty, expected a header row naming the columns");
                }
                if (header.length > 0 && header[0].startsWith("\uFEFF")) {
                    header[0] = header[0].substring(1); // a UTF-8 byte-order mark written by spreadsheet tools
                }
                line = csv.getLinesRead() + 1;
                for (String[] row = csv.readNext(); row != null; row = csv.readNext()) {
                    if (!(row.length == 1 && row[0].isBlank())) { // tolerate blank lines, e.g. a trailing one
                        rows.add(row);
                        lines.add(line);
                    }
                    line = csv.getLinesRead() + 1;
                }
            } catch (CharacterCodingException e) {
                throw new DatasetFormatException(file, "line " + line, "not valid UTF-8 text", e);
            } catch (CsvException e) {
                throw new DatasetFormatException(file, "line " + line, e.getMessage(), e);
            } catch (DatasetFormatException e) {
                throw e;
            } catch (IOException e) {
                // opencsv reports syntax errors (e.g. an unterminated quote) as plain IOExceptions
                throw new DatasetFormatException(file, "line " + line, "CSV syntax: " + e.getMessage(), e);
            }
        }
        refuseDuplicateColumns(file, header);
        int labelIndex = Arrays.asList(header).indexOf(labelColumn);
        if (labelIndex < 0) {
            throw new DatasetFormatException(file, "line 1", "no label column '" + labelColumn + "'; columns are " + Arrays.toString(header));
        }
        if (rows.isEmpty()) {
            throw new DatasetFormatException(file, "line 2", "no data rows after the header");
        }
        int numFeatures = header.length - 1;
        if (numFeatures == 0) {
            throw new DatasetFormatException(file, "line 1", "only the label column '" + labelColumn + "'; need at least one feature column");
        }
        float[] features = new float[Math.multiplyExact(rows.size(), numFeatures)];
        String[] rawLabels = new String[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            long rowLine = lines.get(r);
            if (row.length != header.length) {
                throw new DatasetFormatException(file, "line " + rowLine, row.length + " columns, expected " + header.length + " as in the header");
            }
            int f = 0;
            for (int c = 0; c < row.length; c++) {
                if (c == labelIndex) {
                    rawLabels[r] = row[c].trim();
                    if (rawLabels[r].isEmpty()) {
                        throw new DatasetFormatException(file, "line " + rowLine + ", column '" + header[c] + "'", "empty label");
                    }
                    continue;
                }
                features[r * numFeatures + f++] = parseFeature(row[c], file, rowLine, header[c]);
            }
        }
        List<String> classes = knownClasses != null ? List.copyOf(knownClasses) : sortedClasses(rawLabels);
        if (knownClasses == null && classes.size() < 2) {
            throw new DatasetFormatException(file, "column '" + labelColumn + "'",
                    "every row has the label '" + classes.get(0) + "'; a classifier needs at least two classes");
        }
        Map<String, Integer> classIndex = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            classIndex.put(classes.get(i), i);
        }
        int[] labels = new int[rows.size()];
        for (int r = 0; r < labels.length; r++) {
            Integer k = classIndex.get(rawLabels[r]);
            if (k == null) {
                throw new DatasetFormatException(file, "line " + lines.get(r) + ", column '" + labelColumn + "'",
                        "label '" + rawLabels[r] + "' is not one of the known classes " + classes);
            }
            labels[r] = k;
        }
        String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
        return Dataset.wrap(name, Nd4j.create(features, new long[] {rows.size(), numFeatures}, 'c'), labels, classes);
    }

    /**
     * An image shape written {@code CxHxW}, e.g. {@code 1x28x28} (how {@code --image-shape} spells it), as
     * {@code {C, H, W}}.
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static long[] imageShape(String text) {
        String t = text == null ? "" : text.trim();
        if (!t.matches("[1-9]\\d{0,5}x[1-9]\\d{0,5}x[1-9]\\d{0,5}"))
            throw new IllegalArgumentException("image shape '" + text + "' must be CxHxW with positive whole numbers, e.g. 1x28x28 or 3x32x32");
        return Arrays.stream(t.split("x")).mapToLong(Long::parseLong).toArray();
    }

    /**
     * The rows of {@code data} (read from {@code file}) as images of shape {@code {C, H, W}}: each row's
     * feature columns, in file order, are the pixels in C order — channel planes one after the other, each
     * plane row by row, as the toolkit lays out an image — so a flattened 28×28 grey image is {@code 1x28x28}.
     *
     * @throws DatasetFormatException naming the file when the number of feature columns is not C·H·W
     */
    public static Dataset asImages(Dataset data, Path file, String labelColumn, long[] shape) throws DatasetFormatException {
        if (shape.length != 3) throw new IllegalArgumentException("an image shape is {C, H, W}, got " + Arrays.toString(shape));
        long pixels = shape[0] * shape[1] * shape[2];
        long columns = data.exampleShape().length == 1 ? data.exampleShape()[0] : -1;
        if (columns != pixels) {
            throw new DatasetFormatException(file, "line 1", columns + " feature columns (besides the label '" + labelColumn
                    + "') cannot be images of shape " + shape[0] + "x" + shape[1] + "x" + shape[2]
                    + ": that shape needs C·H·W = " + pixels + " feature columns");
        }
        return Datasets.asImages(data, shape);
    }

    /**
     * Two columns of one name would make one of them a silent feature — the label's twin leaks the answer —
     * so a repeated name is an error naming both positions (1-based, as a spreadsheet counts).
     */
    private static void refuseDuplicateColumns(Path file, String[] header) throws DatasetFormatException {
        Map<String, Integer> first = new HashMap<>();
        for (int c = 0; c < header.length; c++) {
            Integer earlier = first.putIfAbsent(header[c].trim(), c);
            if (earlier != null) {
                throw new DatasetFormatException(file, "line 1", "columns " + (earlier + 1) + " and " + (c + 1)
                        + " are both named '" + header[c].trim() + "'; column names must be unique");
            }
        }
    }

    /** The names of the feature columns, in the order they appear in the dataset's rows. */
    public static List<String> featureColumns(Path file, String labelColumn) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVReader csv = new CSVReader(in)) {
            String[] header = csv.readNext();
            List<String> names = new ArrayList<>(header == null ? List.of() : Arrays.asList(header));
            names.remove(labelColumn);
            return names;
        } catch (CsvException e) {
            throw new DatasetFormatException(file, "line 1", e.getMessage(), e);
        }
    }

    private static float parseFeature(String cell, Path file, long line, String column) throws DatasetFormatException {
        String text = cell.trim();
        float value;
        try {
            value = Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw new DatasetFormatException(file, "line " + line + ", column '" + column + "'",
                    "'" + text + "' is not a number" + (text.isEmpty() ? " (missing value: impute before loading)" : ""));
        }
        if (!Float.isFinite(value)) {
            throw new DatasetFormatException(file, "line " + line + ", column '" + column + "'",
                    "'" + text + "' is not a finite number (impute or drop it before loading)");
        }
        return value;
    }

    private static List<String> sortedClasses(String[] rawLabels) {
        boolean allIntegers = Arrays.stream(rawLabels).allMatch(s -> s.matches("-?\\d{1,18}"));
        Comparator<String> order = allIntegers ? Comparator.<String>comparingLong(Long::parseLong).thenComparing(Comparator.naturalOrder()) : Comparator.naturalOrder();
        TreeSet<String> distinct = new TreeSet<>(order);
        distinct.addAll(Arrays.asList(rawLabels));
        return List.copyOf(distinct);
    }
}
