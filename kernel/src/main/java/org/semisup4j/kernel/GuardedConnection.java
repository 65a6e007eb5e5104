package org.semisup4j.kernel;

import java.lang.reflect.Field;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.Loop;
import io.github.spencerpark.jupyter.channels.ShellChannel;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;

/**
 * basekernel's connection, made to survive bad messages. basekernel checks each message's HMAC
 * signature and throws on a mismatch, but its shell/control loops have no error handler, so one
 * forged message would end the loop thread and leave a kernel that never answers again. Here the
 * loops log the rejected message on stderr and carry on.
 */
final class GuardedConnection extends JupyterConnection {
    private static final Logger LOG = Logger.getLogger("org.semisup4j.kernel.Connection");

    GuardedConnection(KernelConnectionProperties properties) throws NoSuchAlgorithmException, InvalidKeyException {
        super(properties);
    }

    @Override
    public void connect() {
        super.connect();
        guard(shell, "shell");
        guard(control, "control");
    }

    private static void guard(ShellChannel channel, String name) {
        Loop loop = loopOf(channel);
        loop.onError(error -> {
            if (error instanceof SecurityException) {
                LOG.log(Level.WARNING, "rejected a message on the " + name + " channel: " + error.getMessage()
                        + " (not executed)");
            } else {
                LOG.log(Level.WARNING, "error handling a message on the " + name + " channel", error);
            }
            return 0; // keep polling
        });
    }

    private static Loop loopOf(ShellChannel channel) {
        try {
            Field field = ShellChannel.class.getDeclaredField("ioloop");
            field.setAccessible(true);
            Loop loop = (Loop) field.get(channel);
            if (loop == null) {
                throw new IllegalStateException("shell channel is not bound");
            }
            return loop;
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw new IllegalStateException("unsupported jupyter-jvm-basekernel version (expected 2.3.0)", e);
        }
    }
}
