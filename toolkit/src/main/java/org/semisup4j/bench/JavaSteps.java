package org.semisup4j.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.semisup4j.augment.Augmentations;
import org.semisup4j.data.BatchSampler;
import org.semisup4j.data.Dataset;
import org.semisup4j.data.LabelSplit;
import org.semisup4j.train.Method;
import org.semisup4j.method.Methods;
import org.semisup4j.model.Model;
import org.semisup4j.model.Models;
import org.semisup4j.model.Optimizer;
import org.semisup4j.teacher.EmaTeacher;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.StepRecord;
import org.semisup4j.train.Trainer;
import org.semisup4j.train.TrainingListener;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The semisup4j side of a {@link SpeedCase}: the real {@link Trainer} with the real method, model,
 * batch sampler and augmentations, on a synthetic pool of the right shape (random inputs: speed does not
 * depend on what the pixels show). A step is everything between two of the trainer's step reports: batch,
 * augmentation, forward, loss terms, backward and optimizer update — what the PyTorch script times too.
 */
public final class JavaSteps {
    public static final List<String> MODELS = List.of("mlp-moons", "mlp-fmnist", "cnn", "wrn28-2");
    public static final List<String> STEPS = List.of("supervised", "vat", "fixmatch", "ema");
    static final double LEARNING_RATE = 3e-3;
    private static final int POOL = 1000;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final SpeedCase speedCase;
    private final Model model;
    private final Method method;
    private final Dataset pool;
    private final BatchSampler sampler;
    private final EmaTeacher teacher;
    private int calls;

    public JavaSteps(SpeedCase c) {
        this.speedCase = c;
        this.model = model(c.model());
        this.pool = pool(c.model());
        boolean unlabeled = c.step().equals("vat") || c.step().equals("fixmatch");
        LabelSplit split = LabelSplit.balanced(pool, 100, 0);
        this.sampler = BatchSampler.fixedShare(pool, split, c.labeled(), unlabeled ? c.mu() : 0, 0);
        this.method = c.step().equals("ema") ? null : Methods.create(RunConfig.of("two-moons").method(c.step()));
        this.teacher = c.step().equals("ema") ? new EmaTeacher(model, 0.999) : null;
    }

    /** Wall and CPU time of one step, in milliseconds. */
    public record Sample(double wallMs, double cpuMs) {}

    /**
     * Times the next {@code steps} steps. CPU time is this thread's (ND4J runs its ops on the calling
     * thread at one OpenMP thread): unlike wall time it barely moves when other processes compete for
     * the cores. JIT and GC threads are not in it.
     */
    public List<Sample> time(int steps) {
        List<Sample> samples = new ArrayList<>();
        long[] last = {System.nanoTime(), CPU.getCurrentThreadCpuTime()};
        Runnable record = () -> {
            long wall = System.nanoTime(), cpu = CPU.getCurrentThreadCpuTime();
            samples.add(new Sample((wall - last[0]) / 1e6, (cpu - last[1]) / 1e6));
            last[0] = wall;
            last[1] = cpu;
        };
        if (teacher != null) {
            for (int i = 0; i < steps; i++) {
                teacher.update(model, 10_000); // past the warm-up: the decay is 0.999
                record.run();
            }
            return samples;
        }
        long[] shape = pool.exampleShape();
        Trainer.builder().model(model).method(method).batches(sampler)
                .augment(Augmentations.weak(shape), Augmentations.strong(shape))
                .learningRate(LEARNING_RATE).steps(steps).seed(calls++)
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(StepRecord r) {
                        record.run();
                    }
                })
                .build().run();
        return samples;
    }

    public SpeedCase speedCase() {
        return speedCase;
    }

    public Model model() {
        return model;
    }

    static Model model(String name) {
        Models.Options o = Models.options().seed(0).optimizer(Optimizer.adam(LEARNING_RATE, 0));
        return switch (name) {
            case "mlp-moons" -> Models.mlp(o, 2, 100, 100, 2);
            case "mlp-fmnist" -> Models.mlp(o, 784, 256, 256, 10);
            case "cnn" -> Models.smallCnn(o, 1, 28, 28, 10);
            case "wrn28-2" -> Models.wideResNet(o, 28, 2, 3, 32, 32, 10);
            default -> throw new IllegalArgumentException("unknown benchmark model '" + name + "'");
        };
    }

    /** Random inputs of the model's shape: N(0, 1) vectors, U[0, 1) images; balanced random labels. */
    static Dataset pool(String name) {
        long[] shape = switch (name) {
            case "mlp-moons" -> new long[] {2};
            case "mlp-fmnist" -> new long[] {784};
            case "cnn" -> new long[] {1, 28, 28};
            default -> new long[] {3, 32, 32};
        };
        int classes = name.equals("mlp-moons") ? 2 : 10;
        long[] full = new long[shape.length + 1];
        full[0] = POOL;
        System.arraycopy(shape, 0, full, 1, shape.length);
        Nd4j.getRandom().setSeed(1);
        INDArray x = shape.length == 1 ? Nd4j.randn(DataType.FLOAT, full) : Nd4j.rand(DataType.FLOAT, full);
        SplittableRandom r = new SplittableRandom(2);
        int[] y = IntStream.range(0, POOL).map(i -> i % classes).toArray();
        for (int i = POOL - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = y[i];
            y[i] = y[j];
            y[j] = t;
        }
        List<String> names = IntStream.range(0, classes).mapToObj(i -> "c" + i).toList();
        return new Dataset("bench-" + name, x, y, names);
    }
}
