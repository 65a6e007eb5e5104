package org.semisup4j.augment;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Adds independent Gaussian noise N(0, σ²) to every value. Works on images and vectors alike; it is the
 * vector form of the weak augmentation and part of the strong one.
 *
 * <p>Images are clamped back to [0,1] after the noise (their value range is part of the input contract);
 * vectors are not clamped. {@link #clipNoise(double)} bounds each noise draw (UA-MT uses
 * clamp(N(0, 0.1²), ±0.2)). σ is in the data's own units: for vectors it assumes standardised features
 * ({@link org.semisup4j.data.Standardization}): on a column in large units (pixels 0..255) σ = 0.15 is next to
 * nothing, on one in small units it swamps the signal.
 */
public final class GaussianNoise extends ExampleAugmentation {
    private final double sigma;
    private final double noiseClip;
    private final boolean clampImages;

    private GaussianNoise(double sigma, double noiseClip, boolean clampImages) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("GaussianNoise sigma must be finite and ≥ 0, got " + sigma);
        }
        if (!(noiseClip > 0)) {
            throw new IllegalArgumentException("GaussianNoise noise clip must be > 0, got " + noiseClip);
        }
        this.sigma = sigma;
        this.noiseClip = noiseClip;
        this.clampImages = clampImages;
    }

    public GaussianNoise(double sigma) {
        this(sigma, Double.POSITIVE_INFINITY, true);
    }

    /** The same noise with every draw clipped to [−limit, limit]. */
    public GaussianNoise clipNoise(double limit) {
        return new GaussianNoise(sigma, limit, clampImages);
    }

    /** The same noise without clamping images to [0,1] (for inputs that are not [0,1] images). */
    public GaussianNoise withoutImageClamp() {
        return new GaussianNoise(sigma, noiseClip, false);
    }

    public double sigma() {
        return sigma;
    }

    @Override
    public float[] applyToExample(float[] x, ExampleShape shape, RandomGenerator rng, List<String> trace) {
        boolean clamp = clampImages && shape.isImage();
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            double noise = sigma * rng.nextGaussian();
            if (noise > noiseClip) {
                noise = noiseClip;
            } else if (noise < -noiseClip) {
                noise = -noiseClip;
            }
            float v = (float) (x[i] + noise);
            out[i] = clamp ? ImageOps.clamp01(v) : v;
        }
        if (trace != null) {
            trace.add("noise σ=" + sigma);
        }
        return out;
    }

    @Override
    public String describe() {
        return "gaussianNoise(σ=" + sigma + (Double.isInfinite(noiseClip) ? "" : ", clip=±" + noiseClip) + ")";
    }
}
