package org.semisup4j.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Quiet logging: basekernel logs every message at INFO on stderr. Only warnings and worse are
 * shown unless SEMISUP4J_KERNEL_LOG (a java.util.logging level such as FINE) asks for more.
 */
final class KernelLogging {
    /** java.util.logging holds loggers weakly: keep the configured ones alive. */
    private static final List<Logger> CONFIGURED = new ArrayList<>();

    private KernelLogging() {
    }

    static void configure(String levelName) {
        // One line per record ("WARNING: ..."), unless the user configured a format.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "semisup4j kernel %4$s: %5$s%6$s%n");
        }
        Level level = parse(levelName);
        Logger root = Logger.getLogger("");
        root.setLevel(level);
        // Touching the handlers creates the console handler now, bound to the real stderr,
        // before cells replace System.err.
        for (Handler handler : root.getHandlers()) {
            handler.setLevel(level);
        }
        CONFIGURED.add(root);
    }

    static Level parse(String levelName) {
        if (levelName == null || levelName.isBlank()) {
            return Level.WARNING;
        }
        try {
            return Level.parse(levelName.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Level.WARNING;
        }
    }
}
