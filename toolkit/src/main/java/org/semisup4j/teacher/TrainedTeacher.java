package org.semisup4j.teacher;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.loss.Probabilities;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A teacher that is fixed while a student learns from it (distillation, mimic learning, AMAL): the trained
 * model of one finished run, an ensemble of several, or a table of outputs a workflow's labelling stage wrote.
 */
public interface TrainedTeacher {
    /**
     * The teacher's logits for these inputs (an ensemble: the mean of its members' logits).
     *
     * @param rows the inputs' row indices in the training set: a table teacher looks its rows up by them;
     *             a model teacher ignores them
     */
    INDArray logits(INDArray x, int[] rows);

    /** The teacher's class probabilities at temperature τ, softmax(z/τ) (an ensemble: the mean over members). */
    default INDArray probabilities(INDArray x, int[] rows, double temperature) {
        return Probabilities.softmax(logits(x, rows), temperature);
    }

    /** Shape of one input example the teacher reads. */
    long[] inputShape();

    int numClasses();

    /** Whether it can answer for inputs it has not seen (an augmented view); a table cannot. */
    boolean readsInputs();

    String describe();

    /**
     * @throws IllegalArgumentException naming the teacher and both shapes when the student's examples have
     *         another size or class count (an image flattened for an MLP student counts as the same input)
     */
    default void checkFits(long[] studentShape, int studentClasses) {
        if (numClasses() != studentClasses || size(inputShape()) != size(studentShape))
            throw new IllegalArgumentException("teacher " + describe() + " reads inputs of shape " + Arrays.toString(inputShape())
                    + " with " + numClasses() + " classes, but this run's data has inputs of shape " + Arrays.toString(studentShape)
                    + " with " + studentClasses + " classes: train the teacher on the same dataset");
    }

    private static long size(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    /**
     * Reads a teacher: a run folder; several run folders separated by commas (an ensemble); a folder whose
     * sub-folders are runs (an ensemble of them all); or a {@code .csv} of outputs written by a labelling stage.
     */
    static TrainedTeacher load(String spec) {
        if (spec == null || spec.isBlank())
            throw new IllegalArgumentException("this method learns from a teacher: give --teacher RUN_DIR (or param teacher)");
        List<Path> runs = new ArrayList<>();
        for (String part : spec.split(",")) {
            Path p = Path.of(part.trim());
            if (part.trim().endsWith(".csv")) {
                if (spec.contains(",")) throw new IllegalArgumentException("teacher '" + spec + "': a table of outputs cannot join an ensemble");
                return OutputTable.read(p);
            }
            runs.addAll(runsIn(p));
        }
        return ModelEnsemble.of(runs);
    }

    private static List<Path> runsIn(Path p) {
        if (org.semisup4j.experiment.SavedRun.isRun(p)) return List.of(p);
        if (!Files.isDirectory(p)) throw new IllegalArgumentException("teacher " + p + ": no such folder");
        try (Stream<Path> s = Files.list(p)) {
            List<Path> runs = s.filter(Files::isDirectory).filter(org.semisup4j.experiment.SavedRun::isRun).sorted().toList();
            if (runs.isEmpty())
                throw new IllegalArgumentException("teacher " + p + " is not a run folder (no config.json) and holds no run folders");
            return runs;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("teacher " + p + ": cannot list the folder (" + e.getMessage() + ")", e);
        }
    }
}
