package dev.engram.platform;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How earlier versions (knowledge versions, memory revisions) are read from their jsonb snapshot into the API's
 * response type: by the REST mapper, except that a field the response no longer has is ignored, so that a snapshot
 * written by an older Engram stays readable. The import normalises snapshots with the same reader, so that whatever it
 * stores, {@code GET …/versions} and {@code GET …/revisions} can read.
 */
public final class Snapshots {

    private Snapshots() {
    }

    public static ObjectMapper reader(ObjectMapper json) {
        return json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
