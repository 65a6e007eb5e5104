package org.semisup4j.spark;

import com.google.gson.GsonBuilder;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./semisup4j label --teacher RUN_DIR --input FILE --output DIR [--spark MASTER]}: labels a pool with a saved
 * teacher and writes (id, label, confidence, probabilities) as Parquet. Without {@code --spark} the same job runs in
 * this process (Spark's local mode, one task per core); with it, on that master. The last line of standard output
 * is one JSON object (rows, partitions, seconds, rows_per_second, …).
 */
public final class LabelCommand {
    private LabelCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Exit status: 0 done, 2 bad input (one line on {@code err}, nothing written). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Options o = Options.parse(args);
            if (o == null) {
                out.println(USAGE);
                return 0;
            }
            TeacherFiles teacher = TeacherFiles.read(Path.of(o.teacher));
            LabelJob.checkReachable(o.master);
            try (SparkSession spark = session(o.master, "semisup4j label")) {
                LabelJob.Result r = LabelJob.label(spark, teacher, o.input, o.output, o.batchSize, o.partitions);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("command", "label");
                line.put("teacher", o.teacher);
                line.put("input", o.input);
                line.put("output", r.output());
                line.put("master", spark.sparkContext().master());
                line.put("rows", r.rows());
                line.put("partitions", r.partitions());
                line.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
                line.put("rows_per_second", Math.round(r.rowsPerSecond()));
                out.println(new GsonBuilder().disableHtmlEscaping().create().toJson(line));
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("semisup4j label: " + oneLine(e.getMessage()));
            return 2;
        }
    }

    /**
     * A session on {@code master}; local masters bind to the loopback address and run without the web UI (nothing to
     * see in a job of seconds, and no port to collide with a neighbour's).
     */
    public static SparkSession session(String master, String name) {
        SparkSession.Builder b = SparkSession.builder().appName(name).master(master);
        if (master.startsWith("local"))
            b = b.config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        try {
            return b.getOrCreate();
        } catch (Exception e) { // SparkException ("Could not parse Master URL") is checked and undeclared
            throw new IllegalArgumentException("--spark " + master + ": Spark cannot start on it (" + LabelJob.rootMessage(e) + ")", e);
        }
    }

    private static String oneLine(String message) {
        return message == null ? "failed" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    static final String USAGE = String.join("\n",
            "usage: semisup4j label --teacher RUN_DIR --input FILE --output DIR [--spark MASTER] [--batch-size N] [--partitions N]",
            "  --teacher RUN_DIR   a finished run folder (config.json, final.json, checkpoints)",
            "  --input FILE        the pool: a CSV with a header (or a .parquet table); an optional 'id' column and one",
            "                      numeric column per input value, in the order the teacher reads them",
            "  --output DIR        a new folder for the Parquet table (id, label, confidence, probabilities)",
            "  --spark MASTER      run on this Spark master (local[2], spark://HOST:7077, yarn, …); without it the",
            "                      same job runs in this process, one task per core (local[*])",
            "  --batch-size N      rows per ND4J call (default " + LabelJob.DEFAULT_BATCH + ")",
            "  --partitions N      at least this many partitions (default: the master's default parallelism)");

    record Options(String teacher, String input, String output, String master, int batchSize, int partitions) {
        static Options parse(String[] args) {
            String teacher = null, input = null, output = null, master = "local[*]";
            int batch = LabelJob.DEFAULT_BATCH, partitions = 0;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) return null;
                if (i + 1 >= args.length) throw new IllegalArgumentException(a.startsWith("--") ? a + " needs a value" : "unexpected argument '" + a + "'");
                String v = args[++i];
                switch (a) {
                    case "--teacher" -> teacher = v;
                    case "--input" -> input = v;
                    case "--output" -> output = v;
                    case "--spark" -> master = v;
                    case "--batch-size" -> batch = integer(a, v);
                    case "--partitions" -> partitions = integer(a, v);
                    default -> throw new IllegalArgumentException("unknown option '" + a + "' (semisup4j label --help)");
                }
            }
            if (teacher == null || input == null || output == null)
                throw new IllegalArgumentException("give --teacher RUN_DIR, --input FILE and --output DIR (semisup4j label --help)");
            return new Options(teacher, input, output, master, batch, partitions);
        }

        private static int integer(String option, String v) {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " expects a whole number, got '" + v + "'");
            }
        }
    }
}
