package org.semisup4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the speed table: a model, a kind of step and a batch, run the same way by semisup4j
 * ({@link JavaSteps}) and by the PyTorch reference ({@code scripts/bench/torch_steps.py}).
 *
 * @param model   "mlp-moons" (2-100-100-2), "mlp-fmnist" (784-256-256-10), "cnn" (small CNN, 1×28×28),
 *                "wrn28-2" (3×32×32)
 * @param step    "supervised", "vat" (one power iteration: clean pass + input gradient + training pass),
 *                "fixmatch" (labeled + weak + strong views in one pass, masked pseudo-label loss), "ema"
 *                (teacher ← 0.999 teacher + 0.001 student over every weight and batch-norm statistic)
 * @param labeled labeled rows per batch (B); unlabeled rows are {@code mu · B}
 * @param rounds  interleaved rounds (semisup4j chunk, then PyTorch chunk) after one warm-up chunk each
 * @param chunk   steps per chunk
 */
public record SpeedCase(String model, String step, int labeled, int mu, int rounds, int chunk) {
    public SpeedCase {
        if (!JavaSteps.MODELS.contains(model)) throw new IllegalArgumentException("unknown benchmark model '" + model + "'");
        if (!JavaSteps.STEPS.contains(step)) throw new IllegalArgumentException("unknown benchmark step '" + step + "'");
        if (labeled < 1 || mu < 0 || rounds < 1 || chunk < 1)
            throw new IllegalArgumentException("labeled, rounds and chunk must be positive and mu >= 0");
    }

    /** Rows that go through the model's training pass. */
    public int rows() {
        return switch (step) {
            case "supervised", "ema" -> labeled;
            case "vat" -> labeled + mu * labeled;
            default -> labeled + 2 * mu * labeled;
        };
    }

    public String batchDescription() {
        return switch (step) {
            case "supervised" -> "B=" + labeled;
            case "ema" -> "all weights";
            default -> "B=" + labeled + ", μB=" + mu * labeled;
        };
    }

    /** The case as the PyTorch worker reads it. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("step", step);
        m.put("labeled", labeled);
        m.put("mu", mu);
        return m;
    }

    /** Issue 21's target for the ratio semisup4j / PyTorch at one thread: EMA below 1×, two-moons MLP 2×, others 1.5×. */
    public double targetRatio() {
        if (step.equals("ema")) return 1;
        return model.equals("mlp-moons") ? 2 : 1.5;
    }

    @Override
    public String toString() {
        return model + " " + step + " (" + batchDescription() + ")";
    }
}
