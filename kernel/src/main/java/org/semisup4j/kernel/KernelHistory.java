package org.semisup4j.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.spencerpark.jupyter.kernel.history.HistoryEntry;
import io.github.spencerpark.jupyter.kernel.history.HistoryManager;

/**
 * The inputs (and plain-text outputs) of this kernel session, answering history requests the way
 * IPython does: tail, range (start inclusive, stop exclusive) and glob search.
 */
final class KernelHistory implements HistoryManager {
    /** This process's session number; IPython numbers sessions from 1. */
    static final int SESSION = 1;

    private record Cell(int number, String input, String output) {
    }

    private final List<Cell> cells = new ArrayList<>();

    synchronized void record(int executionCount, String input, String output) {
        cells.add(new Cell(executionCount, input, output == null ? "" : output));
    }

    @Override
    public synchronized List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
        int from = Math.max(0, cells.size() - Math.max(0, length));
        return entries(cells.subList(from, cells.size()), flags);
    }

    @Override
    public synchronized List<HistoryEntry> lookupRange(int session, int start, int stop, Set<ResultFlag> flags) {
        // Session 0 and negative sessions count back from the current one; only one session is kept.
        if (session > 0 && session != SESSION) {
            return List.of();
        }
        List<Cell> selected = new ArrayList<>();
        for (Cell cell : cells) {
            boolean afterStart = cell.number() >= start;
            boolean beforeStop = stop <= 0 || cell.number() < stop;
            if (afterStart && beforeStop) {
                selected.add(cell);
            }
        }
        return entries(selected, flags);
    }

    @Override
    public synchronized List<HistoryEntry> search(String pattern, int length, Set<ResultFlag> flags) {
        Pattern regex = globToRegex(pattern == null || pattern.isEmpty() ? "*" : pattern);
        List<Cell> matches = new ArrayList<>();
        for (Cell cell : cells) {
            if (regex.matcher(cell.input()).matches()) {
                matches.add(cell);
            }
        }
        if (flags.contains(ResultFlag.UNIQUE)) {
            // Keep the latest run of each distinct input, in the order of those latest runs.
            Map<String, Cell> latest = new LinkedHashMap<>();
            for (Cell cell : matches) {
                latest.remove(cell.input());
                latest.put(cell.input(), cell);
            }
            matches = new ArrayList<>(latest.values());
        }
        if (length > 0 && matches.size() > length) {
            matches = matches.subList(matches.size() - length, matches.size());
        }
        return entries(matches, flags);
    }

    /** IPython history patterns are globs: {@code *} any run, {@code ?} one character, matched whole. */
    static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static List<HistoryEntry> entries(List<Cell> cells, Set<ResultFlag> flags) {
        boolean withOutput = flags.contains(ResultFlag.INCLUDE_OUTPUT);
        List<HistoryEntry> out = new ArrayList<>(cells.size());
        for (Cell cell : cells) {
            out.add(withOutput
                    ? new HistoryEntry(SESSION, cell.number(), cell.input(), cell.output())
                    : new HistoryEntry(SESSION, cell.number(), cell.input()));
        }
        return out;
    }
}
