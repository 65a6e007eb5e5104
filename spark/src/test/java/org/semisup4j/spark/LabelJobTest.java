package org.semisup4j.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.teacher.OutputTable;
import org.semisup4j.teacher.TrainedTeacher;
import org.semisup4j.train.RunConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Spark labeller in local[2] against the toolkit's in-process labeller ({@link OutputTable#write}, what a
 * workflow's label stage runs), and its refusals of bad input.
 */
class LabelJobTest {
    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path teacherRun, pool;
    static INDArray poolX;

    @BeforeAll
    static void teacherAndPool() throws IOException {
        // A teacher trained briefly on two moons: its decision boundary crosses the pool, so both labels occur.
        RunConfig moons = RunConfig.of("two-moons").labels(10).steps(60).evalEvery(0).testSize(50);
        Experiment experiment = Experiment.prepare(moons);
        teacherRun = dir.resolve("teacher");
        experiment.trainer(teacherRun).run();
        poolX = experiment.train().features(); // the whole training set, labeled rows included, as a label stage takes it
        pool = dir.resolve("pool.csv");
        StringBuilder csv = new StringBuilder("x0,x1\n");
        for (int i = 0; i < poolX.rows(); i++) csv.append(poolX.getFloat(i, 0)).append(',').append(poolX.getFloat(i, 1)).append('\n');
        Files.writeString(pool, csv);
        spark = LabelCommand.session("local[2]", "LabelJobTest");
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    @Test
    void labelsInTwoExecutorsEqualTheInProcessLabellers() throws IOException {
        int n = poolX.rows();
        int[] rows = IntStream.range(0, n).toArray();
        Path table = dir.resolve("in-process.csv");
        OutputTable.write(table, TrainedTeacher.load(teacherRun.toString()), poolX, rows);
        List<String> lines = Files.readAllLines(table);
        int[] expectedLabel = new int[n];
        double[] expectedConfidence = new double[n];
        for (String line : lines.subList(2, lines.size())) {
            String[] f = line.split(",");
            int row = Integer.parseInt(f[0]);
            expectedLabel[row] = Integer.parseInt(f[f.length - 2]);
            expectedConfidence[row] = Double.parseDouble(f[f.length - 1]);
        }

        // Batches of 64 in 3 partitions: other batch boundaries than the in-process labeller's chunks of 1000.
        String out = dir.resolve("labels").toString();
        LabelJob.Result result = LabelJob.label(spark, TeacherFiles.read(teacherRun), pool.toString(), out, 64, 3);
        assertEquals(n, result.rows());
        assertEquals(3, result.partitions());

        List<Row> written = spark.read().parquet(out).collectAsList();
        assertEquals(n, written.size());
        long[] ids = written.stream().mapToLong(r -> r.getLong(r.fieldIndex("id"))).sorted().toArray();
        assertArrayEquals(IntStream.range(0, n).asLongStream().toArray(), ids, "every pool row once, numbered in file order");
        int[] seen = new int[2];
        for (Row r : written) {
            int id = (int) r.getLong(r.fieldIndex("id")), label = r.getInt(r.fieldIndex("label"));
            double confidence = r.getDouble(r.fieldIndex("confidence"));
            List<Double> p = r.getList(r.fieldIndex("probabilities"));
            assertEquals(expectedLabel[id], label, "row " + id);
            assertEquals(expectedConfidence[id], confidence, 1e-5, "row " + id);
            assertEquals(2, p.size());
            assertEquals(1.0, p.get(0) + p.get(1), 1e-9);
            assertEquals(confidence, p.get(label), 0.0);
            seen[label]++;
        }
        assertTrue(seen[0] > n / 5 && seen[1] > n / 5, "both classes among the labels: " + Arrays.toString(seen));
    }

    @Test
    void aPoolWithAnIdColumnKeepsItsIds() throws IOException {
        Path withIds = dir.resolve("with-ids.csv");
        Files.writeString(withIds, "id,x0,x1\n70,0.5,0.25\n-3,1.5,-0.5\n12,0,1\n");
        String out = dir.resolve("labels-ids").toString();
        LabelJob.label(spark, TeacherFiles.read(teacherRun), withIds.toString(), out, 2, 0);
        long[] ids = spark.read().parquet(out).collectAsList().stream().mapToLong(r -> r.getLong(0)).sorted().toArray();
        assertArrayEquals(new long[] {-3, 12, 70}, ids);
    }

    @Test
    void aPoolWithAnotherFeatureCountIsRefusedAndNothingIsWritten() throws IOException {
        Path wide = dir.resolve("wide.csv");
        Files.writeString(wide, "a,b,c\n1,2,3\n");
        Path out = dir.resolve("labels-wide");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelJob.label(spark, TeacherFiles.read(teacherRun), wide.toString(), out.toString(), 10, 0));
        assertTrue(e.getMessage().contains("wide.csv has 3 feature columns, but teacher " + teacherRun + " reads inputs of shape [2], 2 values"),
                e.getMessage());
        assertNothingAt(out);
    }

    @Test
    void aValueThatIsNotANumberFailsTheJobAndLeavesNoOutput() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "x0,x1\n0.1,0.2\n0.3,seven\n");
        Path out = dir.resolve("labels-bad");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelJob.label(spark, TeacherFiles.read(teacherRun), bad.toString(), out.toString(), 10, 2));
        assertTrue(e.getMessage().contains("failed, nothing written") && e.getMessage().contains("column x1 is empty"), e.getMessage());
        assertNothingAt(out);
    }

    @Test
    void anExistingOutputIsNeverWrittenOver() throws IOException {
        Path out = Files.createDirectories(dir.resolve("labels-existing"));
        Files.writeString(out.resolve("keep.txt"), "earlier results");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelJob.label(spark, TeacherFiles.read(teacherRun), pool.toString(), out.toString(), 10, 0));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals("earlier results", Files.readString(out.resolve("keep.txt")));
    }

    @Test
    void theCommandRefusesAFolderThatIsNotARunInOneLine() throws IOException {
        Path notARun = Files.createDirectories(dir.resolve("not-a-run"));
        Path out = dir.resolve("labels-not-a-run");
        String err = refused("--teacher", notARun.toString(), "--input", pool.toString(), "--output", out.toString(), "--spark", "local[1]");
        assertTrue(err.contains("is not a run folder: config.json is missing"), err);
        assertNothingAt(out);
    }

    @Test
    void theCommandRefusesAMasterItCannotReachInOneLine() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free now, closed below: nothing listens there
        }
        Path out = dir.resolve("labels-no-master");
        String err = refused("--teacher", teacherRun.toString(), "--input", pool.toString(), "--output", out.toString(),
                "--spark", "spark://127.0.0.1:" + port);
        assertTrue(err.contains("Spark master spark://127.0.0.1:" + port + " cannot be reached"), err);
        assertNothingAt(out);
    }

    @Test
    void theCommandRefusesWhatIsNotASparkMasterInOneLine() throws IOException {
        Path out = dir.resolve("labels-bad-master");
        String err = refused("--teacher", teacherRun.toString(), "--input", pool.toString(), "--output", out.toString(),
                "--spark", "no-such-master");
        assertTrue(err.contains("--spark no-such-master: not a Spark master"), err);
        assertNothingAt(out);
    }

    /** Runs the command, expects exit status 2 and returns its one line of error. */
    private static String refused(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream(), out = new ByteArrayOutputStream();
        int status = LabelCommand.run(args, new PrintStream(out, true), new PrintStream(err, true));
        String text = err.toString().strip();
        assertEquals(2, status, text);
        assertEquals(1, text.lines().count(), "one line: " + text);
        assertTrue(text.startsWith("semisup4j label: "), text);
        return text;
    }

    private static void assertNothingAt(Path out) throws IOException {
        assertFalse(Files.exists(out), out + " must not exist");
        try (var siblings = Files.list(out.getParent())) {
            assertTrue(siblings.noneMatch(p -> p.getFileName().toString().startsWith(out.getFileName() + ".incomplete")), "no partial folder");
        }
    }
}
