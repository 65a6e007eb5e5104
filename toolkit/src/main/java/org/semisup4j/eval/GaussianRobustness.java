package org.semisup4j.eval;

import org.apache.commons.math3.special.Erf;

import java.util.random.RandomGenerator;

/**
 * Schmidt et al.'s (2018) Gaussian model, in which Carmon et al. (2019) prove that unlabeled data buys
 * adversarial robustness: y uniform on {−1, +1}, x | y ~ N(y·μ, σ²I) in d dimensions with μ = (1, …, 1)
 * (‖μ‖² = d), σ = d^{1/4}, and an L∞ adversary of radius ε.
 *
 * <p>For a linear classifier sign(θᵀx) both errors are exact, with Q the standard normal tail:
 * <pre>
 *   standard error = Q( θᵀμ / (σ‖θ‖₂) )
 *   robust error   = Q( (θᵀμ − ε‖θ‖₁) / (σ‖θ‖₂) )     (the worst perturbation is δ = −ε·y·sign(θ))
 * </pre>
 * The estimators are the paper's: from n labels, θ̂ = (1/n) Σ yᵢxᵢ, which is exactly μ + (σ/√n)·g with
 * g ~ N(0, I) (drawn that way); with ñ unlabeled points besides, self-training θ̃ = (1/ñ) Σ sign(θ̂ᵀx̃ⱼ) x̃ⱼ.
 */
public record GaussianRobustness(int d, double sigma, double epsilon) {
    public GaussianRobustness {
        if (d < 1) throw new IllegalArgumentException("dimension d must be at least 1, got " + d);
        if (!(sigma > 0)) throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
        if (!(epsilon >= 0)) throw new IllegalArgumentException("epsilon must be >= 0, got " + epsilon);
    }

    /** Schmidt et al.'s scaling σ = d^{1/4}. */
    public static GaussianRobustness of(int d, double epsilon) {
        return new GaussianRobustness(d, Math.pow(d, 0.25), epsilon);
    }

    public double standardError(double[] theta) {
        return tail(sum(theta) / (sigma * norm2(theta)));
    }

    public double robustError(double[] theta) {
        return tail((sum(theta) - epsilon * norm1(theta)) / (sigma * norm2(theta)));
    }

    /** θ̂ from {@code n} labeled examples. */
    public double[] labeledEstimate(int n, RandomGenerator random) {
        if (n < 1) throw new IllegalArgumentException("the labeled estimate needs at least one label, got " + n);
        double[] theta = new double[d];
        double s = sigma / Math.sqrt(n);
        for (int i = 0; i < d; i++) theta[i] = 1 + s * random.nextGaussian();
        return theta;
    }

    /** θ̃: {@code unlabeled} fresh points pseudo-labeled by sign(θ̂ᵀx), averaged with their pseudo-labels. */
    public double[] selfTrainedEstimate(double[] thetaHat, int unlabeled, RandomGenerator random) {
        if (unlabeled < 1) throw new IllegalArgumentException("self-training needs at least one unlabeled point, got " + unlabeled);
        double[] theta = new double[d], x = new double[d];
        for (int j = 0; j < unlabeled; j++) {
            double y = random.nextBoolean() ? 1 : -1, score = 0;
            for (int i = 0; i < d; i++) {
                x[i] = y + sigma * random.nextGaussian();
                score += thetaHat[i] * x[i];
            }
            double pseudo = score >= 0 ? 1 : -1;
            for (int i = 0; i < d; i++) theta[i] += pseudo * x[i] / unlabeled;
        }
        return theta;
    }

    /** Q(t) = P(Z > t) for a standard normal Z. */
    static double tail(double t) {
        return 0.5 * Erf.erfc(t / Math.sqrt(2));
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double a : v) s += a;
        return s;
    }

    private static double norm1(double[] v) {
        double s = 0;
        for (double a : v) s += Math.abs(a);
        return s;
    }

    private static double norm2(double[] v) {
        double s = 0;
        for (double a : v) s += a * a;
        return Math.sqrt(s);
    }
}
