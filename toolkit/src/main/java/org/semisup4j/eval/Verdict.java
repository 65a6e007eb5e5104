package org.semisup4j.eval;

import org.semisup4j.plot.Displayable;
import org.semisup4j.plot.Table;

import java.util.Locale;
import java.util.Objects;

/**
 * Whether a claim such as "FixMatch beats the supervised baseline" held in runs over several seeds: the one
 * rule every notebook's last cell, the behaviour tests and the benchmarks use, so that "held" means the
 * same thing everywhere.
 *
 * <p>Both arms are run on the same seeds (same split, batches and initial weights per seed), so the test
 * compares them seed by seed. With the paired gains {@code g_i = method_i − baseline_i} (signs flipped
 * when lower is better, so a positive gain always points the claimed way), their mean ḡ and standard
 * error SE = std(g)/√n, and the claimed minimum gain m (0 unless given):
 * <ul>
 *   <li><b>HELD</b> when ḡ − 2·SE &gt; 0 and ḡ ≥ m: the gain is about two standard errors clear of zero,
 *       in the claimed direction, and at least as large as claimed;</li>
 *   <li><b>NOT HELD</b> when ḡ + 2·SE ≤ m: even the optimistic end of the interval falls short of the
 *       claim (with m = 0: the method is about two standard errors <i>worse</i>, or exactly equal);</li>
 *   <li><b>INCONCLUSIVE</b> otherwise, and always with a single seed (no spread to judge by).</li>
 * </ul>
 * ḡ ± 2·SE is a rough 95 % interval, not a significance test: with 2–5 seeds Student's t would ask for
 * 2.8–12.7 SE instead of 2, so treat HELD at few seeds as "worth a larger run", and INCONCLUSIVE as
 * "these seeds cannot tell" — never as "held a little".
 */
public final class Verdict extends Displayable {
    /** Half-width of the interval, in standard errors of the mean paired gain. */
    public static final double STANDARD_ERRORS = 2.0;

    public enum Outcome { HELD, NOT_HELD, INCONCLUSIVE;
        @Override
        public String toString() { return name().replace('_', ' '); }
    }

    private final String claim;
    private final SeedSummary method;
    private final SeedSummary baseline;
    private final SeedSummary gain;
    private final double minimumGain;
    private final boolean higherIsBetter;
    private final Outcome outcome;

    private Verdict(String claim, SeedSummary method, SeedSummary baseline, double minimumGain, boolean higherIsBetter) {
        if (claim == null || claim.isBlank()) throw new IllegalArgumentException("claim is blank: expected a sentence such as 'FixMatch beats supervised'");
        if (!Double.isFinite(minimumGain) || minimumGain < 0)
            throw new IllegalArgumentException("minimumGain is " + minimumGain + ": expected a finite number ≥ 0");
        this.claim = claim;
        this.method = Objects.requireNonNull(method, "method");
        this.baseline = Objects.requireNonNull(baseline, "baseline");
        this.gain = higherIsBetter ? method.minus(baseline) : baseline.minus(method);
        this.minimumGain = minimumGain;
        this.higherIsBetter = higherIsBetter;
        this.outcome = judge(gain, minimumGain);
    }

    private static Outcome judge(SeedSummary gain, double minimumGain) {
        if (gain.n() < 2) return Outcome.INCONCLUSIVE;
        double halfWidth = STANDARD_ERRORS * gain.standardError();
        if (gain.mean() - halfWidth > 0 && gain.mean() >= minimumGain) return Outcome.HELD;
        if (gain.mean() + halfWidth <= minimumGain) return Outcome.NOT_HELD;
        return Outcome.INCONCLUSIVE;
    }

    /** A claim that {@code method} scores higher than {@code baseline} (accuracy, F1), per seed in the same order. */
    public static Verdict higherIsBetter(String claim, SeedSummary method, SeedSummary baseline) {
        return new Verdict(claim, method, baseline, 0, true);
    }

    /** As {@link #higherIsBetter(String, SeedSummary, SeedSummary)}, claiming a gain of at least {@code minimumGain}. */
    public static Verdict higherIsBetter(String claim, SeedSummary method, SeedSummary baseline, double minimumGain) {
        return new Verdict(claim, method, baseline, minimumGain, true);
    }

    /** A claim that {@code method} scores lower than {@code baseline} (error rate, loss), per seed in the same order. */
    public static Verdict lowerIsBetter(String claim, SeedSummary method, SeedSummary baseline) {
        return new Verdict(claim, method, baseline, 0, false);
    }

    /** As {@link #lowerIsBetter(String, SeedSummary, SeedSummary)}, claiming a reduction of at least {@code minimumGain}. */
    public static Verdict lowerIsBetter(String claim, SeedSummary method, SeedSummary baseline, double minimumGain) {
        return new Verdict(claim, method, baseline, minimumGain, false);
    }

    public Outcome outcome() { return outcome; }

    public boolean held() { return outcome == Outcome.HELD; }

    public String claim() { return claim; }

    public SeedSummary method() { return method; }

    public SeedSummary baseline() { return baseline; }

    /** Paired gains in the claimed direction (positive = as claimed), seed by seed. */
    public SeedSummary gain() { return gain; }

    /** ḡ − 2·SE, ḡ + 2·SE. */
    public double[] interval() {
        double h = STANDARD_ERRORS * gain.standardError();
        return new double[]{gain.mean() - h, gain.mean() + h};
    }

    /** One line, e.g. {@code HELD — fixmatch beats supervised: paired gain +0.052 ± 0.011 (SE, n=3) …}. */
    public String sentence() {
        double[] ci = interval();
        String because = switch (outcome) {
            case HELD -> minimumGain > 0 ? "clear of 0 and at least the claimed " + signed(minimumGain) : "clear of 0";
            case NOT_HELD -> minimumGain > 0 ? "entirely below the claimed " + signed(minimumGain) : "not above 0";
            case INCONCLUSIVE -> gain.n() < 2 ? "one seed gives no spread to judge by" : "these seeds cannot tell";
        };
        return String.format(Locale.ROOT, "%s — %s: paired gain %s ± %.3f (SE, n=%d), interval [%s, %s] %s (%s %s, %s %s)",
                outcome, claim, signed(gain.mean()), gain.standardError(), gain.n(), signed(ci[0]), signed(ci[1]), because,
                method.metric(), method, baseline.metric(), baseline);
    }

    private static String signed(double v) {
        return String.format(Locale.ROOT, "%+.3f", v);
    }

    /** The arms and their paired gain as a table whose title is the verdict. */
    public Table table() {
        Table t = Table.withColumns("", "mean", "std", "SE", "seeds").title(sentence());
        for (SeedSummary s : new SeedSummary[]{method, baseline, gain}) {
            String name = s == gain ? "gain (" + (higherIsBetter ? "higher" : "lower") + " is better)" : s.metric();
            t.row(name, s.mean(), s.std(), s.standardError(), s.n());
        }
        return t;
    }

    @Override
    public String toHtml() {
        String colour = switch (outcome) { case HELD -> "#2ca02c"; case NOT_HELD -> "#d62728"; case INCONCLUSIVE -> "#7f7f7f"; };
        return "<div class=\"semisup4j-verdict\" style=\"border-left:6px solid " + colour + ";padding-left:8px\">\n"
                + table().toHtml() + "</div>\n";
    }

    @Override
    public String toText() {
        return table().toText();
    }

    @Override
    public String toString() {
        return sentence();
    }
}
