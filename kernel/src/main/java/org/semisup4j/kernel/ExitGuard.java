package org.semisup4j.kernel;

import java.security.Permission;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps notebook code from ending the kernel's JVM: {@code System.exit(n)} (or {@code Runtime.halt})
 * in a cell, or in a thread a cell started, throws a {@link SecurityException} instead, and the
 * running cell ends with an error that says so. Only the kernel itself may exit ({@link #allowExit}).
 *
 * <p>Why a security manager: cells run in the kernel's JVM (JShell's local execution), and the JDK
 * offers no other hook before exit; shutdown hooks run too late to keep the process. Every other
 * permission is granted, so nothing else changes for the code that runs. On Java 17 this needs
 * nothing; Java 18–23 need {@code -Djava.security.manager=allow} (the kernelspec passes it); where
 * the JVM refuses, the kernel logs a warning and runs without the guard.
 */
final class ExitGuard extends SecurityManager {
    private static final Logger LOG = Logger.getLogger(ExitGuard.class.getName());
    private static volatile boolean exitAllowed;
    private static final AtomicReference<Integer> refusedStatus = new AtomicReference<>();

    private ExitGuard() {
    }

    /** Installs the guard once per JVM; false when this JVM does not allow it. */
    @SuppressWarnings("removal")
    static synchronized boolean install() {
        if (System.getSecurityManager() instanceof ExitGuard) {
            return true;
        }
        // (Java 17 prints four lines on the JVM's first stderr that the method is deprecated.)
        try {
            System.setSecurityManager(new ExitGuard());
            return true;
        } catch (UnsupportedOperationException | SecurityException e) {
            LOG.log(Level.WARNING, "System.exit in a cell will end the kernel: " + e.getMessage());
            return false;
        }
    }

    /** The kernel is ending: its own {@code System.exit} must go through. */
    static void allowExit() {
        exitAllowed = true;
    }

    /** The status of an exit refused since the last call, or null; clears it. */
    static Integer takeRefusedExit() {
        return refusedStatus.getAndSet(null);
    }

    @Override
    public void checkExit(int status) {
        if (exitAllowed) {
            return;
        }
        refusedStatus.set(status);
        throw new SecurityException("System.exit(" + status + ") is not allowed in a notebook: it would end"
                + " the kernel (restart the kernel to start a fresh JVM)");
    }

    @Override
    public void checkPermission(Permission permission) {
        // everything else is allowed
    }

    @Override
    public void checkPermission(Permission permission, Object context) {
        // everything else is allowed
    }
}
