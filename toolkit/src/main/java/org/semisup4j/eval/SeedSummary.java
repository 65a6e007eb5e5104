package org.semisup4j.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Mean ± sample standard deviation (n − 1 in the denominator) of one metric over seeds, as papers report
 * it. With a single seed the std is reported as 0 rather than undefined, so tables stay printable; check
 * {@link #n()} before reading it as a spread.
 */
public final class SeedSummary {
    private final String metric;
    private final double[] values;
    private final double mean;
    private final double std;

    private SeedSummary(String metric, double[] values) {
        this.metric = metric;
        this.values = values;
        double sum = 0;
        for (double v : values) sum += v;
        this.mean = sum / values.length;
        double squares = 0;
        for (double v : values) squares += (v - mean) * (v - mean);
        this.std = values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : 0;
    }

    /**
     * @param metric name of the metric, e.g. "accuracy"
     * @param values one finite value per seed, at least one
     */
    public static SeedSummary of(String metric, double... values) {
        if (metric == null || metric.isBlank()) throw new IllegalArgumentException("metric is blank: expected a metric name");
        if (values == null || values.length == 0)
            throw new IllegalArgumentException("values for " + metric + " are empty: expected one value per seed");
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i]))
                throw new IllegalArgumentException("values[" + i + "] for " + metric + " is " + values[i] + ": expected a finite number");
        }
        return new SeedSummary(metric, values.clone());
    }

    /**
     * Summarises per-seed metric maps (e.g. {@link Evaluation#toMap()} of each seed) metric by metric.
     * Every map must hold the same metrics; the result keeps the first map's order.
     */
    public static Map<String, SeedSummary> aggregate(List<Map<String, Double>> perSeed) {
        if (perSeed == null || perSeed.isEmpty())
            throw new IllegalArgumentException("perSeed is empty: expected one metric map per seed");
        Set<String> metrics = perSeed.get(0).keySet();
        for (int s = 1; s < perSeed.size(); s++) {
            if (!perSeed.get(s).keySet().equals(metrics))
                throw new IllegalArgumentException("perSeed[" + s + "] has metrics " + perSeed.get(s).keySet()
                        + ": expected the same metrics as perSeed[0], " + metrics);
        }
        Map<String, SeedSummary> summaries = new LinkedHashMap<>();
        for (String metric : metrics) {
            double[] values = new double[perSeed.size()];
            for (int s = 0; s < values.length; s++) {
                Double value = perSeed.get(s).get(metric);
                if (value == null)
                    throw new IllegalArgumentException("perSeed[" + s + "] has no value for " + metric + ": expected a number");
                values[s] = value;
            }
            summaries.put(metric, of(metric, values));
        }
        return Collections.unmodifiableMap(summaries);
    }

    public String metric() { return metric; }

    public double mean() { return mean; }

    /** Sample standard deviation (n − 1); 0 when n = 1. */
    public double std() { return std; }

    /** Standard error of the mean, std / √n: how far the mean over these seeds may be from the mean over all seeds. */
    public double standardError() { return std / Math.sqrt(values.length); }

    /**
     * The paired differences {@code this[i] − baseline[i]}, seed by seed: both arms must come from the same
     * seeds in the same order (same split, batches and initial weights per seed), so the seed's own luck
     * cancels and the differences vary less than either arm. Its metric is named "this − baseline".
     */
    public SeedSummary minus(SeedSummary baseline) {
        if (baseline.values.length != values.length)
            throw new IllegalArgumentException(metric + " has " + values.length + " seeds but " + baseline.metric + " has "
                    + baseline.values.length + ": expected one value per seed in both, from the same seeds");
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) d[i] = values[i] - baseline.values[i];
        return new SeedSummary(metric + " − " + baseline.metric, d);
    }

    public int n() { return values.length; }

    /** The per-seed values, in the order given. */
    public List<Double> values() {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) list.add(v);
        return Collections.unmodifiableList(list);
    }

    /** The same values under another metric name (e.g. the arm's name, for a verdict's table). */
    public SeedSummary named(String metric) {
        return SeedSummary.of(metric, values);
    }

    /** Mean ± std in percent with one decimal, e.g. {@code 87.1 ± 1.2}: how the benches' tables show accuracies. */
    public String percent() {
        return String.format(Locale.ROOT, "%.1f ± %.1f", 100 * mean, 100 * std);
    }

    /** Like {@link #toString()} with a chosen number of decimals. */
    public String format(int decimals) {
        if (decimals < 0) throw new IllegalArgumentException("decimals is " + decimals + ": expected 0 or more");
        return String.format(Locale.ROOT, "%." + decimals + "f ± %." + decimals + "f (n=%d)", mean, std, values.length);
    }

    /** e.g. {@code 0.871 ± 0.012 (n=3)}. */
    @Override
    public String toString() {
        return format(3);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeedSummary other && metric.equals(other.metric) && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * metric.hashCode() + Arrays.hashCode(values);
    }
}
