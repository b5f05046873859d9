package dev.engram.event;

/** The kinds of events streamed by {@code GET /v1/events}; {@link #code()} is the SSE {@code event:} name. */
public enum EventType {
    MEMORY_STORED, MEMORY_UPDATED, MEMORY_DELETED, MEMORY_RETRIEVED, MEMORY_CONSOLIDATED, CLEANUP_COMPLETED;

    public String code() {
        return name().toLowerCase();
    }
}
