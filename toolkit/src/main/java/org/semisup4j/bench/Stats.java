package org.semisup4j.bench;

import java.util.Arrays;
import java.util.List;

/** Median and quartiles of step times: medians resist the outliers a shared machine produces. */
public record Stats(double median, double p25, double p75, int n) {
    public static Stats of(List<Double> values) {
        if (values.isEmpty()) throw new IllegalArgumentException("no values");
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Stats(quantile(v, 0.5), quantile(v, 0.25), quantile(v, 0.75), v.length);
    }

    /** Linear interpolation between order statistics (numpy's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Interquartile range relative to the median, e.g. 0.12 = ±6 %. */
    public double relativeSpread() {
        return median == 0 ? 0 : (p75 - p25) / median;
    }

    @Override
    public String toString() {
        return Arrays.toString(new double[] {p25, median, p75});
    }
}
