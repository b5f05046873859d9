package dev.engram.platform;

import dev.engram.tenant.TestAuth;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A body that arrives after its headers — chunked, or compressed — on an endpoint served on the event loop (session
 * appends). The body limit's stream used to wrap the raw network stream before RESTEasy had read it, so the JSON reader
 * waited for the network on the event loop: a 500 whenever the body was not there yet (found by ApiFuzzTest under
 * load; here made certain by a pause between headers and body).
 */
@QuarkusTest
class LateBodyTest {

    private static final byte[] TURN = "{\"messages\":[{\"role\":\"user\",\"content\":\"late but whole\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    /** Sends the head, waits, then the body; returns the status line and the body of the answer. */
    private static String[] send(String path, String headers, byte[] body) throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer "
                    + TestAuth.defaultKey() + "\r\nContent-Type: application/json\r\n" + headers + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(300);
            try {
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // a body over the limit may be answered (413) and the connection closed before all of it is sent
            }
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = reply.indexOf("\r\n\r\n");
            return new String[] {reply.substring(0, reply.indexOf("\r\n")), reply.substring(split + 4)};
        }
    }

    private static byte[] chunked(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(data);
        out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void aChunkedBodyThatArrivesLateIsAppended() throws Exception {
        String session = "late-" + UUID.randomUUID();
        String[] reply = send("/v1/sessions/" + session + "/messages", "Transfer-Encoding: chunked\r\n", chunked(TURN));
        assertThat(reply[0]).as(reply[1]).contains(" 200 ");
        assertThat(JsonPath.from(reply[1]).getInt("turnCount")).isEqualTo(1);
    }

    @Test
    void aCompressedBodyThatArrivesLateIsAppended() throws Exception {
        String session = "late-" + UUID.randomUUID();
        byte[] body = gzip(TURN);
        String[] reply = send("/v1/sessions/" + session + "/messages",
                "Content-Encoding: gzip\r\nContent-Length: " + body.length + "\r\n", body);
        assertThat(reply[0]).as(reply[1]).contains(" 200 ");
        given().get("/v1/sessions/" + session).then().statusCode(200)
                .body("turns[0].content", equalTo("late but whole"));
    }

    @Test
    void aLateChunkedBodyWithAnIdempotencyKeyIsAppendedOnce() throws Exception {
        String session = "late-" + UUID.randomUUID();
        String headers = "Transfer-Encoding: chunked\r\nIdempotency-Key: late-" + UUID.randomUUID() + "\r\n";
        String[] first = send("/v1/sessions/" + session + "/messages", headers, chunked(TURN));
        String[] again = send("/v1/sessions/" + session + "/messages", headers, chunked(TURN));
        assertThat(first[0]).as(first[1]).contains(" 200 ");
        assertThat(again[0]).as(again[1]).contains(" 200 ");
        given().get("/v1/sessions/" + session).then().statusCode(200).body("turns.size()", equalTo(1));
    }

    @Test
    void aLateChunkedBodyOverTheLimitIsStill413() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        byte[] body = new byte[big.length + TURN.length];
        System.arraycopy(big, 0, body, 0, big.length);
        System.arraycopy(TURN, 0, body, big.length, TURN.length);
        String[] reply = send("/v1/sessions/late-big/messages", "Transfer-Encoding: chunked\r\n", chunked(body));
        assertThat(reply[0]).as(reply[1]).contains(" 413 ");
        assertThat(reply[1]).contains("content-too-large");
    }
}
