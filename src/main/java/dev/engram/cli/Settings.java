package dev.engram.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the server is and which key to send: the options first, then the environment ({@code ENGRAM_URL},
 * {@code ENGRAM_KEY}), then the defaults ({@code http://127.0.0.1:8080}, the file {@code .engram/api-key} in the
 * working directory, which {@code scripts/run.sh} writes). Pure apart from reading that file.
 */
final class Settings {

    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    static final Path KEY_FILE = Path.of(".engram", "api-key");

    private Settings() {
    }

    /** The base URL without a trailing slash; a usage error unless it is an absolute http(s) URL with a host. */
    static URI url(String option, Map<String, String> env) {
        String value = firstNonBlank(option, env.get("ENGRAM_URL"), DEFAULT_URL).strip();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        try {
            URI uri = new URI(value);
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new URISyntaxException(value, "not an http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CliException(ExitCodes.USAGE, "invalid server URL '" + value
                    + "' (--url or ENGRAM_URL): expected e.g. http://127.0.0.1:8080");
        }
    }

    /** The API key, or null when none is configured (the server then answers 401). */
    static String key(String option, Map<String, String> env, Path workingDirectory) {
        String key = firstNonBlank(option, env.get("ENGRAM_KEY"), null);
        if (key != null) {
            return key.strip();
        }
        Path file = workingDirectory.resolve(KEY_FILE);
        if (Files.isRegularFile(file)) {
            try {
                String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
                return stored.isEmpty() ? null : stored;
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "cannot read the API key file " + file + ": " + e.getMessage());
            }
        }
        return null;
    }

    private static String firstNonBlank(String a, String b, String fallback) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        if (b != null && !b.isBlank()) {
            return b;
        }
        return fallback;
    }
}
