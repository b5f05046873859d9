package dev.engram.event;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.ArrayList;
import java.util.List;

/**
 * One SSE client. Live events that arrive while the missed ones are being replayed are held back and sent after
 * them; an event is sent only if it comes after the last one sent, so replay and live delivery never duplicate or
 * reorder events.
 */
final class SseSubscriber {

    private final SseEventSink sink;
    private final Sse sse;
    private final List<StreamEvent> heldBack = new ArrayList<>();
    private boolean replaying = true;
    private String lastSent;
    private volatile boolean closed;

    SseSubscriber(SseEventSink sink, Sse sse, String lastEventId) {
        this.sink = sink;
        this.sse = sse;
        this.lastSent = lastEventId;
    }

    /** Sends the opening comment and the missed events, then whatever arrived live meanwhile. */
    synchronized void start(List<StreamEvent> missed) {
        comment("connected");
        missed.forEach(this::sendIfNew);
        heldBack.forEach(this::sendIfNew);
        heldBack.clear();
        replaying = false;
    }

    synchronized void live(StreamEvent event) {
        if (replaying) {
            heldBack.add(event);
        } else {
            sendIfNew(event);
        }
    }

    synchronized void comment(String text) {
        if (isClosed()) {
            return;
        }
        send(sse.newEventBuilder().comment(text).build());
    }

    boolean isClosed() {
        return closed || sink.isClosed();
    }

    void close() {
        closed = true;
        try {
            sink.close();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }

    private void sendIfNew(StreamEvent e) {
        if (isClosed() || !e.isAfter(lastSent)) {
            return;
        }
        lastSent = e.id();
        send(sse.newEventBuilder().id(e.id()).name(e.type()).data(e.json()).build());
    }

    /**
     * Sends one event; a client that went away (the sink closed since the check, or the write fails, whatever the
     * sink throws) ends it.
     */
    private void send(OutboundSseEvent event) {
        try {
            sink.send(event).whenComplete((ok, failure) -> {
                if (failure != null) {
                    close();
                }
            });
        } catch (RuntimeException alreadyClosedOrBroken) {
            close();
        }
    }
}
