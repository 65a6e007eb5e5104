package org.semisup4j.method;

import org.semisup4j.data.Batch;
import org.semisup4j.loss.CrossEntropy;
import org.semisup4j.loss.Loss;
import org.semisup4j.loss.NeighbourConsistency;
import org.semisup4j.loss.Output;
import org.semisup4j.loss.Terms;
import org.semisup4j.train.Method;
import org.semisup4j.train.Pass;
import org.semisup4j.train.RunConfig;
import org.semisup4j.train.Step;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Neighbour Consistency Regularization (Iscen et al. 2022) for learning with noisy labels:
 * L = (1 − α)·CE(noisy labels) + α·L_NCR after a warm-up of plain CE, where L_NCR pulls each prediction toward
 * the similarity-weighted predictions of its k nearest batch neighbours in feature space (see
 * {@link NeighbourConsistency}). An inductive, mini-batch form of label propagation: an example whose label
 * disagrees with its neighbourhood is pulled toward the neighbourhood's answer.
 *
 * <p>Trains on labeled batches only (noise is injected into the labels with {@code RunConfig.noise}).
 * Parameters: {@code k} (10; the paper uses up to B − 1, 100 at batch 128), {@code gamma} γ (1),
 * {@code temperature} T (2), {@code alpha} α (0.5, paper range 0.3–0.9), {@code warmup} — fraction of the run
 * with CE only (0.2).
 *
 * <p>Measured on two moons, 400 labels with 40 % flipped, batch 64, 500 steps (seeds 0, 1, 2): these defaults
 * 0.877 / 0.814 / 0.778 vs CE 0.802 / 0.811 / 0.697; k = 5, α = 0.7 0.875 / 0.831 / 0.735. With α = 0.9 and
 * k = 20 at 200 labels, two seeds of three fell below CE (0.637, 0.608): a large neighbourhood with little
 * CE left over-smooths toward a near-constant answer.
 *
 * <p><b>Neighbours per batch scale with the class count.</b> k is capped at round(B / C) − 1, the rows of one
 * class a batch holds on average besides the row itself ({@link #neighbours}). Uncapped, on the UCI digits (10 classes, CSV standardised, 500 labels with 40 %
 * flipped, batch 32, 1 000 steps, seeds 0 / 1) NCR's 10 neighbours were mostly other classes and it fell
 * below plain cross-entropy, 0.500 / 0.578 vs 0.531 / 0.592 (issue 13 had 0.596 vs 0.638 at 3 000 steps);
 * with the cap (k = 2) 0.608 / 0.631. On two moons (C = 2) the cap is 15 or 31 and the default k = 10 is unchanged.
 *
 * <p><b>On clean labels it has nothing to correct</b>, and {@code bench defaults} runs every method on clean
 * labels. With the cap, on the UCI digits (5 labels per class, 800 steps, seeds 0–2) it is at the baseline, 0.814 /
 * 0.814 / 0.839 vs 0.836 / 0.817 / 0.794 (before the cap 0.825 / 0.761 / 0.794); on Fashion-MNIST read as raw-pixel
 * vectors (100 labels, 300 steps) it stays below, 0.683 / 0.694 / 0.704 vs 0.731 / 0.724 / 0.708: it gives α of the
 * cross-entropy's weight to agreeing with neighbours in the features of a model that is right on 70 % of the data.
 * On validation (1 000 examples of the pool, tuning seeds 100–102) α = 0.3 reaches 0.676 and the defaults 0.653, a
 * longer warm-up (half the run) 0.648, against supervised 0.703; α = 0.1 0.684 against 0.701 (seeds 100–101), the
 * full bench's budget (1 500 steps on 10 000 images) 0.653 against 0.668, and batch norm ({@code --model mlp-bn})
 * 0.681 against 0.705. No setting fixes it: a smaller α only loses less, and α = 0 is plain cross-entropy — the
 * setting for clean labels. Use NCR where labels are noisy, as its paper does: on the same Fashion-MNIST case with
 * 1 000 labels, 40 % flipped (seeds 0–2, test accuracy, defaults) NCR 0.708 / 0.722 / 0.678 vs cross-entropy 0.650
 * / 0.707 / 0.683, +2.3 ± 1.9 points (SE): the right direction, inconclusive on 3 seeds.
 */
public final class Ncr implements Method {
    private final int k;
    private final double gamma, temperature, alpha, warmupFraction;

    public Ncr(int k, double gamma, double temperature, double alpha, double warmupFraction) {
        if (k < 1) throw new IllegalArgumentException("NCR: k must be >= 1, got " + k);
        if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException("NCR: alpha must be in [0, 1], got " + alpha);
        this.k = k;
        this.gamma = gamma;
        this.temperature = temperature;
        this.alpha = alpha;
        this.warmupFraction = warmupFraction;
    }

    public static Ncr from(RunConfig c) {
        return new Ncr(c.wholeParamOr("k", 10), c.paramOr("gamma", 1.0), c.paramOr("temperature", 2.0), c.paramOr("alpha", 0.5),
                c.paramOr("warmup", 0.2));
    }

    @Override
    public String name() {
        return "ncr";
    }

    @Override
    public Terms loss(Step step) {
        Batch batch = step.batch();
        Pass pass = step.forward(step.weak(batch.labeledX()));
        boolean active = step.index() >= warmupFraction * step.total();
        return terms(pass.logits(0), pass.features(0), batch.labeledY(), active);
    }

    /** CE and NCR terms over one view's logits and features; before the warm-up ends NCR has weight 0. */
    public Terms terms(Output logits, Output features, int[] labels, boolean afterWarmup) {
        double a = afterWarmup ? alpha : 0;
        Loss ncr = logits.rows() < 2 ? Loss.constant(0)
                : NeighbourConsistency.of(features.value(), logits, neighbours(k, (int) logits.rows(), (int) logits.value().size(1)), gamma, temperature);
        return Terms.of("supervised", 1 - a, CrossEntropy.of(logits, labels)).and("neighbour_consistency", a, ncr);
    }

    /**
     * The neighbours used in a batch: {@code k}, capped at the rows of one class a batch of this size holds
     * on average besides the row itself, round(B / C) − 1 (at least 1). More neighbours than that must come
     * from other classes, and NCR then pulls every row toward the batch's mean answer.
     */
    static int neighbours(int k, int batchRows, int classes) {
        return Math.min(k, Math.max(1, Math.round((float) batchRows / classes) - 1));
    }

    @Override
    public boolean usesUnlabeled() {
        return false;
    }

    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("k", k);
        h.put("gamma", gamma);
        h.put("temperature", temperature);
        h.put("alpha", alpha);
        h.put("warmup", warmupFraction);
        return h;
    }
}
