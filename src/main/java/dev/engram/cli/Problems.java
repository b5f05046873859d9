package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns a non-2xx answer into one message for stderr: the RFC 9457 problem's title, detail and violations. Pure. */
final class Problems {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 200;

    private Problems() {
    }

    static String describe(int status, String body) {
        JsonNode problem = parse(body);
        if (problem == null || !problem.has("title")) {
            String text = body == null ? "" : body.strip();
            int eol = text.indexOf('\n');
            text = eol < 0 ? text : text.substring(0, eol);
            return "HTTP " + status + (text.isEmpty() ? "" : ": " + Table.cut(text, MAX_BODY));
        }
        StringBuilder sb = new StringBuilder(problem.path("title").asText());
        String detail = problem.path("detail").asText("");
        if (!detail.isBlank()) {
            sb.append(": ").append(detail);
        }
        sb.append(" (HTTP ").append(status).append(')');
        for (JsonNode v : problem.path("violations")) {
            String field = v.path("field").asText("");
            sb.append("\n  ").append(field.isEmpty() ? "" : field + ": ").append(v.path("message").asText(""));
        }
        if (status == 401) {
            sb.append("\n  (the key comes from --key, ENGRAM_KEY or the file .engram/api-key)");
        }
        return sb.toString();
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
