package org.semisup4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.github.spencerpark.jupyter.kernel.history.HistoryEntry;
import io.github.spencerpark.jupyter.kernel.history.HistoryManager.ResultFlag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KernelHistoryTest {
    private final KernelHistory history = new KernelHistory();
    private static final Set<ResultFlag> NONE = EnumSet.noneOf(ResultFlag.class);

    @BeforeEach
    void fill() {
        history.record(1, "6 * 7", "42");
        history.record(2, "int x = 1;", null);
        history.record(3, "6 * 7", "42");
        history.record(4, "6 * 8", "48");
    }

    private static List<String> inputs(List<HistoryEntry> entries) {
        return entries.stream().map(HistoryEntry::getInput).toList();
    }

    @Test
    void tailReturnsTheLastCellsInOrder() {
        List<HistoryEntry> tail = history.lookupTail(2, NONE);
        assertEquals(List.of("6 * 7", "6 * 8"), inputs(tail));
        assertEquals(List.of(3, 4), tail.stream().map(HistoryEntry::getCellNumber).toList());
        assertFalse(tail.get(0).hasOutput());
        List<HistoryEntry> withOutput = history.lookupTail(1, EnumSet.of(ResultFlag.INCLUDE_OUTPUT));
        assertEquals("48", withOutput.get(0).getOutput());
        assertTrue(history.lookupTail(9, EnumSet.of(ResultFlag.INCLUDE_OUTPUT)).get(1).hasOutput());
    }

    @Test
    void rangeIsStartInclusiveStopExclusive() {
        assertEquals(List.of(2, 3), history.lookupRange(KernelHistory.SESSION, 2, 4, NONE)
                .stream().map(HistoryEntry::getCellNumber).toList());
        assertTrue(history.lookupRange(7, 1, 4, NONE).isEmpty());
    }

    @Test
    void searchIsAWholeInputGlob() {
        assertEquals(List.of("6 * 7", "6 * 7", "6 * 8"), inputs(history.search("6 * ?", 0, NONE)));
        assertEquals(List.of(1, 3), history.search("6 * 7", 0, NONE).stream().map(HistoryEntry::getCellNumber).toList());
        assertTrue(history.search("6", 0, NONE).isEmpty());
        assertEquals(List.of("6 * 7", "6 * 8"), inputs(history.search("6*", 2, NONE)));
        assertEquals(List.of("int x = 1;", "6 * 7", "6 * 8"),
                inputs(history.search("*", 0, EnumSet.of(ResultFlag.UNIQUE))));
    }
}
