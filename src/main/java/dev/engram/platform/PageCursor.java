package dev.engram.platform;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/** Opaque keyset cursor: the (createdAt, id) of the last item of a page. */
public record PageCursor(Instant createdAt, UUID id) {

    public String encode() {
        String raw = createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static PageCursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
            Instant createdAt = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            if (!InstantRange.contains(createdAt)) {
                // a forged cursor: PostgreSQL would refuse the timestamp ("out of range") with a 500
                throw new IllegalArgumentException("cursor time out of range");
            }
            return new PageCursor(createdAt, UUID.fromString(parts[2]));
        } catch (RuntimeException e) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER,
                    "cursor is not a cursor returned by this API; start again without one", Map.of("parameter", "cursor"));
        }
    }
}
