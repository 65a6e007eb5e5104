package org.semisup4j.plot;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Lets an action through at most once per interval. The clock (nanoseconds) is injectable so
 * tests need not sleep. Not thread-safe by itself: callers hold their own lock.
 */
final class Throttle {

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long last;
    private boolean fired;

    Throttle(Duration interval, LongSupplier nanoClock) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("throttle interval: expected >= 0, got " + interval);
        }
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** True (and the interval restarts) when the last pass was at least one interval ago, or never. */
    boolean tryPass() {
        long now = nanoClock.getAsLong();
        if (fired && now - last < intervalNanos) {
            return false;
        }
        fired = true;
        last = now;
        return true;
    }

    /** Records a pass that happened regardless of the throttle (e.g. a forced final update). */
    void markPassed() {
        fired = true;
        last = nanoClock.getAsLong();
    }

    long now() {
        return nanoClock.getAsLong();
    }
}
