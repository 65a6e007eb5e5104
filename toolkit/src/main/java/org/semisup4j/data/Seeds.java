package org.semisup4j.data;

import java.util.Random;

/**
 * Seeded randomness for splits, noise and samplers. Every random choice draws from a {@link Random} whose
 * seed is mixed from (user seed, purpose, index), so that e.g. the sampler's permutation for epoch 17 can be
 * rebuilt without replaying epochs 0..16, and two purposes never share a stream. java.util.Random is used
 * because its algorithm is fixed by its specification: the same seed gives the same data on every JDK.
 */
final class Seeds {
    static final long SPLIT = 0x5b17L, NOISE = 0x0153L, SAMPLER_LABELED = 0x1ab1L, SAMPLER_UNLABELED = 0x07abL,
            SAMPLER_UNION = 0x0111L, SHUFFLE = 0x5f1eL, VALIDATION = 0x7a1dL, SUBSAMPLE = 0x5ab5L;

    private Seeds() {
    }

    static Random random(long seed, long purpose, long index) {
        return new Random(mix(mix(mix(seed) ^ purpose) ^ index));
    }

    /** SplitMix64's finalizer: spreads nearby inputs (seed 0, 1, 2) to unrelated outputs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Fisher–Yates shuffle in place. */
    static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p, random);
        return p;
    }
}
