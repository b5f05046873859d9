package dev.engram.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A throwaway Redis for the test suite: the installed {@code redis-server} on a free loopback port, nothing
 * persisted. With {@code ENGRAM_TEST_REDIS_URL} an external Redis is used instead.
 */
final class RedisProcess {

    private final int port;
    private final String externalUrl;
    private Process process;
    private Path dir;

    private RedisProcess(int port, String externalUrl) {
        this.port = port;
        this.externalUrl = externalUrl;
    }

    static RedisProcess startLocal() throws IOException, InterruptedException {
        RedisProcess redis = new RedisProcess(FreePorts.find(), null);
        redis.dir = Files.createTempDirectory("engram-redis-");
        redis.startServer();
        return redis;
    }

    static RedisProcess external(String url) {
        return new RedisProcess(-1, url);
    }

    boolean isExternal() {
        return externalUrl != null;
    }

    String url() {
        return externalUrl != null ? externalUrl : "redis://127.0.0.1:" + port;
    }

    void startServer() throws IOException, InterruptedException {
        process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString(), "--loglevel", "warning"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (ping()) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
            }
            Thread.sleep(50);
        }
        throw new IOException("redis-server did not answer PING on port " + port);
    }

    void stopServer() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
    }

    void shutdown() {
        try {
            stopServer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean ping() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = in.read(buf);
            return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }
}
