package org.semisup4j.spark;

import org.semisup4j.experiment.SavedRun;
import org.semisup4j.teacher.TrainedTeacher;
import org.semisup4j.train.Checkpoints;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A saved teacher as bytes: the files of a finished run folder that {@link SavedRun#load} reads (config.json,
 * final.json and the last checkpoint's student weights). The driver reads them once and Spark broadcasts them;
 * an executor, which cannot see the driver's disk, lays them out in a temporary folder and loads the teacher from
 * there with the toolkit's own reader — the same {@link TrainedTeacher} the in-process labeller uses.
 */
public final class TeacherFiles implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String id = UUID.randomUUID().toString();
    private final String source;
    private final Map<String, byte[]> files;
    private final long[] inputShape;
    private final int numClasses;

    private TeacherFiles(String source, Map<String, byte[]> files, long[] inputShape, int numClasses) {
        this.source = source;
        this.files = files;
        this.inputShape = inputShape;
        this.numClasses = numClasses;
    }

    /**
     * @throws IllegalArgumentException naming the folder and what is missing when it is not a finished run
     *         (the messages of {@link SavedRun#load})
     */
    public static TeacherFiles read(Path runFolder) {
        if (!Files.isDirectory(runFolder)) throw new IllegalArgumentException("teacher " + runFolder + ": no such folder");
        SavedRun run = SavedRun.load(runFolder); // every check a run folder gets, before anything is read or written
        try {
            Path checkpoint = Checkpoints.latest(runFolder.resolve("checkpoints")).orElseThrow();
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (String name : new String[] {"config.json", "final.json"}) files.put(name, Files.readAllBytes(runFolder.resolve(name)));
            String weights = "checkpoints/" + checkpoint.getFileName() + "/student.bin";
            files.put(weights, Files.readAllBytes(runFolder.resolve(weights)));
            return new TeacherFiles(runFolder.toString(), files, run.model().inputShape(), run.model().numClasses());
        } catch (IOException e) {
            throw new IllegalArgumentException("teacher " + runFolder + ": cannot read its files (" + e.getMessage() + ")", e);
        }
    }

    /** Loads the teacher from the bytes (on an executor): a temporary run folder, read and then removed. */
    public TrainedTeacher open() {
        Path folder = null;
        try {
            folder = Files.createTempDirectory("semisup4j-teacher-");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path p = folder.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, f.getValue());
            }
            return TrainedTeacher.load(folder.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("teacher " + source + ": cannot lay out its files on this executor", e);
        } finally {
            if (folder != null) deleteQuietly(folder);
        }
    }

    /** Identifies this snapshot, so that an executor thread loads it once however many partitions it labels. */
    public String id() {
        return id;
    }

    /** The run folder it was read from. */
    public String source() {
        return source;
    }

    public long[] inputShape() {
        return inputShape.clone();
    }

    /** Number of values in one input example: the feature columns a pool must have. */
    public int featureCount() {
        return (int) Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
    }

    public int numClasses() {
        return numClasses;
    }

    /** Bytes a broadcast carries. */
    public long size() {
        return files.values().stream().mapToLong(b -> b.length).sum();
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
