package org.semisup4j.data;

import java.util.BitSet;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns a dataset and a {@link LabelSplit} into the batch of every training step.
 *
 * <p><b>Determinism and resume.</b> A batch is a pure function of (seed, step): each pool is walked through
 * a sequence of epochs, epoch e being a permutation seeded by (seed, pool, e), and step k takes the k-th
 * slice of that walk. {@link #batch(long)} computes any step directly, so a resumed trainer calls
 * {@link #seek(long)} with its saved step and gets exactly the batches an uninterrupted run would have got.
 *
 * <p><b>What an epoch is.</b> For fixed-share batches, one pass over the <em>unlabeled pool</em> (the common
 * SSL convention: the small labeled set is oversampled and wraps around many times per epoch); with
 * {@code mu = 0} or an empty pool it is one pass over the labeled set. For uniform batches, one pass over
 * labeled ∪ unlabeled. {@link #epochOf(long)} and {@link #describe()} state it for logs.
 *
 * <p>Not thread-safe: it caches the current epoch's permutation. Use one sampler per training loop.
 */
public final class BatchSampler {
    private final Dataset data;
    private final LabelSplit split;
    private final long seed;
    private final String kind;
    private final IndexStream labeledStream;
    private final IndexStream unlabeledStream;
    private final int labeledPerStep;
    private final int unlabeledPerStep;
    /** Uniform only: which entries of the union pool are labeled. */
    private final BitSet labeledInDataset;
    private long step;

    private BatchSampler(Dataset data, LabelSplit split, long seed, String kind, IndexStream labeledStream, int labeledPerStep,
                         IndexStream unlabeledStream, int unlabeledPerStep, BitSet labeledInDataset) {
        this.data = data;
        this.split = split;
        this.seed = seed;
        this.kind = kind;
        this.labeledStream = labeledStream;
        this.labeledPerStep = labeledPerStep;
        this.unlabeledStream = unlabeledStream;
        this.unlabeledPerStep = unlabeledPerStep;
        this.labeledInDataset = labeledInDataset;
    }

    /** See {@link BatchComposition#fixedShare(int, int)}. */
    public static BatchSampler fixedShare(Dataset data, LabelSplit split, int labeledBatch, int mu, long seed) {
        split.checkMatches(data);
        if (split.labeled().length == 0) {
            throw new IllegalArgumentException("split '" + split.name() + "' has no labeled examples to fill the labeled batch");
        }
        if (mu > 0 && split.unlabeled().length == 0) {
            throw new IllegalArgumentException("split '" + split.name() + "' has an empty unlabeled pool; use mu = 0 for supervised batches");
        }
        return new BatchSampler(data, split, seed, "fixed-share",
                new IndexStream(split.labeled(), seed, Seeds.SAMPLER_LABELED), labeledBatch,
                new IndexStream(split.unlabeled(), seed, Seeds.SAMPLER_UNLABELED), mu * labeledBatch, null);
    }

    /** See {@link BatchComposition#uniform(int)}; an example in both parts of the split counts as labeled. */
    public static BatchSampler uniform(Dataset data, LabelSplit split, int batchSize, long seed) {
        split.checkMatches(data);
        BitSet labeled = new BitSet();
        for (int i : split.labeled()) {
            labeled.set(i);
        }
        int[] union = IntStream.concat(IntStream.of(split.labeled()), IntStream.of(split.unlabeled()).filter(i -> !labeled.get(i)))
                .toArray();
        if (union.length == 0) {
            throw new IllegalArgumentException("split '" + split.name() + "' has no examples");
        }
        return new BatchSampler(data, split, seed, "uniform", new IndexStream(union, seed, Seeds.SAMPLER_UNION), batchSize,
                null, 0, labeled);
    }

    /** The batch of step {@code k}; does not move the sampler's position. */
    public Batch batch(long k) {
        if (k < 0) {
            throw new IllegalArgumentException("step " + k + " < 0");
        }
        int[] labeledIdx;
        int[] unlabeledIdx;
        if (unlabeledStream != null) {
            labeledIdx = labeledStream.take(k * labeledPerStep, labeledPerStep);
            unlabeledIdx = unlabeledStream.take(k * unlabeledPerStep, unlabeledPerStep);
        } else {
            int[] drawn = labeledStream.take(k * labeledPerStep, labeledPerStep);
            labeledIdx = IntStream.of(drawn).filter(labeledInDataset::get).toArray();
            unlabeledIdx = IntStream.of(drawn).filter(i -> !labeledInDataset.get(i)).toArray();
        }
        INDArray labeledX = data.features(labeledIdx);
        INDArray unlabeledX = data.features(unlabeledIdx);
        return new Batch(k, epochOf(k), data.numClasses(), labeledX, data.labels(labeledIdx), labeledIdx, unlabeledX,
                unlabeledIdx, data.labels(unlabeledIdx));
    }

    /** The batch at the current position, then advances by one step. */
    public Batch next() {
        return batch(step++);
    }

    /** The step the next {@link #next()} returns. */
    public long step() {
        return step;
    }

    /** Moves so the next {@link #next()} returns step {@code k}: how a resumed run continues exactly. */
    public void seek(long k) {
        if (k < 0) {
            throw new IllegalArgumentException("step " + k + " < 0");
        }
        step = k;
    }

    /** The epoch step {@code k} falls in (0-based); see the class comment for what an epoch is. */
    public long epochOf(long k) {
        return (long) Math.floor(epochProgress(k));
    }

    /** Epochs completed before step {@code k}, as a fraction: k × per-step draws / epoch pool size. */
    public double epochProgress(long k) {
        return (double) k * epochDrawsPerStep() / epochPool().length();
    }

    /** Steps needed to see every example of the epoch pool at least once. */
    public long stepsPerEpoch() {
        return (epochPool().length() + epochDrawsPerStep() - 1) / epochDrawsPerStep();
    }

    /** One line for logs and run folders: composition, pool sizes, epoch definition, seed. */
    public String describe() {
        String base = kind.equals("uniform")
                ? "uniform:batch=" + labeledPerStep + " from labeled ∪ unlabeled (" + labeledStream.length() + " examples, "
                + split.labeled().length + " labeled); epoch = one pass over that union = " + stepsPerEpoch() + " steps"
                : "fixed-share:B=" + labeledPerStep + ",mu=" + (unlabeledPerStep / labeledPerStep) + " — " + labeledPerStep
                + " labeled + " + unlabeledPerStep + " unlabeled per step; epoch = one pass over the "
                + (unlabeledPerStep > 0 ? epochPool().length() + "-example unlabeled pool" : epochPool().length() + "-example labeled set")
                + " = " + stepsPerEpoch() + " steps; the " + split.labeled().length + " labels are reshuffled every "
                + String.format("%.3g", (double) split.labeled().length / labeledPerStep) + " steps";
        return base + "; split " + split.name() + ", seed " + seed;
    }

    @Override
    public String toString() {
        return describe();
    }

    private IndexStream epochPool() {
        return unlabeledStream != null && unlabeledPerStep > 0 ? unlabeledStream : labeledStream;
    }

    private int epochDrawsPerStep() {
        return unlabeledStream != null && unlabeledPerStep > 0 ? unlabeledPerStep : labeledPerStep;
    }

    /** An endless walk through a pool: epoch e is the pool in the order of permutation (seed, purpose, e). */
    private static final class IndexStream {
        private final int[] pool;
        private final long seed;
        private final long purpose;
        private long cachedEpoch = -1;
        private int[] cachedOrder;

        IndexStream(int[] pool, long seed, long purpose) {
            this.pool = pool;
            this.seed = seed;
            this.purpose = purpose;
        }

        int length() {
            return pool.length;
        }

        /** Pool entries at walk positions start .. start+count-1, crossing epoch boundaries as needed. */
        int[] take(long start, int count) {
            int[] out = new int[count];
            if (pool.length == 0) {
                return new int[0];
            }
            for (int i = 0; i < count; i++) {
                long position = start + i;
                out[i] = pool[order(position / pool.length)[(int) (position % pool.length)]];
            }
            return out;
        }

        private int[] order(long epoch) {
            if (epoch != cachedEpoch) {
                cachedOrder = Seeds.permutation(pool.length, Seeds.random(seed, purpose, epoch));
                cachedEpoch = epoch;
            }
            return cachedOrder;
        }
    }
}
