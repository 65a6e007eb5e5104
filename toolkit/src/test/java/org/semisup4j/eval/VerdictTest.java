package org.semisup4j.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class VerdictTest {
    private static SeedSummary s(String name, double... v) {
        return SeedSummary.of(name, v);
    }

    @Test
    void gainTwoStandardErrorsClearOfZeroHolds() {
        // gains 0.05, 0.06, 0.04: mean 0.05, std 0.01, SE 0.01/√3 = 0.00577; 0.05 − 0.0115 > 0
        Verdict v = Verdict.higherIsBetter("fixmatch beats supervised", s("fixmatch", 0.85, 0.86, 0.84), s("supervised", 0.80, 0.80, 0.80));
        assertEquals(Verdict.Outcome.HELD, v.outcome());
        assertTrue(v.held());
        assertEquals(0.05, v.gain().mean(), 1e-12);
        assertEquals(0.01 / Math.sqrt(3), v.gain().standardError(), 1e-12);
        assertEquals(0.05 - 2 * 0.01 / Math.sqrt(3), v.interval()[0], 1e-12);
        assertTrue(v.sentence().startsWith("HELD — fixmatch beats supervised: paired gain +0.050 ± 0.006 (SE, n=3)"), v.sentence());
    }

    @Test
    void pairingCancelsTheSeedsOwnLuck() {
        // Each arm spreads by ±0.10 across seeds, but the method is 0.02 better on every seed: paired, that is sure.
        SeedSummary method = s("method", 0.72, 0.92, 0.82), baseline = s("baseline", 0.70, 0.90, 0.80);
        Verdict v = Verdict.higherIsBetter("method beats baseline", method, baseline);
        assertEquals(Verdict.Outcome.HELD, v.outcome());
        assertEquals(0, v.gain().std(), 1e-12);
        assertTrue(method.mean() - baseline.mean() < method.std(), "unpaired, the gap would hide in the spread");
    }

    @Test
    void noisyGainIsInconclusive() {
        // gains +0.10, −0.06, +0.02: mean 0.02, std 0.08, SE 0.046: the interval straddles 0
        Verdict v = Verdict.higherIsBetter("m beats b", s("m", 0.90, 0.74, 0.82), s("b", 0.80, 0.80, 0.80));
        assertEquals(Verdict.Outcome.INCONCLUSIVE, v.outcome());
        assertTrue(v.sentence().contains("these seeds cannot tell"), v.sentence());
    }

    @Test
    void gainClearlyTheOtherWayIsNotHeld() {
        Verdict v = Verdict.higherIsBetter("mixmatch beats supervised", s("mixmatch", 0.60, 0.62, 0.61), s("supervised", 0.80, 0.79, 0.81));
        assertEquals(Verdict.Outcome.NOT_HELD, v.outcome());
        assertFalse(v.held());
        assertTrue(v.gain().mean() < 0);
    }

    @Test
    void identicalArmsDoNotHoldAClaimOfBeating() {
        Verdict v = Verdict.higherIsBetter("same beats same", s("a", 0.7, 0.8), s("b", 0.7, 0.8));
        assertEquals(Verdict.Outcome.NOT_HELD, v.outcome());
    }

    @Test
    void oneSeedIsAlwaysInconclusive() {
        Verdict v = Verdict.higherIsBetter("m beats b", s("m", 0.99), s("b", 0.10));
        assertEquals(Verdict.Outcome.INCONCLUSIVE, v.outcome());
        assertTrue(v.sentence().contains("one seed"), v.sentence());
    }

    @Test
    void lowerIsBetterFlipsTheSign() {
        Verdict v = Verdict.lowerIsBetter("pi-model has lower error", s("pi error", 0.05, 0.06, 0.05), s("supervised error", 0.17, 0.15, 0.18));
        assertEquals(Verdict.Outcome.HELD, v.outcome());
        assertTrue(v.gain().mean() > 0, "a lower error is a positive gain");
        Verdict reversed = Verdict.lowerIsBetter("supervised has lower error", s("supervised error", 0.17, 0.15, 0.18), s("pi error", 0.05, 0.06, 0.05));
        assertEquals(Verdict.Outcome.NOT_HELD, reversed.outcome());
    }

    @Test
    void aClaimedMarginMustBeReachedToHoldAndIsMissedWhenTheIntervalFallsShort() {
        SeedSummary m = s("m", 0.83, 0.83, 0.84), b = s("b", 0.80, 0.80, 0.80);   // gain ≈ 0.033, sure
        assertEquals(Verdict.Outcome.HELD, Verdict.higherIsBetter("m beats b", m, b).outcome());
        assertEquals(Verdict.Outcome.HELD, Verdict.higherIsBetter("m beats b by 3 points", m, b, 0.03).outcome());
        assertEquals(Verdict.Outcome.NOT_HELD, Verdict.higherIsBetter("m beats b by 10 points", m, b, 0.10).outcome());
        // gain 0.04 ± SE 0.01: interval [0.02, 0.06] reaches 0.05 but the mean is below it
        Verdict between = Verdict.higherIsBetter("m beats b by 5 points", s("m", 0.84 - 0.01 * Math.sqrt(3), 0.84, 0.84 + 0.01 * Math.sqrt(3)),
                s("b", 0.80, 0.80, 0.80), 0.05);
        assertEquals(0.01, between.gain().standardError(), 1e-9);
        assertEquals(Verdict.Outcome.INCONCLUSIVE, between.outcome());
    }

    @Test
    void armsFromDifferentNumbersOfSeedsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Verdict.higherIsBetter("m beats b", s("m", 0.9, 0.8, 0.7), s("b", 0.5, 0.6)));
        assertTrue(e.getMessage().contains("m has 3 seeds but b has 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Verdict.higherIsBetter(" ", s("m", 1), s("b", 1)));
        assertThrows(IllegalArgumentException.class, () -> Verdict.higherIsBetter("c", s("m", 1), s("b", 1), -0.1));
    }

    @Test
    void displaysAsATableTitledByTheVerdict() {
        Verdict v = Verdict.higherIsBetter("fixmatch beats supervised", s("fixmatch", 0.85, 0.86, 0.84), s("supervised", 0.80, 0.80, 0.80));
        String html = v.toHtml();
        assertTrue(html.contains("<caption>HELD — fixmatch beats supervised"), html);
        assertTrue(html.contains(">fixmatch<") && html.contains(">supervised<") && html.contains("gain (higher is better)"), html);
        assertTrue(v.toText().startsWith("HELD — "), v.toText());
    }
}
