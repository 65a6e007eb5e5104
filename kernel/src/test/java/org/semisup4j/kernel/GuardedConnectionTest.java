package org.semisup4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A forged message is dropped (not executed) and the kernel keeps answering signed ones. */
class GuardedConnectionTest {
    private static final String KEY = "test-key-" + UUID.randomUUID();

    @Test
    void badSignatureIsRejectedAndTheShellKeepsWorking(@TempDir Path dir) throws Exception {
        KernelLogging.configure(null); // as Main does: basekernel logs every message at INFO otherwise
        int[] ports = freePorts(5);
        KernelConnectionProperties props = new KernelConnectionProperties("127.0.0.1", ports[0], ports[1],
                ports[2], ports[3], ports[4], "tcp", "hmac-sha256", KEY);
        JavaKernel kernel = new JavaKernel(new MavenResolver("mvn", 10), java.util.List.of());
        GuardedConnection connection = new GuardedConnection(props);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        Path target = dir.resolve("created.txt");
        String code = "java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + target + "\"), \"x\");";
        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket shell = ctx.createSocket(SocketType.DEALER);
            shell.setLinger(0);
            shell.connect("tcp://127.0.0.1:" + props.getShellPort());

            send(shell, "not-the-key", "execute_request", "{\"code\": " + quote(code)
                    + ", \"silent\": false, \"store_history\": true, \"user_expressions\": {},"
                    + " \"allow_stdin\": false, \"stop_on_error\": true}");
            shell.setReceiveTimeOut(1500);
            assertEquals(null, shell.recv(), "a forged request got a reply");
            assertFalse(Files.exists(target), "a forged request was executed");

            send(shell, KEY, "kernel_info_request", "{}");
            shell.setReceiveTimeOut(10_000);
            List<String> reply = receive(shell);
            assertNotNull(reply);
            assertTrue(reply.stream().anyMatch(f -> f.contains("kernel_info_reply")), reply.toString());
        } finally {
            connection.close();
            kernel.onShutdown(false);
        }
    }

    private static void send(ZMQ.Socket socket, String key, String type, String content) throws Exception {
        String header = "{\"msg_id\": \"" + UUID.randomUUID() + "\", \"username\": \"test\", \"session\": \""
                + UUID.randomUUID() + "\", \"date\": \"2024-01-01T00:00:00.000000Z\", \"msg_type\": \"" + type
                + "\", \"version\": \"5.3\"}";
        String[] parts = {header, "{}", "{}", content};
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        for (String part : parts) {
            mac.update(part.getBytes(StandardCharsets.UTF_8));
        }
        socket.sendMore("<IDS|MSG>");
        socket.sendMore(HexFormat.of().formatHex(mac.doFinal()));
        socket.sendMore(parts[0]);
        socket.sendMore(parts[1]);
        socket.sendMore(parts[2]);
        socket.send(parts[3]);
    }

    private static List<String> receive(ZMQ.Socket socket) {
        List<String> frames = new ArrayList<>();
        byte[] frame = socket.recv();
        if (frame == null) {
            return null;
        }
        frames.add(new String(frame, StandardCharsets.UTF_8));
        while (socket.hasReceiveMore()) {
            frames.add(new String(socket.recv(), StandardCharsets.UTF_8));
        }
        return frames;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                open.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : open) {
                s.close();
            }
        }
        return ports;
    }
}
