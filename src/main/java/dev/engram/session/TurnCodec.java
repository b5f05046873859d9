package dev.engram.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.session.api.NewTurn;
import dev.engram.session.api.Role;
import dev.engram.session.api.Turn;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;

/** Turns as stored in Redis: a JSON object; the append script puts {@code "seq"} first. */
@ApplicationScoped
class TurnCodec {

    private final ObjectMapper json;

    TurnCodec(ObjectMapper json) {
        this.json = json;
    }

    /** JSON of a new turn without its sequence number. */
    String encode(NewTurn turn, Instant receivedAt) {
        try {
            return json.writeValueAsString(new Unnumbered(turn.role(), turn.content(), turn.name(),
                    turn.metadata(), turn.timestamp() == null ? receivedAt : turn.timestamp()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A turn could not be serialised", e);
        }
    }

    Turn decode(String stored) {
        try {
            return json.readValue(stored, Turn.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored turn is not valid JSON", e);
        }
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Unnumbered(Role role, String content, String name, Map<String, Object> metadata, Instant timestamp) {
    }
}
