package dev.engram.transfer;

import dev.engram.platform.Params;

import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Locale;

/** The formats of {@code GET /v1/export}. */
enum ExportFormat {
    NDJSON("application/x-ndjson", "ndjson", true),
    JSON("application/json", "json", true),
    /** Memories only, one flat row each. */
    CSV("text/csv", "csv", false);

    private final String mediaType;
    private final String extension;
    private final boolean embeddingsByDefault;

    ExportFormat(String mediaType, String extension, boolean embeddingsByDefault) {
        this.mediaType = mediaType;
        this.extension = extension;
        this.embeddingsByDefault = embeddingsByDefault;
    }

    String mediaType() {
        return mediaType;
    }

    String extension() {
        return extension;
    }

    /** Vectors are part of NDJSON and JSON exports unless {@code embeddings=false}; CSV has them only on request. */
    boolean embeddingsByDefault() {
        return embeddingsByDefault;
    }

    /** The {@code format} query parameter; absent means NDJSON, anything unknown is a 400. */
    static ExportFormat parse(String value) {
        if (value == null || value.isBlank()) {
            return NDJSON;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "ndjson" -> NDJSON;
            case "json" -> JSON;
            case "csv" -> CSV;
            default -> throw Params.invalid("format", "must be ndjson, json or csv");
        };
    }

    /**
     * Without {@code format}, the client's {@code Accept} decides (most preferred first, as JAX-RS sorts it): the
     * first of NDJSON, JSON, CSV that an acceptable type names; a wildcard or nothing is NDJSON.
     */
    static ExportFormat negotiate(List<MediaType> acceptable) {
        for (MediaType accepted : acceptable) {
            if (accepted.isWildcardType() || accepted.isWildcardSubtype()) {
                return NDJSON;
            }
            for (ExportFormat f : values()) {
                if (MediaType.valueOf(f.mediaType).isCompatible(accepted)) {
                    return f;
                }
            }
        }
        return NDJSON;
    }
}
