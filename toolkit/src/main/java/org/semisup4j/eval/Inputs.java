package org.semisup4j.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks on what callers hand to {@link Evaluation} and {@link Fidelity}. Every message names the field and
 * says what was expected, because these inputs usually come from a notebook cell far from the mistake.
 */
final class Inputs {
    /** How far a probability row may sum from 1: float32 softmax over a few hundred classes stays well within. */
    static final double ROW_SUM_TOLERANCE = 1e-3;

    private Inputs() {}

    static List<String> classNames(List<String> classNames) {
        if (classNames == null) throw new IllegalArgumentException("classNames is null: expected one name per class");
        if (classNames.isEmpty()) throw new IllegalArgumentException("classNames is empty: expected one name per class");
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < classNames.size(); c++) {
            String name = classNames.get(c);
            if (name == null || name.isBlank())
                throw new IllegalArgumentException("classNames[" + c + "] is " + (name == null ? "null" : "blank")
                        + ": expected a non-blank name");
            // Tribuo identifies classes by name, so two classes with one name would be merged silently.
            if (!seen.add(name))
                throw new IllegalArgumentException("classNames[" + c + "] = \"" + name + "\" repeats an earlier name: expected unique names");
        }
        return List.copyOf(classNames);
    }

    static int[] labels(String field, int[] labels, int numClasses) {
        if (labels == null) throw new IllegalArgumentException(field + " is null: expected one class index per example");
        if (labels.length == 0) throw new IllegalArgumentException(field + " is empty: expected at least one example");
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses)
                throw new IllegalArgumentException(field + "[" + i + "] = " + labels[i] + " is out of range: expected 0.."
                        + (numClasses - 1) + " (" + numClasses + " class names)");
        }
        return labels.clone();
    }

    static void sameLength(String field, int length, String otherField, int otherLength) {
        if (length != otherLength)
            throw new IllegalArgumentException(field + " has " + length + " entries but " + otherField + " has "
                    + otherLength + ": expected one per example");
    }

    /**
     * Reads an [N, C] matrix of class probabilities into rows of doubles, checking that every entry is a
     * finite number in [0, 1] and every row sums to 1 (within {@link #ROW_SUM_TOLERANCE}).
     *
     * @param expectedRows N, or -1 to accept any number of rows
     * @param expectedColumns C, or -1 to accept any number of columns
     */
    static double[][] probabilities(String field, INDArray probs, long expectedRows, long expectedColumns) {
        if (probs == null) throw new IllegalArgumentException(field + " is null: expected an [N, C] matrix of class probabilities");
        if (probs.rank() != 2)
            throw new IllegalArgumentException(field + " has shape " + Arrays.toString(probs.shape())
                    + ": expected rank 2, [N, C] (one row of class probabilities per example)");
        if (!probs.dataType().isFPType())
            throw new IllegalArgumentException(field + " has data type " + probs.dataType()
                    + ": expected a floating-point type (FLOAT) holding probabilities");
        long rows = probs.rows();
        long columns = probs.columns();
        if (expectedColumns >= 0 && columns != expectedColumns)
            throw new IllegalArgumentException(field + " has " + columns + " columns but there are " + expectedColumns
                    + " class names: expected shape [" + (expectedRows >= 0 ? expectedRows : rows) + ", " + expectedColumns + "]");
        if (expectedRows >= 0 && rows != expectedRows)
            throw new IllegalArgumentException(field + " has " + rows + " rows but trueLabels has " + expectedRows
                    + " entries: expected one row of class probabilities per example");
        if (rows == 0) throw new IllegalArgumentException(field + " has no rows: expected at least one example");
        double[][] values = rowsOf(probs);
        for (int i = 0; i < values.length; i++) {
            double sum = 0;
            for (int c = 0; c < values[i].length; c++) {
                double p = values[i][c];
                if (!(p >= 0 && p <= 1)) // also rejects NaN
                    throw new IllegalArgumentException(field + "[" + i + ", " + c + "] = " + p
                            + ": expected a probability, a finite number in [0, 1]");
                sum += p;
            }
            if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE)
                throw new IllegalArgumentException(field + " row " + i + " sums to " + sum + ": expected 1 (± "
                        + ROW_SUM_TOLERANCE + "); pass softmax probabilities, not logits");
        }
        return values;
    }

    /**
     * Copies an [N, C] array to rows of doubles in one bulk transfer; {@code INDArray.toDoubleMatrix()} reads
     * element by element and took ~0.3 s for 10 000 × 10.
     */
    private static double[][] rowsOf(INDArray probs) {
        int rows = (int) probs.rows();
        int columns = (int) probs.columns();
        // dup('c') gives a contiguous buffer holding exactly this array, even when probs is a view.
        double[] flat = probs.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[][] values = new double[rows][];
        for (int i = 0; i < rows; i++) values[i] = Arrays.copyOfRange(flat, i * columns, (i + 1) * columns);
        return values;
    }

    /** Index of the largest entry; on ties the lowest index wins, so results never depend on the backend. */
    static int argmax(double[] row) {
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[best]) best = c;
        }
        return best;
    }
}
