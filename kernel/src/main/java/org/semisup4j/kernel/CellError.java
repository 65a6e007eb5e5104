package org.semisup4j.kernel;

import java.util.List;

/**
 * A failed cell, already phrased for the notebook: the Jupyter error triple (ename, evalue,
 * traceback lines). Carries no Java stack of its own, so nothing of the kernel leaks into the reply.
 */
final class CellError extends Exception {
    private final String errorName;
    private final String errorValue;
    private final List<String> traceback;

    CellError(String errorName, String errorValue, List<String> traceback) {
        super(errorName + ": " + errorValue, null, false, false);
        this.errorName = errorName;
        this.errorValue = errorValue == null ? "" : errorValue;
        this.traceback = List.copyOf(traceback);
    }

    static CellError of(String errorName, String message) {
        return new CellError(errorName, message, List.of(errorName + ": " + message));
    }

    static CellError interrupted() {
        return new CellError("Interrupted", "interrupted",
                List.of("Interrupted: the cell was stopped by a kernel interrupt"));
    }

    String errorName() {
        return errorName;
    }

    String errorValue() {
        return errorValue;
    }

    List<String> traceback() {
        return traceback;
    }
}
