package org.semisup4j.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScheduleTest {
    @Test
    void sigmoidRampUpMatchesThePaperFormula() {
        Schedule ramp = Schedule.rampUp(80);
        assertEquals(Math.exp(-5), ramp.at(0, 1000), 1e-12);
        assertEquals(Math.exp(-5 * 0.25), ramp.at(40, 1000), 1e-12);
        assertEquals(1.0, ramp.at(80, 1000), 1e-12);
        assertEquals(1.0, ramp.at(500, 1000), 1e-12);
    }

    @Test
    void fixMatchCosineEndsNearCos7PiOver16() {
        Schedule lr = Schedule.fixMatchCosine(0.03);
        assertEquals(0.03, lr.at(0, 100), 1e-15);
        assertEquals(0.03 * Math.cos(7 * Math.PI / 16), lr.at(100, 100), 1e-12);
    }

    @Test
    void stepDecayAndProducts() {
        Schedule s = Schedule.stepDecay(1.0, 0.1, 10, 20);
        assertEquals(1.0, s.at(9, 30), 0);
        assertEquals(0.1, s.at(10, 30), 1e-15);
        assertEquals(0.01, s.at(25, 30), 1e-15);
        assertEquals(0.5, Schedule.linearRampUp(10).times(2.0).at(2, 30) * 1.25, 1e-12);
        assertEquals(0.25, Schedule.linearRampUp(4).times(Schedule.constant(0.5)).at(2, 8), 1e-12);
    }
}
