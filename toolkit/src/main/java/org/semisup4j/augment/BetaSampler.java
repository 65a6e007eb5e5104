package org.semisup4j.augment;

import java.util.random.RandomGenerator;

/**
 * Draws from Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b), using Marsaglia &amp; Tsang's
 * Gamma method (exact; takes any {@link RandomGenerator}, which library samplers with their own
 * generator types do not).
 */
final class BetaSampler {
    private BetaSampler() {
    }

    static double beta(double a, double b, RandomGenerator rng) {
        double x = gamma(a, rng);
        double y = gamma(b, rng);
        double sum = x + y;
        // Both draws can underflow to 0 for tiny shapes; the limit then puts all mass at an end.
        return sum > 0 ? x / sum : (rng.nextBoolean() ? 0.0 : 1.0);
    }

    static double gamma(double shape, RandomGenerator rng) {
        if (shape < 1) {
            // Gamma(a) = Gamma(a + 1) · U^(1/a) (Marsaglia & Tsang's boost for a < 1).
            double u = rng.nextDouble();
            return gamma(shape + 1, rng) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = rng.nextGaussian();
            double v = 1 + c * z;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
