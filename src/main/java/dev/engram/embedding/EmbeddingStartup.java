package dev.engram.embedding;

import dev.engram.platform.SchemaMigrator;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Start-up order: migrate the schema for the model's dimension, refuse to start on a mismatch, then warm the model
 * so that the first request does not pay for loading it.
 */
@ApplicationScoped
class EmbeddingStartup {

    private final Embedder embedder;
    private final SchemaMigrator migrator;
    private final EmbeddingConfig config;

    EmbeddingStartup(Embedder embedder, SchemaMigrator migrator, EmbeddingConfig config) {
        this.embedder = embedder;
        this.migrator = migrator;
        this.config = config;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        migrator.migrate(embedder.dimension());
        migrator.verifyEmbeddingDimension(embedder.dimension(), embedder.modelName());
        if (config.warmUp()) {
            embedder.warmUp();
        }
    }
}
