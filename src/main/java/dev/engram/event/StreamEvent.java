package dev.engram.event;

/** One event as stored in a tenant's stream and sent to SSE clients; {@code id} is the Redis stream id. */
record StreamEvent(String id, String type, String json) {

    /** Parses a pub/sub message {@code id\ntype\njson}. */
    static StreamEvent fromMessage(String message) {
        int a = message.indexOf('\n');
        int b = message.indexOf('\n', a + 1);
        if (a < 0 || b < 0) {
            throw new IllegalArgumentException("not an event message");
        }
        return new StreamEvent(message.substring(0, a), message.substring(a + 1, b), message.substring(b + 1));
    }

    /** True when this event comes after the event {@code otherId} in the stream. */
    boolean isAfter(String otherId) {
        return otherId == null || compare(id, otherId) > 0;
    }

    /** Orders stream ids ({@code millis-sequence}) numerically. */
    static int compare(String a, String b) {
        long[] x = parse(a);
        long[] y = parse(b);
        return x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]);
    }

    /**
     * True for {@code millis-sequence} with both parts within a signed long. Redis would accept larger (unsigned 64-bit)
     * parts, but no stream id it generates from the clock comes near them, and {@link #compare} parses signed longs.
     */
    static boolean isValidId(String id) {
        if (id == null || !id.matches("\\d{1,19}-\\d{1,19}")) {
            return false;
        }
        try {
            parse(id);
            return true;
        } catch (NumberFormatException outOfRange) {
            return false;
        }
    }

    private static long[] parse(String id) {
        int dash = id.indexOf('-');
        return new long[] {Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1))};
    }
}
