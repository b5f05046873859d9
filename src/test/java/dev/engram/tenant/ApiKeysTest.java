package dev.engram.tenant;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeysTest {

    @Test
    void generatedKeysShouldParseBackToTheirIdAndMatchOnlyTheirHash() {
        ApiKeys.NewKey key = ApiKeys.generate();
        assertThat(key.key()).startsWith("egm_").hasSize(4 + 32 + 1 + 43);
        ApiKeys.Presented presented = ApiKeys.parse(key.key()).orElseThrow();
        assertThat(presented.id()).isEqualTo(key.id());
        assertThat(ApiKeys.matches(presented.secret(), key.secretHash())).isTrue();
        assertThat(ApiKeys.matches(presented.secret(), ApiKeys.generate().secretHash())).isFalse();
        assertThat(key.secretHash()).hasSize(32);
        assertThat(new String(key.secretHash(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(presented.secret());
    }

    @Test
    void keysShouldBeUnique() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(ApiKeys.generate().key());
        }
        assertThat(keys).hasSize(1000);
    }

    @Test
    void malformedKeysShouldNotParse() {
        String good = ApiKeys.generate().key();
        assertThat(ApiKeys.parse(null)).isEmpty();
        assertThat(ApiKeys.parse("")).isEmpty();
        assertThat(ApiKeys.parse(good.substring(1))).isEmpty();
        assertThat(ApiKeys.parse("xyz_" + good.substring(4))).isEmpty();
        assertThat(ApiKeys.parse(good.replace('_', '-'))).isEmpty();
        assertThat(ApiKeys.parse(good.substring(0, 10) + "Z" + good.substring(11))).isEmpty();
        assertThat(ApiKeys.parse(good.substring(0, good.length() - 1) + "é")).isEmpty();
        assertThat(ApiKeys.parse(good + "x")).isEmpty();
    }

    @Test
    void redactionShouldKeepTheIdAndDropTheSecret() {
        ApiKeys.NewKey key = ApiKeys.generate();
        String redacted = ApiKeys.redact(key.id());
        assertThat(key.key()).startsWith(redacted.substring(0, redacted.length() - 1));
        assertThat(redacted).endsWith("_…").hasSize(4 + 32 + 2);
    }
}
