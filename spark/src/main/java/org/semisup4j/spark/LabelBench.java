package org.semisup4j.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.semisup4j.bench.MarkdownSections;
import org.semisup4j.experiment.Experiment;
import org.semisup4j.train.RunConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code ./semisup4j bench label [--quick] [--repeats N] [--out BENCHMARKS.md]}: throughput (rows per second) of the Spark labelling
 * job with one and with two local executor threads ({@code local[1]}, {@code local[2]}), on two pools: two-moons
 * points labelled by the default MLP (the job's own overhead dominates: reading, batching, Parquet) and Fashion-MNIST
 * images labelled by the default CNN (ND4J inference dominates). Each timing is the median of repeated runs after
 * one untimed run ({@code --repeats}: 3, quick 1); it replaces the {@code label} section of BENCHMARKS.md. Each row is
 * also printed as soon as it is measured.
 */
public final class LabelBench {
    private LabelBench() {}

    private record Pool(String name, String model, RunConfig teacher, int rows) {}

    public static void main(String[] args) throws IOException {
        boolean quick = false;
        Integer repeatsArg = null;
        Path out = Path.of("BENCHMARKS.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--repeats" -> repeatsArg = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: bench label [--quick] [--repeats N] [--out BENCHMARKS.md]");
                    System.exit(2);
                }
            }
        }
        int repeats = repeatsArg != null ? repeatsArg : quick ? 1 : 3;
        if (repeats < 1) throw new IllegalArgumentException("--repeats " + repeats + ": expected at least 1 timed run");
        List<Pool> pools = List.of(
                new Pool("two-moons points (CSV, 2 columns)", "MLP 2-100-100-2",
                        RunConfig.of("two-moons").labels(10).steps(100).evalEvery(0).testSize(50), quick ? 20_000 : 200_000),
                new Pool("Fashion-MNIST images (Parquet, 784 columns)", "small CNN",
                        RunConfig.of("fashion-mnist").trainSize(quick ? 1000 : 2000).testSize(100).labels(100).steps(20).evalEvery(0),
                        quick ? 1000 : 2000));
        Path work = Files.createTempDirectory("semisup4j-bench-label-");
        String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        StringBuilder table = new StringBuilder("| pool | teacher | rows | executors | partitions | seconds | rows/s | vs 1 executor |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        String loadBefore = loadAverage();
        try {
            for (int p = 0; p < pools.size(); p++) {
                Pool pool = pools.get(p);
                Path teacherRun = work.resolve("teacher-" + p);
                Experiment teacherExperiment = Experiment.prepare(pool.teacher());
                teacherExperiment.trainer(teacherRun).run();
                TeacherFiles teacher = TeacherFiles.read(teacherRun);
                String input = writePool(work, p, pool, teacherExperiment.train().features());
                double single = 0;
                for (int executors = 1; executors <= 2; executors++) {
                    try (SparkSession spark = LabelCommand.session("local[" + executors + "]", "semisup4j bench label")) {
                        LabelJob.label(spark, teacher, input, work.resolve("warm-" + p + "-" + executors).toString(), LabelJob.DEFAULT_BATCH, 0);
                        List<LabelJob.Result> runs = new ArrayList<>();
                        for (int r = 0; r < repeats; r++)
                            runs.add(LabelJob.label(spark, teacher, input, work.resolve("out-" + p + "-" + executors + "-" + r).toString(),
                                    LabelJob.DEFAULT_BATCH, 0));
                        LabelJob.Result median = runs.stream().sorted(Comparator.comparingDouble(LabelJob.Result::seconds)).toList().get(runs.size() / 2);
                        if (executors == 1) single = median.rowsPerSecond();
                        String line = String.format(Locale.ROOT, "| %s | %s | %,d | %d | %d | %.2f | %,.0f | %.2f× |%n", pool.name(), pool.model(),
                                median.rows(), executors, median.partitions(), median.seconds(), median.rowsPerSecond(), median.rowsPerSecond() / single);
                        System.out.print(line);
                        table.append(line);
                    }
                }
            }
        } finally {
            deleteTree(work);
        }
        String body = String.format(Locale.ROOT, """
                ## Labelling a pool on Apache Spark (`./semisup4j bench label%s%s`)

                Run %s on %s, %d cores, Spark 3.5 in local mode (one JVM; `local[N]` runs N tasks at once, each with
                one OpenMP thread), batches of %d rows per ND4J call, median of %d timed run(s) after one untimed run.
                Seconds cover the whole job: reading the pool, numbering its rows, a repartition into as many partitions
                as executors, inference, writing Parquet. Load average before/after: %s / %s (a shared machine: with
                other work running, the second executor has less than a free core to itself).

                %s
                """, quick ? " --quick" : "", repeatsArg != null ? " --repeats " + repeats : "", started, cpuModel(), Runtime.getRuntime().availableProcessors(),
                LabelJob.DEFAULT_BATCH, repeats, loadBefore, loadAverage(), table);
        MarkdownSections.replace(out, "label", body);
        System.out.println("wrote the label section of " + out);
    }

    /** The teacher's training inputs, tiled to the pool's size: moons as CSV, images as a Parquet table of 784 columns. */
    private static String writePool(Path work, int index, Pool pool, INDArray x) throws IOException {
        INDArray flat = x.reshape(x.size(0), x.length() / x.size(0));
        int n = pool.rows(), d = (int) flat.columns(), have = (int) flat.rows();
        float[][] values = flat.toFloatMatrix();
        if (d == 2) {
            Path csv = work.resolve("pool-" + index + ".csv");
            StringBuilder sb = new StringBuilder("x0,x1\n");
            for (int i = 0; i < n; i++) sb.append(values[i % have][0]).append(',').append(values[i % have][1]).append('\n');
            Files.writeString(csv, sb);
            return csv.toString();
        }
        Path parquet = work.resolve("pool-" + index + ".parquet");
        StructType schema = new StructType();
        for (int j = 0; j < d; j++) schema = schema.add("p" + j, DataTypes.FloatType, false);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Object[] v = new Object[d];
            for (int j = 0; j < d; j++) v[j] = values[i % have][j];
            rows.add(RowFactory.create(v));
        }
        try (SparkSession spark = LabelCommand.session("local[1]", "semisup4j bench label: pool")) {
            spark.createDataFrame(rows, schema).coalesce(1).write().parquet(parquet.toString());
        }
        return parquet.toString();
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path p) {
        try (Stream<Path> walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
