package dev.engram.embedding;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/** Ready and started once the embedding model has produced a vector of the expected dimension. */
@Readiness
@Startup
@ApplicationScoped
class EmbeddingHealthCheck implements HealthCheck {

    private final Embedder embedder;

    EmbeddingHealthCheck(Embedder embedder) {
        this.embedder = embedder;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("embedding-model")
                .status(embedder.isWarm())
                .withData("model", embedder.modelName())
                .withData("dimension", embedder.dimension())
                .build();
    }
}
