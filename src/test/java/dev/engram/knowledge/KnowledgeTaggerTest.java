package dev.engram.knowledge;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KnowledgeTaggerTest {

    @Test
    void categoriesAreDomainThenTypeWhenNoneAreGiven() {
        assertThat(KnowledgeTagger.categories(null, "procedure", " DevOps ")).containsExactly("devops", "procedure");
        assertThat(KnowledgeTagger.categories(List.of(), "fact", null)).containsExactly("fact");
        assertThat(KnowledgeTagger.categories(List.of("Ops", " ops", "Billing"), "fact", "x"))
                .containsExactly("ops", "billing");
    }

    @Test
    void tagsAreKeywordsOfNameAndDescriptionWeightedTowardsTheName() {
        List<String> tags = KnowledgeTagger.tags(null, "Restart the PostgreSQL server",
                "When the database server hangs, restart PostgreSQL with systemctl and check the logs. "
                        + "The logs are in /var/log.", 5);
        // postgresql: 2 (name) + 1; restart: 2 + 1; server: 2 + 1; logs: 2; database: 1 …
        assertThat(tags).containsExactly("restart", "postgresql", "server", "logs", "database");
    }

    @Test
    void tagsSkipStopWordsShortWordsAndNumbers() {
        assertThat(KnowledgeTagger.tags(null, "What is it and how do we use 2024 of the API?", null, 10))
                .containsExactly("api");
        assertThat(KnowledgeTagger.tags(null, "", null, 10)).isEmpty();
    }

    @Test
    void givenTagsAreOnlyNormalised() {
        assertThat(KnowledgeTagger.tags(List.of(" K8s", "k8s", "Helm "), "ignored name", "ignored", 1))
                .containsExactly("k8s", "helm");
    }

    @Test
    void tagsAreCappedAndTiesKeepTheOrderOfAppearance() {
        assertThat(KnowledgeTagger.tags(null, "alpha beta gamma delta", null, 2)).containsExactly("alpha", "beta");
    }
}
