package org.semisup4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A recipe for corrupting labels, kept as a value so runs can record it. Noise is exact, not expected:
 * {@code round(rate × n)} examples are flipped (per source class for asymmetric noise), chosen by the seed,
 * and the result says which ones were flipped — noise is data too.
 *
 * <ul>
 *   <li>symmetric: each flipped example gets a label drawn uniformly from the <em>other</em> classes, so the
 *       realised flip rate equals {@code rate};</li>
 *   <li>asymmetric: class k flips to {@code mapping[k]} (e.g. CIFAR-10 truck→automobile, bird→airplane,
 *       deer→horse, cat↔dog, as in Patrini et al. 2017); classes that map to themselves are left alone and
 *       {@code rate} applies to each other class separately.</li>
 * </ul>
 *
 * @param kind    "symmetric" or "asymmetric"
 * @param rate    share of (eligible) examples to flip, in [0, 1]
 * @param mapping for asymmetric noise the target class of each class; empty for symmetric
 * @param seed    seed of every random choice
 */
public record LabelNoise(String kind, double rate, int[] mapping, long seed) {
    public LabelNoise {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("noise rate = " + rate + ", expected [0, 1]");
        }
        if (!kind.equals("symmetric") && !kind.equals("asymmetric")) {
            throw new IllegalArgumentException("noise kind '" + kind + "', expected symmetric or asymmetric");
        }
        mapping = mapping.clone();
    }

    public static LabelNoise symmetric(double rate, long seed) {
        return new LabelNoise("symmetric", rate, new int[0], seed);
    }

    /** Class k flips to {@code mapping[k]}; mapping[k] == k leaves class k clean. */
    public static LabelNoise asymmetric(double rate, int[] mapping, long seed) {
        return new LabelNoise("asymmetric", rate, mapping, seed);
    }

    /** The common "next class" pattern: class k flips to (k + 1) mod C. */
    public static LabelNoise asymmetricNextClass(double rate, int numClasses, long seed) {
        return asymmetric(rate, IntStream.range(0, numClasses).map(k -> (k + 1) % numClasses).toArray(), seed);
    }

    @Override
    public int[] mapping() {
        return mapping.clone();
    }

    /** Applies the noise to every example of {@code data}. */
    public NoisyLabels apply(Dataset data) {
        return apply(data, IntStream.range(0, data.size()).toArray());
    }

    /**
     * Applies the noise only among {@code indices} (typically a split's labeled set); other labels stay.
     */
    public NoisyLabels apply(Dataset data, int[] indices) {
        int c = data.numClasses();
        if (kind.equals("asymmetric") && mapping.length != c) {
            throw new IllegalArgumentException("asymmetric noise mapping has " + mapping.length + " entries, dataset has " + c + " classes");
        }
        for (int target : mapping) {
            if (target < 0 || target >= c) {
                throw new IllegalArgumentException("mapping target " + target + " is outside 0.." + (c - 1));
            }
        }
        int[] labels = data.labels();
        List<Integer> flipped = new ArrayList<>();
        if (kind.equals("symmetric")) {
            if (c < 2) {
                throw new IllegalArgumentException("symmetric noise needs at least 2 classes");
            }
            int[] order = indices.clone();
            Random random = Seeds.random(seed, Seeds.NOISE, 0);
            Seeds.shuffle(order, random);
            int count = (int) Math.round(rate * order.length);
            for (int i = 0; i < count; i++) {
                int index = order[i];
                int other = random.nextInt(c - 1);
                labels[index] = other >= labels[index] ? other + 1 : other;
                flipped.add(index);
            }
        } else {
            for (int k = 0; k < c; k++) {
                if (mapping[k] == k) {
                    continue;
                }
                final int cls = k;
                int[] ofClass = IntStream.of(indices).filter(i -> data.label(i) == cls).toArray();
                Seeds.shuffle(ofClass, Seeds.random(seed, Seeds.NOISE, k + 1));
                int count = (int) Math.round(rate * ofClass.length);
                for (int i = 0; i < count; i++) {
                    labels[ofClass[i]] = mapping[k];
                    flipped.add(ofClass[i]);
                }
            }
        }
        int[] flippedIndices = flipped.stream().mapToInt(Integer::intValue).sorted().toArray();
        Dataset noisy = data.withLabels(data.name() + "/" + this, labels);
        return new NoisyLabels(noisy, this, flippedIndices, data.labels(flippedIndices), noisy.labels(flippedIndices));
    }

    @Override
    public String toString() {
        return kind + "-noise(rate=" + rate + (kind.equals("asymmetric") ? ",mapping=" + Arrays.toString(mapping) : "") + ",seed=" + seed + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelNoise n && kind.equals(n.kind) && rate == n.rate && Arrays.equals(mapping, n.mapping) && seed == n.seed;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mapping) * 31 + Long.hashCode(seed) * 17 + kind.hashCode() + Double.hashCode(rate);
    }

    /**
     * The outcome of applying noise: the dataset with noisy labels, and exactly which examples changed, from
     * what to what (parallel arrays), so diagnostics can measure how a method copes with the flipped ones.
     */
    public record NoisyLabels(Dataset dataset, LabelNoise noise, int[] flippedIndices, int[] originalLabels, int[] noisyLabels) {
        public NoisyLabels {
            flippedIndices = flippedIndices.clone();
            originalLabels = originalLabels.clone();
            noisyLabels = noisyLabels.clone();
        }

        @Override
        public int[] flippedIndices() {
            return flippedIndices.clone();
        }

        @Override
        public int[] originalLabels() {
            return originalLabels.clone();
        }

        @Override
        public int[] noisyLabels() {
            return noisyLabels.clone();
        }

        @Override
        public String toString() {
            return noise + " on " + dataset.name() + ": " + flippedIndices.length + " labels flipped";
        }
    }
}
