package dev.engram.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The commands the test Redis receives, as its {@code MONITOR} reports them: one line per command, with the client
 * that sent it ({@code 127.0.0.1:port}, or {@code lua} for a command a script ran). A window ends with a marker
 * command sent on a connection of its own, so every command sent before it has been reported.
 */
public final class RedisMonitor implements AutoCloseable {

    private final URI uri;
    private final Socket socket;
    private final BufferedReader in;

    private RedisMonitor(URI uri) throws IOException {
        this.uri = uri;
        socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(10_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        send(socket.getOutputStream(), "MONITOR");
        String ok = in.readLine();
        if (!"+OK".equals(ok)) {
            throw new IOException("MONITOR answered " + ok);
        }
    }

    /** Starts monitoring the suite's Redis (a server without a password). */
    public static RedisMonitor start() {
        try {
            return new RedisMonitor(URI.create(TestServices.redisUrl()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A command as MONITOR reports it: who sent it and its words, quoted as MONITOR quotes them. */
    public record Command(String client, String line) {
        public boolean fromScript() {
            return client.equals("lua");
        }

        public boolean mentions(String text) {
            return line.contains(text);
        }
    }

    /** Every command reported since the start or the previous call (the marker excluded). */
    public List<Command> commands() {
        String marker = "engram-redis-monitor-" + UUID.randomUUID();
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            send(s.getOutputStream(), "ECHO", marker);
            s.getInputStream().read();
            List<Command> out = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.contains(marker)) {
                    return out;
                }
                int open = line.indexOf('[');
                int close = line.indexOf(']', open);
                String client = line.substring(line.indexOf(' ', open) + 1, close);
                out.add(new Command(client, line.substring(close + 2)));
            }
            throw new IOException("MONITOR closed");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // gone already
        }
    }

    private static void send(OutputStream out, String... words) throws IOException {
        StringBuilder resp = new StringBuilder("*").append(words.length).append("\r\n");
        for (String w : words) {
            byte[] bytes = w.getBytes(StandardCharsets.UTF_8);
            resp.append('$').append(bytes.length).append("\r\n").append(w).append("\r\n");
        }
        out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
