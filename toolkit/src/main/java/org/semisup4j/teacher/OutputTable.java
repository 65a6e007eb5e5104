package org.semisup4j.teacher;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.semisup4j.loss.Probabilities;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A teacher's outputs on a pool of training rows, kept as data: a CSV with one line per row (training-set row
 * index, the teacher's logits, its predicted label and confidence) under a first line recording the input shape.
 * A workflow's labelling stage writes it; a student stage reads it back as its teacher. It answers only for the
 * rows it holds, and only for the inputs as they were (no augmented views).
 */
public final class OutputTable implements TrainedTeacher {
    private final Path file;
    private final Map<Integer, Integer> position = new HashMap<>();
    private final INDArray logits;
    private final long[] inputShape;

    private OutputTable(Path file, int[] rows, INDArray logits, long[] inputShape) {
        this.file = file;
        this.logits = logits;
        this.inputShape = inputShape;
        for (int i = 0; i < rows.length; i++) position.put(rows[i], i);
    }

    /** Writes the teacher's outputs on {@code x} (training-set rows {@code rows}) to {@code file}, atomically. */
    public static OutputTable write(Path file, TrainedTeacher teacher, INDArray x, int[] rows) throws IOException {
        INDArray z = teacher.logits(x, rows).castTo(DataType.DOUBLE);
        INDArray p = Probabilities.softmax(z);
        int[] label = Probabilities.argmax(p);
        StringBuilder sb = new StringBuilder("# input_shape=").append(Arrays.toString(teacher.inputShape()).replace(" ", ""))
                .append(" teacher=").append(teacher.describe().replace('\n', ' ')).append('\n').append("row");
        for (int c = 0; c < z.columns(); c++) sb.append(",logit_").append(c);
        sb.append(",label,confidence\n");
        for (int i = 0; i < rows.length; i++) {
            sb.append(rows[i]);
            for (int c = 0; c < z.columns(); c++) sb.append(',').append(z.getDouble(i, c));
            sb.append(',').append(label[i]).append(',').append(String.format(Locale.ROOT, "%.6f", p.getDouble(i, label[i]))).append('\n');
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, sb, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return read(file);
    }

    /** @throws IllegalArgumentException naming the file, line and field that is not as {@link #write} writes it */
    public static OutputTable read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("teacher table " + file + ": cannot read it (" + e.getMessage() + ")", e);
        }
        if (lines.size() < 3 || !lines.get(0).startsWith("# input_shape=") || !lines.get(1).startsWith("row,logit_0"))
            throw new IllegalArgumentException("teacher table " + file + ": expected a first line '# input_shape=[…]', a header "
                    + "'row,logit_0,…' and at least one row, as a labelling stage writes it");
        String shapeText = lines.get(0).substring("# input_shape=".length()).split(" ")[0];
        long[] shape = Arrays.stream(shapeText.replaceAll("[\\[\\]]", "").split(",")).mapToLong(Long::parseLong).toArray();
        int classes = (int) Arrays.stream(lines.get(1).split(",")).filter(h -> h.startsWith("logit_")).count();
        int n = lines.size() - 2;
        int[] rows = new int[n];
        double[][] z = new double[n][classes];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 2).split(",");
            try {
                if (f.length < classes + 1) throw new NumberFormatException("too few fields");
                rows[i] = Integer.parseInt(f[0]);
                for (int c = 0; c < classes; c++) z[i][c] = Double.parseDouble(f[c + 1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("teacher table " + file + ", line " + (i + 3) + ": expected a row index and "
                        + classes + " logits, got '" + lines.get(i + 2) + "'");
            }
        }
        return new OutputTable(file, rows, Nd4j.createFromArray(z).castTo(DataType.FLOAT), shape);
    }

    @Override
    public INDArray logits(INDArray x, int[] rows) {
        if (rows == null) throw new IllegalArgumentException("teacher table " + file + " answers by training-row index; none given");
        INDArray out = Nd4j.create(DataType.FLOAT, rows.length, logits.columns());
        for (int i = 0; i < rows.length; i++) {
            Integer at = position.get(rows[i]);
            if (at == null)
                throw new IllegalArgumentException("teacher table " + file + " has no row " + rows[i] + ": label the whole pool the student reads");
            out.putRow(i, logits.getRow(at));
        }
        return out;
    }

    /** The training-set rows the table holds, in file order. */
    public int[] rows() {
        return position.entrySet().stream().sorted(Map.Entry.comparingByValue()).mapToInt(Map.Entry::getKey).toArray();
    }

    @Override
    public long[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int numClasses() {
        return (int) logits.columns();
    }

    @Override
    public boolean readsInputs() {
        return false;
    }

    @Override
    public String describe() {
        return file.toString();
    }
}
