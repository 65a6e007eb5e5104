package org.semisup4j.bench;

import com.google.gson.JsonObject;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./semisup4j bench speed [--quick]}: the same training steps in semisup4j and in the PyTorch
 * reference, interleaved chunk by chunk in one run, then the resident memory of a small-CNN run, written
 * as the "speed" section of BENCHMARKS.md. Ratios, not absolute times, are the result: both engines share
 * whatever else the machine is doing.
 */
public final class SpeedBench {
    private final boolean quick;
    /** OpenMP threads of both engines in this process (OMP_NUM_THREADS, read by ND4J once at start). */
    private final int threads;
    private final String python;
    private final Path script, output;
    /** The JIT needs thousands of calls of the small methods before a step reaches its steady speed. */
    private static final long WARM_UP_NANOS = 3_000_000_000L;
    private final StringBuilder log = new StringBuilder();

    /** One case's result: wall and CPU time per step of each engine. */
    record Row(SpeedCase speedCase, Stats semisup4j, Stats pytorch, Stats semisup4jCpu, Stats pytorchCpu) {
        double ratio() {
            return semisup4j.median() / pytorch.median();
        }

        double cpuRatio() {
            return semisup4jCpu.median() / pytorchCpu.median();
        }
    }

    SpeedBench(boolean quick, String python, Path script, Path output) {
        this.quick = quick;
        this.threads = threadsOfThisProcess();
        this.python = python;
        this.script = script;
        this.output = output;
    }

    public static void main(String[] args) throws IOException {
        boolean quick = false;
        String python = "/usr/bin/python3";
        Path script = Path.of("scripts/bench/torch_steps.py"), output = Path.of("BENCHMARKS.md");
        List<String> only = new ArrayList<>();
        boolean memory = true, threadsTable = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--python" -> python = args[++i];
                case "--script" -> script = Path.of(args[++i]);
                case "--out" -> output = Path.of(args[++i]);
                case "--only" -> only.add(args[++i]);
                case "--no-memory" -> memory = false;
                case "--threads-table" -> threadsTable = true;
                default -> {
                    System.err.println("usage: bench speed [--quick] [--only MODEL[:STEP]]... [--no-memory] [--threads-table] [--out BENCHMARKS.md]");
                    System.exit(2);
                }
            }
        }
        SpeedBench bench = new SpeedBench(quick, python, script, output);
        if (threadsTable) bench.runThreadsTable();
        else bench.run(only, memory);
        System.exit(0);
    }

    static int threadsOfThisProcess() {
        String omp = System.getenv("OMP_NUM_THREADS");
        try {
            return omp == null || omp.isBlank() ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(omp.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("OMP_NUM_THREADS must be a whole number, got '" + omp + "'");
        }
    }

    /** The cases of the thread-scaling table: supervised and FixMatch steps (quick: two-moons MLP and small CNN). */
    List<SpeedCase> threadCases() {
        return cases().stream().filter(c -> c.step().equals("supervised") || c.step().equals("fixmatch")).toList();
    }

    /** Raw medians of a run at {@code threads} threads: read back by the thread-scaling table. */
    Path rawResults(int threadCount) {
        Path dir = output.toAbsolutePath().getParent().resolve("benchmarks");
        return dir.resolve("speed-" + (quick ? "quick-" : "") + threadCount + "-thread" + (threadCount == 1 ? "" : "s") + ".csv");
    }

    private void writeRaw(List<Row> rows) throws IOException {
        StringBuilder csv = new StringBuilder("model,step,batch,semisup4j_ms,pytorch_ms,semisup4j_cpu_ms,pytorch_cpu_ms\n");
        for (Row r : rows)
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%.4f,%.4f,%.4f,%.4f%n", r.speedCase().model(), r.speedCase().step(),
                    r.speedCase().batchDescription().replace(",", ""), r.semisup4j().median(), r.pytorch().median(),
                    r.semisup4jCpu().median(), r.pytorchCpu().median()));
        Path file = rawResults(threads);
        Files.createDirectories(file.getParent());
        Files.writeString(file, csv);
    }

    /** model:step → {semisup4j ms, PyTorch ms} from a raw-results file. */
    static Map<String, double[]> readRaw(Path file) throws IOException {
        if (!Files.exists(file))
            throw new IllegalStateException(file + " does not exist: run `./semisup4j bench speed` at one thread first");
        Map<String, double[]> m = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            if (f.length != 7) throw new IllegalStateException(file + " line " + (i + 1) + ": expected 7 fields, got " + f.length);
            m.put(f[0] + ":" + f[1], new double[] {Double.parseDouble(f[3]), Double.parseDouble(f[4])});
        }
        return m;
    }

    /** At this process's thread count (> 1): the thread cases, beside the one-thread medians of the last full table. */
    void runThreadsTable() throws IOException {
        if (threads < 2) throw new IllegalStateException("--threads-table needs OMP_NUM_THREADS >= 2, got " + threads);
        String started = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"));
        String load = loadAverage();
        Map<String, double[]> one = readRaw(rawResults(1));
        List<Row> rows = new ArrayList<>();
        try (TorchWorker torch = new TorchWorker(python, script)) {
            for (SpeedCase c : threadCases()) if (one.containsKey(c.model() + ":" + c.step())) rows.add(measure(c, torch));
        }
        writeRaw(rows);
        StringBuilder md = new StringBuilder("## Speed at ").append(threads).append(" threads\n\n");
        md.append("Run: `./semisup4j bench speed").append(quick ? " --quick" : "").append("` (its second part), ").append(started)
                .append(", load average at start ").append(load).append(". Both engines at ").append(threads)
                .append(" OpenMP threads (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS; PyTorch: torch.set_num_threads), interleaved")
                .append(" as above; the one-thread medians are the table above (`").append(rawResults(1).getFileName())
                .append("`). Speed-up = one-thread median / ").append(threads).append("-thread median of the same engine.")
                .append(" semisup4j's trainer runs a model with vector input (the MLPs) on one thread whatever the process's count")
                .append(" (`train/Threads`, README \"Threads\"), so its MLP rows measure that rule; PyTorch's run at ")
                .append(threads).append(".\n\n");
        md.append("| model | step | batch | semisup4j ms | PyTorch ms | ratio | semisup4j speed-up | PyTorch speed-up |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            SpeedCase c = r.speedCase();
            double[] base = one.get(c.model() + ":" + c.step());
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | **%.2f×** | %.2f× | %.2f× |\n", c.model(), c.step(),
                    c.batchDescription(), cell(r.semisup4j()), cell(r.pytorch()), r.ratio(),
                    base[0] / r.semisup4j().median(), base[1] / r.pytorch().median()));
        }
        MarkdownSections.replace(output, "speed-threads", md.toString());
        say("wrote the speed-threads section of " + output);
    }

    /** The speed table's cases: every step on the MLP and the small CNN; quick drops Fashion-MNIST sizes and WRN. */
    List<SpeedCase> cases() {
        List<SpeedCase> cases = new ArrayList<>();
        int mlpRounds = quick ? 5 : 10, cnnRounds = quick ? 3 : 6;
        for (String step : JavaSteps.STEPS) {
            cases.add(new SpeedCase("mlp-moons", step, 32, 3, mlpRounds, 20));
            if (!quick) cases.add(new SpeedCase("mlp-fmnist", step, 32, 3, mlpRounds, 10));
            cases.add(new SpeedCase("cnn", step, 32, 3, cnnRounds, step.equals("ema") ? 20 : 2));
            if (!quick) cases.add(new SpeedCase("wrn28-2", step, 16, 1, 3, step.equals("ema") ? 20 : 1));
        }
        cases.sort(java.util.Comparator.comparingInt(c -> JavaSteps.MODELS.indexOf(c.model())));
        return cases;
    }

    static final int MEMORY_SAMPLE_STEPS = 10;

    void run(List<String> only, boolean memory) throws IOException {
        String started = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"));
        String load = loadAverage();
        try (TorchWorker torch = new TorchWorker(python, script)) {
            JsonObject torchInfo = torch.info();
            // Memory first: later cases would inflate the JVM's resident set.
            // A small batch keeps 2 000 CNN steps affordable; growth per step does not depend on it.
            SpeedCase memoryCase = new SpeedCase("cnn", "supervised", 8, 0, 1, 1);
            List<Integer> at = quick ? List.of(100, 300, 600) : List.of(100, 500, 1000, 1500, 2000);
            Map<Integer, Double> javaRss = Map.of(), torchRss = Map.of();
            if (memory) {
                say("memory: " + memoryCase + ", resident set at steps " + at);
                javaRss = javaMemory(memoryCase, at);
                torchRss = torch.memory(memoryCase, at);
            }
            List<Row> rows = new ArrayList<>();
            for (SpeedCase c : cases()) {
                if (!only.isEmpty() && only.stream().noneMatch(o -> o.equals(c.model()) || o.equals(c.model() + ":" + c.step())))
                    continue;
                rows.add(measure(c, torch));
            }
            writeRaw(rows);
            String body = report(started, load, torchInfo, rows, memoryCase, javaRss, torchRss);
            MarkdownSections.replace(output, "speed", body);
            say("wrote the speed section of " + output);
        }
    }

    /** Warm-up (JIT, native kernels, optimizer state), then rounds of one semisup4j chunk and one PyTorch chunk. */
    Row measure(SpeedCase c, TorchWorker torch) {
        JavaSteps java = new JavaSteps(c);
        long warmUntil = System.nanoTime() + WARM_UP_NANOS;
        do java.time(c.chunk()); while (System.nanoTime() < warmUntil);
        torch.time(c, c.chunk());
        List<JavaSteps.Sample> j = new ArrayList<>(), t = new ArrayList<>();
        for (int r = 0; r < c.rounds(); r++) {
            j.addAll(java.time(c.chunk()));
            t.addAll(torch.time(c, c.chunk()));
        }
        Row row = new Row(c, wall(j), wall(t), cpu(j), cpu(t));
        say(String.format(Locale.ROOT, "%-40s semisup4j %9.2f ms  pytorch %9.2f ms  ratio %6.2f  (CPU time ratio %6.2f)", c,
                row.semisup4j().median(), row.pytorch().median(), row.ratio(), row.cpuRatio()));
        return row;
    }

    private static Stats wall(List<JavaSteps.Sample> s) {
        return Stats.of(s.stream().map(JavaSteps.Sample::wallMs).toList());
    }

    private static Stats cpu(List<JavaSteps.Sample> s) {
        return Stats.of(s.stream().map(JavaSteps.Sample::cpuMs).toList());
    }

    /**
     * The highest resident set, sampled every {@value #MEMORY_SAMPLE_STEPS} steps, in each window of steps
     * ending at a mark: the trainer's collector ({@code OffHeapCollector}) makes the resident set a sawtooth,
     * so a single reading says more about where in a tooth it fell than about growth.
     */
    static Map<Integer, Double> javaMemory(SpeedCase c, List<Integer> at) {
        JavaSteps java = new JavaSteps(c);
        Map<Integer, Double> peak = new LinkedHashMap<>();
        int done = 0;
        for (int target : at) {
            double max = 0;
            while (done < target) {
                int n = Math.min(MEMORY_SAMPLE_STEPS, target - done);
                java.time(n);
                done += n;
                max = Math.max(max, Resident.megabytes());
            }
            peak.put(target, max);
        }
        return peak;
    }

    String report(String started, String load, JsonObject torchInfo, List<Row> rows, SpeedCase memoryCase,
                  Map<Integer, Double> javaRss, Map<Integer, Double> torchRss) {
        StringBuilder md = new StringBuilder();
        md.append("## Speed and memory\n\n");
        md.append("Run: `./semisup4j bench speed").append(quick ? " --quick" : "").append("`, ").append(started)
                .append(". Machine: ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, load average at start ").append(load).append(". ").append(threads)
                .append(" OpenMP thread(s) for both engines (OMP_NUM_THREADS=")
                .append(System.getenv().getOrDefault("OMP_NUM_THREADS", "unset")).append(").\n\n");
        md.append("Versions: Java ").append(System.getProperty("java.version")).append(", ND4J 1.0.0-M2.1 ")
                .append(nd4jBuild()).append("; PyTorch ").append(torchInfo.get("torch").getAsString())
                .append(" (Debian python3-torch, Python ").append(torchInfo.get("python").getAsString()).append(", ")
                .append(torchInfo.get("threads").getAsInt()).append(" thread(s)).\n\n");
        md.append("""
                Both engines run the same step on the same architecture, batch and loss (script:
                `scripts/bench/torch_steps.py`; semisup4j side: `org.semisup4j.bench.JavaSteps`, which runs the real
                `Trainer`, method, batch sampler and augmentations). A step = batch sampling + augmentation + forward +
                loss + backward + Adam update. The two engines run **interleaved** (a chunk of semisup4j steps, then a
                chunk of PyTorch steps, repeated) in one run, so load from other processes falls on both; read the
                **ratio** (of medians), not the absolute times. Spread = interquartile range [p25–p75]. The CPU-time
                ratio uses each engine's own thread CPU time per step, which competing processes barely move (it
                leaves out the JVM's JIT and GC threads); on a quiet machine the two ratios agree.

                """);
        md.append("| model | step | batch | semisup4j ms, median [p25–p75] | PyTorch ms, median [p25–p75] | ratio | CPU-time ratio | target | met |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            SpeedCase c = r.speedCase();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | **%.2f×** | %.2f× | ≤ %s× | %s |\n", c.model(), c.step(),
                    c.batchDescription(), cell(r.semisup4j()), cell(r.pytorch()), r.ratio(), r.cpuRatio(), new java.math.BigDecimal(c.targetRatio()).stripTrailingZeros().toPlainString(),
                    r.ratio() <= c.targetRatio() ? "yes" : "no"));
        }
        md.append("\nSamples per cell: ").append(rows.isEmpty() ? 0 : rows.get(0).semisup4j().n())
                .append(" steps on the first row (rounds × chunk steps, after one warm-up chunk; see `SpeedBench.cases`).\n\n");
        if (javaRss.isEmpty()) return md.toString();
        md.append("### Resident memory over a run (").append(memoryCase.model()).append(" ").append(memoryCase.step())
                .append(", ").append(memoryCase.batchDescription()).append(", before any speed case runs)\n\n");
        md.append("| engine |");
        javaRss.keySet().forEach(k -> md.append(" step ").append(k).append(" |"));
        md.append(" growth |\n|---|");
        javaRss.keySet().forEach(k -> md.append("---|"));
        md.append("---|\n");
        md.append(memoryRow("semisup4j (JVM: heap + ND4J off-heap)", javaRss));
        md.append(memoryRow("PyTorch", torchRss));
        md.append("\nsemisup4j: the highest resident set sampled every ").append(MEMORY_SAMPLE_STEPS)
                .append(" steps in the window ending at that step (ND4J frees native buffers only when the JVM collects")
                .append(" their handles; the trainer asks for a collection when the resident set has grown by a fifth, a sawtooth);")
                .append(" PyTorch: at that step. JVM flags: ")
                .append(String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()))
                .append("; MALLOC_MMAP_THRESHOLD_=").append(System.getenv().getOrDefault("MALLOC_MMAP_THRESHOLD_", "unset"))
                .append(".\n");
        md.append("\nTarget: semisup4j flat within 10 % from step ").append(first(javaRss)).append(" to ")
                .append(last(javaRss)).append(".");
        if (javaRss.size() >= 3) {
            int second = javaRss.keySet().stream().skip(1).findFirst().orElseThrow();
            md.append(String.format(Locale.ROOT, " After warm-up, from step %d to %d: %+.1f %%.", second, last(javaRss),
                    100 * (javaRss.get(last(javaRss)) / javaRss.get(second) - 1)));
        }
        md.append("\n");
        return md.toString();
    }

    private static String memoryRow(String engine, Map<Integer, Double> rss) {
        StringBuilder s = new StringBuilder("| " + engine + " |");
        rss.values().forEach(v -> s.append(String.format(Locale.ROOT, " %.0f MB |", v)));
        double growth = rss.get(last(rss)) / rss.get(first(rss)) - 1;
        return s.append(String.format(Locale.ROOT, " %+.1f %% |\n", 100 * growth)).toString();
    }

    private static int first(Map<Integer, Double> m) {
        return m.keySet().iterator().next();
    }

    private static int last(Map<Integer, Double> m) {
        return m.keySet().stream().reduce((a, b) -> b).orElseThrow();
    }

    private static String cell(Stats s) {
        String f = s.median() < 10 ? "%.2f [%.2f–%.2f]" : "%.0f [%.0f–%.0f]";
        return String.format(Locale.ROOT, f, s.median(), s.p25(), s.p75());
    }

    /** Which native build ND4J loaded (the oneDNN one where the CPU has AVX-512). */
    static String nd4jBuild() {
        try {
            String info = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
            boolean onednn = info.toUpperCase(Locale.ROOT).contains("ONEDNN") || info.toUpperCase(Locale.ROOT).contains("MKLDNN");
            String ext = System.getProperty("org.bytedeco.javacpp.platform.extension", "");
            String isa = ext.contains("avx512") ? " AVX-512" : ext.contains("avx2") ? " AVX2" : "";
            return (onednn ? "oneDNN" : "plain OpenBLAS") + isa + " build (" + (ext.isEmpty() ? "linux-x86_64" : "linux-x86_64" + ext) + ")";
        } catch (RuntimeException | LinkageError e) {
            return Nd4j.getBackend().getClass().getSimpleName();
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void say(String line) {
        System.err.println("bench speed: " + line);
        log.append(line).append('\n');
    }
}
