package dev.engram.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client on a plain socket, for tests that must send what ordinary clients refuse to: request
 * targets with invalid escapes or raw bytes, any header value, bodies that are not valid UTF-8. One connection per
 * request ({@code Connection: close}); a server-sent-event stream is answered as soon as its headers arrive.
 */
final class RawHttp {

    /** A request; {@code target} and header values are sent as ISO-8859-1, so chars up to 0xFF become raw bytes. */
    record Request(String method, String target, List<String[]> headers, byte[] body) {

        String describe() {
            StringBuilder sb = new StringBuilder(method).append(' ').append(abbreviate(target, 300));
            for (String[] h : headers) {
                sb.append("\n  ").append(h[0]).append(": ").append(abbreviate(h[1], 120));
            }
            if (body != null) {
                sb.append("\n  body (").append(body.length).append(" bytes): ")
                        .append(abbreviate(new String(body, StandardCharsets.ISO_8859_1), 400));
            }
            return sb.toString();
        }
    }

    /** An answer; header names are lower case. */
    record Reply(int status, Map<String, String> headers, byte[] body, long millis) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    private RawHttp() {
    }

    static Reply send(String host, int port, Request request, int timeoutMillis) throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.writeBytes((request.method() + " " + request.target() + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
            head.writeBytes(("Host: " + host + ":" + port + "\r\nConnection: close\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (String[] h : request.headers()) {
                head.writeBytes((h[0] + ": " + h[1] + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            if (request.body() != null) {
                head.writeBytes(("Content-Length: " + request.body().length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            head.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.write(head.toByteArray());
            if (request.body() != null) {
                try {
                    out.write(request.body());
                } catch (IOException e) {
                    // the server may answer (413, 400) and close before it has read a large body: read that answer
                }
            }
            out.flush();
            return read(socket.getInputStream(), start, System.nanoTime() + timeoutMillis * 1_000_000L);
        }
    }

    private static Reply read(InputStream in, long start, long deadline) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        int headerEnd = -1;
        Map<String, String> headers = new LinkedHashMap<>();
        int status = -1;
        long contentLength = -1;
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new SocketTimeoutException("no complete answer in time");
            }
            int n;
            try {
                n = in.read(buf);
            } catch (java.net.SocketException e) {
                if (headerEnd >= 0 || all.size() > 0) {
                    break; // connection reset after the answer: keep what arrived
                }
                throw e;
            }
            if (n < 0) {
                break;
            }
            all.write(buf, 0, n);
            if (headerEnd < 0) {
                headerEnd = indexOf(all.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                if (headerEnd >= 0) {
                    String[] lines = new String(all.toByteArray(), 0, headerEnd, StandardCharsets.ISO_8859_1).split("\r\n");
                    status = Integer.parseInt(lines[0].split(" ")[1]);
                    for (int i = 1; i < lines.length; i++) {
                        int colon = lines[i].indexOf(':');
                        if (colon > 0) {
                            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                        }
                    }
                    if (headers.getOrDefault("content-type", "").startsWith("text/event-stream")) {
                        break; // an open event stream: the headers are the answer
                    }
                    if (headers.containsKey("content-length")) {
                        contentLength = Long.parseLong(headers.get("content-length"));
                    }
                }
            }
            if (headerEnd >= 0 && contentLength >= 0 && all.size() - headerEnd - 4 >= contentLength) {
                break;
            }
        }
        if (headerEnd < 0) {
            throw new IOException("no HTTP answer (" + all.size() + " bytes)");
        }
        byte[] raw = all.toByteArray();
        byte[] body = java.util.Arrays.copyOfRange(raw, headerEnd + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Reply(status, headers, body, (System.nanoTime() - start) / 1_000_000);
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < body.length) {
            int lineEnd = indexOf(java.util.Arrays.copyOfRange(body, pos, body.length), "\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (lineEnd < 0) {
                break;
            }
            String sizeLine = new String(body, pos, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = sizeLine.isEmpty() ? 0 : Integer.parseInt(sizeLine, 16);
            pos += lineEnd + 2;
            if (size == 0) {
                break;
            }
            out.write(body, pos, Math.min(size, body.length - pos));
            pos += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String abbreviate(String s, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return s.length() > max ? sb + "…(" + s.length() + ")" : sb.toString();
    }
}
