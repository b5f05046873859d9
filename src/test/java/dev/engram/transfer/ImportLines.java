package dev.engram.transfer;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Lines of an NDJSON import body written by hand (no vectors: the import embeds the records). */
final class ImportLines {

    static final String HEADER = "{\"kind\":\"header\",\"format\":\"engram-export\",\"version\":1}";
    private static final String TIMES = "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"";

    private ImportLines() {
    }

    /** A body: the header and the lines. */
    static String body(String... lines) {
        return HEADER + "\n" + Arrays.stream(lines).collect(Collectors.joining("\n")) + "\n";
    }

    /** A memory of the type; merged into {@code supersededBy} unless that is null. */
    static String memory(String id, String type, String supersededBy) {
        return "{\"kind\":\"memory\",\"data\":{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"content\":\"Imported"
                + " memory " + id + "\",\"occurredAt\":\"2026-01-01T00:00:00Z\"," + TIMES
                + (supersededBy == null ? "" : ",\"supersededBy\":\"" + supersededBy + "\",\"supersededAt\":"
                + "\"2026-01-02T00:00:00Z\"") + "}}";
    }

    static String association(String id, String sourceId, String targetId) {
        return "{\"kind\":\"association\",\"data\":{\"id\":\"" + id + "\",\"sourceId\":\"" + sourceId
                + "\",\"targetId\":\"" + targetId + "\",\"type\":\"related\"," + TIMES + "}}";
    }

    /** An experience with its signature as given (an import keeps it) and the actions it tried. */
    static String experience(String id, String signature, String issueType, boolean success, String occurredAt,
                             String... actions) {
        String list = Arrays.stream(actions).map(a -> "\"" + a + "\"").collect(Collectors.joining(",", "[", "]"));
        return "{\"kind\":\"experience\",\"data\":{\"id\":\"" + id + "\",\"subject\":\"gpt-4o\",\"subjectFamily\":"
                + "\"gpt\",\"issueType\":\"" + issueType + "\",\"description\":\"Attempt " + id + "\",\"actions\":"
                + list + ",\"success\":" + success + ",\"signature\":\"" + signature + "\",\"occurredAt\":\""
                + occurredAt + "\",\"createdAt\":\"" + occurredAt + "\"}}";
    }
}
