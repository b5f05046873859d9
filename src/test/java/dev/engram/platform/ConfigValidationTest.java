package dev.engram.platform;

import dev.engram.cache.ValueStoreConfig;
import dev.engram.embedding.EmbeddingConfig;
import dev.engram.idempotency.IdempotencyConfig;
import dev.engram.learning.LearningConfig;
import dev.engram.maintenance.MaintenanceConfig;
import dev.engram.search.SearchConfig;
import dev.engram.session.ShortTermConfig;
import dev.engram.testing.ConfigProperties;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidator;
import jakarta.validation.Constraint;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings out of range, or contradicting each other, stop the service at start-up with the property's name (Quarkus
 * validates every {@code @ConfigMapping} with these constraints; PackagedApplicationIT starts the real application
 * with a wrong setting), instead of failing requests later or silently doing something else.
 */
class ConfigValidationTest {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    private static final Set<Class<?>> MEASURED = Set.of(int.class, Integer.class, long.class, Long.class,
            double.class, Double.class, Duration.class);

    /** The problems SmallRye Config reports for the mapping with these properties (and defaults for the rest). */
    private static List<String> problems(Class<?> mapping, Map<String, String> properties) {
        try {
            new SmallRyeConfigBuilder().withMapping(mapping)
                    .withSources(new PropertiesConfigSource(properties, "test", 500))
                    .withValidator((BeanValidationConfigValidator) () -> VALIDATOR)
                    .build();
            return List.of();
        } catch (ConfigValidationException e) {
            List<String> messages = new ArrayList<>();
            for (int i = 0; i < e.getProblemCount(); i++) {
                messages.add(e.getProblem(i).getMessage());
            }
            return messages;
        }
    }

    @Test
    void shouldAcceptEveryMappingsDefaults() {
        List<Class<?>> mappings = ConfigProperties.configMappings();
        assertThat(mappings).as("the scan finds the mappings").contains(SearchConfig.class, ShortTermConfig.class)
                .hasSizeGreaterThanOrEqualTo(19);
        for (Class<?> mapping : mappings) {
            assertThat(problems(mapping, Map.of())).as(mapping.getSimpleName()).isEmpty();
        }
    }

    /** A numeric or duration setting without a constraint accepts -1 and 0, which no such setting means. */
    @Test
    void shouldConstrainEveryNumberAndDurationSetting() {
        List<String> unconstrained = ConfigProperties.engramProperties().stream()
                .filter(p -> MEASURED.contains(p.type()))
                .filter(p -> p.annotations().stream()
                        .noneMatch(a -> a.annotationType().isAnnotationPresent(Constraint.class)))
                .map(ConfigProperties.Property::name).toList();
        assertThat(unconstrained).as("settings without a range").isEmpty();
    }

    @Test
    void shouldNameEachSettingOutOfRange() {
        assertThat(problems(SearchConfig.class, Map.of("engram.search.ef-search", "0", "engram.search.bm25-b", "1.5",
                "engram.search.keyword-match-budget", "-5", "engram.search.recency-half-life", "-PT1H")))
                .containsExactlyInAnyOrder(
                        "engram.search.ef-search must be greater than or equal to 1",
                        "engram.search.bm25-b must be between 0 and 1",
                        "engram.search.keyword-match-budget must be greater than or equal to 1",
                        "engram.search.recency-half-life must be a positive duration, e.g. 30s or PT30S");
        assertThat(problems(SearchConfig.class, Map.of("engram.search.ef-search", "1001")))
                .containsExactly("engram.search.ef-search must be less than or equal to 1000");
        assertThat(problems(LearningConfig.class, Map.of("engram.learning.prior-strength", "0")))
                .as("0 would make every pattern write fail").containsExactly(
                        "engram.learning.prior-strength must be greater than 0");
        assertThat(problems(LearningConfig.class, Map.of("engram.learning.prior-strength", "0.5"))).isEmpty();
    }

    @Test
    void shouldCheckNestedAndOptionalSettings() {
        assertThat(problems(MaintenanceConfig.class, Map.of("engram.maintenance.cleanup.max-age", "PT0S",
                "engram.maintenance.decay.floor", "2", "engram.maintenance.consolidate.similarity-threshold", "0.4")))
                .containsExactlyInAnyOrder(
                        "engram.maintenance.cleanup.max-age must be a positive duration, e.g. 30s or PT30S",
                        "engram.maintenance.decay.floor must be between 0 and 1",
                        "engram.maintenance.consolidate.similarity-threshold must be greater than or equal to 0.5");
        assertThat(problems(MaintenanceConfig.class, Map.of("engram.maintenance.cleanup.max-age", "P90D"))).isEmpty();
        assertThat(problems(EmbeddingConfig.class, Map.of("engram.embedding.dimension", "0")))
                .containsExactly("engram.embedding.dimension must be greater than or equal to 1");
        assertThat(problems(EmbeddingConfig.class, Map.of("engram.embedding.query-cache-ttl", "PT0S")))
                .as("0 turns the query cache off").isEmpty();
    }

    @Test
    void shouldRejectSettingsThatContradictEachOther() {
        assertThat(problems(ShortTermConfig.class, Map.of("engram.short-term.session-min-ttl", "P30D")))
                .containsExactlyInAnyOrder(
                        "engram.short-term session-min-ttl (PT720H) is longer than session-max-ttl (PT168H)",
                        "engram.short-term session-ttl (PT1H) is not between session-min-ttl (PT720H) and "
                                + "session-max-ttl (PT168H)");
        assertThat(problems(ShortTermConfig.class, Map.of("engram.short-term.session-ttl", "P7D"))).isEmpty();
        assertThat(problems(ValueStoreConfig.class, Map.of("engram.cache.temp-ttl", "P8D")))
                .containsExactly("engram.cache temp-ttl (PT192H) is not between min-ttl (PT1S) and temp-max-ttl (PT168H)");
        assertThat(problems(IdempotencyConfig.class, Map.of("engram.idempotency.in-progress-timeout", "P2D")))
                .containsExactly("engram.idempotency in-progress-timeout (PT48H) is not shorter than ttl (PT24H): a "
                        + "request could still hold its key when the stored answer expires");
        assertThat(problems(SearchConfig.class, Map.of("engram.search.relevance-weight", "0",
                "engram.search.recency-weight", "0", "engram.search.frequency-weight", "0",
                "engram.search.importance-weight", "0"))).singleElement().asString()
                .contains("are all 0");
        assertThat(problems(SearchConfig.class, Map.of("engram.search.recency-weight", "0",
                "engram.search.frequency-weight", "0", "engram.search.importance-weight", "0")))
                .as("relevance alone is a valid ranking").isEmpty();
    }
}
