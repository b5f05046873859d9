package dev.engram.event;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import org.jboss.resteasy.reactive.server.jaxrs.SseImpl;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * A client that goes away between the sink's closed check and the send: RESTEasy's sink then throws "Already closed"
 * from {@code send}. The fuzzer hit it (an ERROR log and a problem written over an open stream); the stream must just end.
 */
class SseSubscriberTest {

    /** A sink that reports itself open but whose connection is gone, as in the race; it records what was sent. */
    private static final class GoneSink implements SseEventSink {
        final List<OutboundSseEvent> sent = new ArrayList<>();
        int sendsBeforeGone;
        boolean closeCalled;

        GoneSink(int sendsBeforeGone) {
            this.sendsBeforeGone = sendsBeforeGone;
        }

        @Override
        public boolean isClosed() {
            return false;
        }

        @Override
        public CompletionStage<?> send(OutboundSseEvent event) {
            if (sendsBeforeGone-- <= 0) {
                throw new IllegalStateException("Already closed");
            }
            sent.add(event);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            closeCalled = true;
        }
    }

    @Test
    void aClientGoneDuringReplayEndsTheStreamInsteadOfFailingTheRequest() {
        GoneSink sink = new GoneSink(2); // the opening comment and one replayed event go out, then the client is gone
        SseSubscriber subscriber = new SseSubscriber(sink, new SseImpl(), null);
        List<StreamEvent> missed = List.of(new StreamEvent("1-0", "memory_stored", "{}"),
                new StreamEvent("2-0", "memory_stored", "{}"), new StreamEvent("3-0", "memory_stored", "{}"));

        assertThatCode(() -> subscriber.start(missed)).doesNotThrowAnyException();

        assertThat(sink.sent).hasSize(2);
        assertThat(sink.sent.get(1).getId()).isEqualTo("1-0");
        assertThat(sink.closeCalled).isTrue();
        assertThat(subscriber.isClosed()).isTrue();
        // later live events and heartbeats are dropped quietly
        assertThatCode(() -> {
            subscriber.live(new StreamEvent("4-0", "memory_stored", "{}"));
            subscriber.comment("keep-alive");
        }).doesNotThrowAnyException();
        assertThat(sink.sent).hasSize(2);
    }
}
