package dev.engram.event;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Stream ids as clients send them back in Last-Event-ID. */
class StreamEventTest {

    @Test
    void shouldRejectIdsBeyondASignedLongWhichCompareCouldNotParse() {
        // 19 digits, accepted by Redis (unsigned 64-bit), but over Long.MAX_VALUE: used to pass the check and then
        // throw NumberFormatException from every comparison with a live event
        assertThat(StreamEvent.isValidId("9300000000000000000-0")).isFalse();
        assertThat(StreamEvent.isValidId("1-9300000000000000000")).isFalse();
        assertThat(StreamEvent.isValidId("9223372036854775807-9223372036854775807")).isTrue();
        assertThat(StreamEvent.isValidId("1767225600000-0")).isTrue();
        assertThat(StreamEvent.isValidId("1767225600000")).isFalse();
        assertThat(new StreamEvent("1767225600000-1", "memory_stored", "{}").isAfter("9223372036854775807-0")).isFalse();
    }
}
