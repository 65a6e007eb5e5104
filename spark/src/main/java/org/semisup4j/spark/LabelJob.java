package org.semisup4j.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;

/**
 * Labels a pool of unlabeled rows with a saved teacher on Apache Spark: the driver reads the teacher's run folder
 * and broadcasts it, each partition runs batched ND4J inference ({@link PoolLabeller}), and the table
 * (id, label, confidence, probabilities) is written as Parquet. The pool is a CSV with a header (or a Parquet
 * table): an optional {@code id} column and one numeric column per input value, in the order the teacher reads them
 * (an image flattened row-major). Without an {@code id} column a row's id is its position in the pool, from 0.
 *
 * <p>The output folder appears only once every partition is written: the job writes a sibling
 * {@code DIR.incomplete-APP} and renames it; a failed job removes it.
 */
public final class LabelJob {
    /** Rows per ND4J call; the in-process labeller predicts in chunks of 1000 as well. */
    public static final int DEFAULT_BATCH = 1000;

    private LabelJob() {}

    /** What a finished job reports. */
    public record Result(String output, long rows, int partitions, double seconds) {
        public double rowsPerSecond() {
            return rows / seconds;
        }
    }

    /**
     * Labels {@code input} into {@code output} with the session's executors.
     *
     * @param partitions at least this many partitions (the pool is repartitioned when it has fewer), 0 = the
     *                   session's default parallelism
     * @throws IllegalArgumentException naming the file and what is wrong with it (missing, other feature count,
     *         output already there), before anything is written
     */
    public static Result label(SparkSession spark, TeacherFiles teacher, String input, String output, int batchSize, int partitions) {
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        long start = System.nanoTime();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        org.apache.hadoop.fs.Path in = new org.apache.hadoop.fs.Path(input), out = new org.apache.hadoop.fs.Path(output);
        FileSystem inFs = fileSystem(in, hadoop), outFs = fileSystem(out, hadoop);
        if (!exists(inFs, in)) throw new IllegalArgumentException("input " + input + ": no such file");
        if (exists(outFs, out))
            throw new IllegalArgumentException("output " + output + " already exists: labels are never written over; choose a new folder");

        Dataset<Row> pool;
        try {
            pool = read(spark, input, teacher);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) { // Spark's AnalysisException (not a CSV or Parquet table, unreadable) is checked and undeclared
            throw new IllegalArgumentException("input " + input + ": cannot read it as " + (isParquet(input) ? "Parquet" : "CSV with a header")
                    + " (" + rootMessage(e) + ")", e);
        }
        String[] columns = pool.columns();
        boolean hasId = columns.length > 0 && columns[0].equals("id");
        int[] features = new int[columns.length - (hasId ? 1 : 0)];
        for (int j = 0; j < features.length; j++) features[j] = j + (hasId ? 1 : 0);

        JavaRDD<Row> rows = pool.javaRDD();
        JavaRDD<Tuple2<Row, Long>> withIds = hasId ? rows.map(r -> new Tuple2<>(r, idOf(r)))
                : rows.zipWithIndex().map(t -> t); // zipWithIndex numbers rows in file order before any repartition
        int target = partitions > 0 ? partitions : spark.sparkContext().defaultParallelism();
        if (withIds.getNumPartitions() < target) withIds = withIds.repartition(target);

        Broadcast<TeacherFiles> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(teacher);
        JavaRDD<Row> labelled = withIds.mapPartitions(new PoolLabeller(shared, features, batchSize));
        org.apache.hadoop.fs.Path incomplete = new org.apache.hadoop.fs.Path(output + ".incomplete-" + spark.sparkContext().applicationId());
        try {
            spark.createDataFrame(labelled, PoolLabeller.SCHEMA).write().parquet(incomplete.toString());
            if (!outFs.rename(incomplete, out)) throw new IOException("cannot rename " + incomplete + " to " + out);
        } catch (Exception e) { // Spark throws its checked SparkException undeclared
            deleteQuietly(outFs, incomplete);
            throw new IllegalArgumentException("labelling " + input + " failed, nothing written: " + rootMessage(e), e);
        } finally {
            shared.destroy();
        }
        long n = spark.read().parquet(output).count(); // from the Parquet footers
        return new Result(output, n, withIds.getNumPartitions(), (System.nanoTime() - start) / 1e9);
    }

    /** The pool with an optional leading {@code id} (long) and every other column as a double, checked against the teacher. */
    private static Dataset<Row> read(SparkSession spark, String input, TeacherFiles teacher) {
        Dataset<Row> raw = isParquet(input) ? spark.read().parquet(input) : spark.read().option("header", true).csv(input);
        List<String> names = Arrays.asList(raw.columns());
        int ids = (int) names.stream().filter(n -> n.equalsIgnoreCase("id")).count();
        if (ids > 1) throw new IllegalArgumentException("input " + input + ": more than one 'id' column");
        int featureCount = names.size() - ids;
        if (featureCount != teacher.featureCount())
            throw new IllegalArgumentException("input " + input + " has " + featureCount + " feature columns" + (ids > 0 ? " (besides 'id')" : "")
                    + ", but teacher " + teacher.source() + " reads inputs of shape " + Arrays.toString(teacher.inputShape())
                    + ", " + teacher.featureCount() + " values: give a pool with one column per input value");
        if (!isParquet(input)) {
            // a schema instead of inference: one pass over the file less, and a value that is not a number becomes an empty cell
            List<StructField> fields = new ArrayList<>();
            for (String n : names) fields.add(DataTypes.createStructField(n, n.equalsIgnoreCase("id") ? DataTypes.LongType : DataTypes.DoubleType, true));
            raw = spark.read().option("header", true).schema(new StructType(fields.toArray(StructField[]::new))).csv(input);
        }
        List<Column> ordered = new ArrayList<>();
        for (String n : names) if (n.equalsIgnoreCase("id")) ordered.add(col(n).cast("long").as("id"));
        for (String n : names) if (!n.equalsIgnoreCase("id")) ordered.add(col(n).cast("double"));
        return raw.select(ordered.toArray(Column[]::new));
    }

    private static long idOf(Row r) {
        if (r.isNullAt(0)) throw new IllegalArgumentException("a row has an empty or non-integer 'id'");
        return r.getLong(0);
    }

    private static boolean isParquet(String input) {
        return input.toLowerCase(Locale.ROOT).endsWith(".parquet");
    }

    /**
     * Fails fast with one line for a master that is not one Spark knows, and for a standalone master ({@code spark://host:port[,host:port]}) that accepts no
     * connection: Spark itself would retry for about a minute before giving up. Other masters (local, yarn, k8s)
     * are left to Spark.
     */
    public static void checkReachable(String master) {
        if (!master.matches("local(\\[(\\*|\\d+)(,\\d+)?])?|local-cluster\\[.+]|spark://.+|yarn|k8s://.+|mesos://.+"))
            throw new IllegalArgumentException("--spark " + master + ": not a Spark master; expected local[N], local[*], spark://HOST:PORT, yarn or k8s://URL");
        if (!master.startsWith("spark://")) return;
        List<String> tried = new ArrayList<>();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            URI uri;
            try {
                uri = URI.create("spark://" + hostPort.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--spark " + master + ": expected spark://HOST:PORT");
            }
            if (uri.getHost() == null || uri.getPort() < 0) throw new IllegalArgumentException("--spark " + master + ": expected spark://HOST:PORT");
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 3000);
                return;
            } catch (IOException e) {
                tried.add(hostPort.trim() + " (" + e.getMessage() + ")");
            }
        }
        throw new IllegalArgumentException("Spark master " + master + " cannot be reached: " + String.join(", ", tried));
    }

    private static FileSystem fileSystem(org.apache.hadoop.fs.Path p, Configuration hadoop) {
        try {
            return p.getFileSystem(hadoop);
        } catch (IOException e) {
            throw new IllegalArgumentException(p + ": no file system for it (" + e.getMessage() + ")", e);
        }
    }

    private static boolean exists(FileSystem fs, org.apache.hadoop.fs.Path p) {
        try {
            return fs.exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(FileSystem fs, org.apache.hadoop.fs.Path p) {
        try {
            fs.delete(p, true);
        } catch (IOException ignored) {
            // the job's own error is the one to report
        }
    }

    /** The innermost message: Spark wraps a task's exception in several layers of its own. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        return m.strip().lines().findFirst().orElse(m);
    }
}
