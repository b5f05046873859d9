package dev.engram.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * A minimal OpenAI-compatible chat-completions endpoint on a free loopback port, standing in for an LLM provider (no
 * LLM runs on the build machine). {@code answer} maps the raw request body to the assistant's reply, or to
 * {@code null} for a provider failure (HTTP 500).
 */
public final class ChatCompletionsStub {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatCompletionsStub() {
    }

    /** Starts the stub; its base URL is {@code http://127.0.0.1:<port>/v1}. */
    public static HttpServer start(Function<String, String> answer) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/chat/completions", exchange -> {
            String content = answer.apply(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = JSON.writeValueAsBytes(content == null
                    ? Map.of("error", Map.of("message", "overloaded", "type", "server_error"))
                    : Map.of("id", "c1", "object", "chat.completion", "created", 1, "model", "test-model",
                    "choices", java.util.List.of(Map.of("index", 0, "finish_reason", "stop",
                            "message", Map.of("role", "assistant", "content", content))),
                    "usage", Map.of("prompt_tokens", 10, "completion_tokens", 6, "total_tokens", 16)));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(content == null ? 500 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    public static String baseUrl(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }
}
