package dev.engram.event;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import org.jboss.resteasy.reactive.server.jaxrs.SseImpl;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** SSE: store/update/delete events arrive in order, and Last-Event-ID replays what a client missed. */
@QuarkusTest
class EventStreamTest {

    @TestHTTPResource("/v1/events")
    URI events;

    @Inject
    EventHub hub;

    private final HttpClient http = HttpClient.newHttpClient();

    record Event(String id, String name, String data) {
    }

    /** An open SSE connection collecting events (comments are recorded by name ":" ). */
    final class Client implements AutoCloseable {
        final BlockingQueue<Event> received = new LinkedBlockingQueue<>();
        final CompletableFuture<HttpResponse<Stream<String>>> response;

        Client(String lastEventId) {
            HttpRequest.Builder request = HttpRequest.newBuilder(events).header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + dev.engram.tenant.TestAuth.defaultKey());
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
            response.thenAccept(r -> {
                String id = null;
                String name = null;
                StringBuilder data = new StringBuilder();
                for (String line : (Iterable<String>) r.body()::iterator) {
                    if (line.startsWith(":")) {
                        received.add(new Event(null, ":", line.substring(1).trim()));
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && name != null) {
                        received.add(new Event(id, name, data.toString()));
                        id = null;
                        name = null;
                        data.setLength(0);
                    }
                }
            });
        }

        void awaitConnected() throws InterruptedException {
            Event first = received.poll(20, TimeUnit.SECONDS);
            assertThat(first).as("the opening comment").isNotNull();
            assertThat(first.data()).isEqualTo("connected");
        }

        /** The next {@code n} events that mention {@code memoryId}, ignoring others. */
        List<Event> next(int n, String memoryId) throws InterruptedException {
            List<Event> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (out.size() < n && System.nanoTime() < deadline) {
                Event e = received.poll(500, TimeUnit.MILLISECONDS);
                if (e != null && e.data().contains(memoryId)) {
                    out.add(e);
                }
            }
            return out;
        }

        @Override
        public void close() {
            response.cancel(true);
        }
    }

    @Test
    void shouldStreamStoreUpdateAndDeleteInOrderAndReplayMissedEventsAfterLastEventId() throws Exception {
        List<Event> live;
        String memoryId;
        try (Client client = new Client(null)) {
            client.awaitConnected();
            memoryId = given().contentType(ContentType.JSON).body(Map.of("content", "The SSE test memory"))
                    .post("/v1/memories").then().statusCode(201).extract().path("id");
            given().contentType(ContentType.JSON).body(Map.of("importance", 0.9)).patch("/v1/memories/" + memoryId)
                    .then().statusCode(200);
            given().delete("/v1/memories/" + memoryId).then().statusCode(204);
            live = client.next(3, memoryId);
        }
        assertThat(live).extracting(Event::name).containsExactly("memory_stored", "memory_updated", "memory_deleted");
        assertThat(live.get(0).data()).contains("\"memoryType\":\"semantic\"").contains("\"type\":\"memory_stored\"");
        assertThat(live).extracting(Event::id).allSatisfy(id -> assertThat(id).matches("\\d+-\\d+"));
        assertThat(StreamEvent.compare(live.get(0).id(), live.get(1).id())).isNegative();
        assertThat(StreamEvent.compare(live.get(1).id(), live.get(2).id())).isNegative();

        try (Client resumed = new Client(live.get(0).id())) {
            resumed.awaitConnected();
            List<Event> replayed = resumed.next(2, memoryId);
            assertThat(replayed).extracting(Event::id).containsExactly(live.get(1).id(), live.get(2).id());
            assertThat(replayed).extracting(Event::name).containsExactly("memory_updated", "memory_deleted");
        }
    }

    @Test
    void shouldAnnounceRetrievalsAndRejectAMalformedLastEventId() throws Exception {
        try (Client client = new Client(null)) {
            client.awaitConnected();
            String memoryId = given().contentType(ContentType.JSON)
                    .body(Map.of("content", "Quokkas live on Rottnest Island")).post("/v1/memories").then()
                    .statusCode(201).extract().path("id");
            given().contentType(ContentType.JSON).body(Map.of("query", "quokkas on Rottnest Island", "limit", 1))
                    .post("/v1/memories/search").then().statusCode(200);
            assertThat(client.next(2, memoryId)).extracting(Event::name)
                    .containsExactly("memory_stored", "memory_retrieved");
        }
        given().header("Last-Event-ID", "yesterday").get("/v1/events").then().statusCode(400)
                .contentType("application/problem+json");
        given().header("Last-Event-ID", "9300000000000000000-0").get("/v1/events").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo("https://engram.dev/problems/invalid-parameter"));
    }

    /** A stream whose connection fails on every write after the opening comment (not the usual "Already closed"). */
    private static final class BrokenSink implements SseEventSink {
        private int sends;
        private volatile boolean closed;

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public CompletionStage<?> send(OutboundSseEvent event) {
            if (sends++ > 0) {
                throw new UnsupportedOperationException("broken connection");
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aFailingStreamShouldNotKeepTheEventFromTheTenantsOtherClients() throws Exception {
        List<BrokenSink> broken = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // the tenant's clients are a hash set: some are met before the healthy one
            BrokenSink sink = new BrokenSink();
            hub.open("default", sink, new SseImpl(), null);
            broken.add(sink);
        }
        try (Client client = new Client(null)) {
            client.awaitConnected();
            String memoryId = given().contentType(ContentType.JSON).body(Map.of("content", "Dispatch isolation"))
                    .post("/v1/memories").then().statusCode(201).extract().path("id");
            assertThat(client.next(1, memoryId)).extracting(Event::name).containsExactly("memory_stored");
        }
        assertThat(broken).allSatisfy(sink -> assertThat(sink.isClosed()).as("the failing stream ended").isTrue());
    }
}
