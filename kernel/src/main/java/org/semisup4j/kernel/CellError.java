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

    /**
     * The cell called {@code System.exit(status)} (refused by {@link ExitGuard}); {@code cause} is the
     * error the cell ended with, if any (usually the SecurityException, with the user's lines).
     */
    static CellError exitRefused(int status, CellError cause) {
        String message = "the cell called System.exit(" + status + "); the kernel did not exit and keeps its"
                + " state (restart the kernel to start a fresh JVM)";
        List<String> traceback = new java.util.ArrayList<>();
        traceback.add("SystemExit: " + message);
        if (cause != null) {
            traceback.addAll(cause.traceback().subList(Math.min(1, cause.traceback().size()), cause.traceback().size()));
        }
        return new CellError("SystemExit", message, traceback);
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
