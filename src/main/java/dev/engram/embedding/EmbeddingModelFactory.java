package dev.engram.embedding;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;

import java.util.List;

/** Builds the configured LangChain4j {@link EmbeddingModel} and its {@link ModelSpec}; fails fast on bad config. */
final class EmbeddingModelFactory {

    /** In-process models shipped in the application (Maven artifacts that carry the ONNX files). */
    static final List<String> IN_PROCESS_MODELS = InProcessModels.NAMES;

    private EmbeddingModelFactory() {
    }

    static ModelSpec spec(EmbeddingConfig config) {
        ModelSpec base = switch (config.provider()) {
            case IN_PROCESS -> inProcessSpec(config.model());
            case OPENAI, OLLAMA -> new ModelSpec(config.model(), config.dimension().orElseThrow(() ->
                    new IllegalStateException("engram.embedding.dimension (ENGRAM_EMBEDDING_DIMENSION) must be set for the "
                            + config.provider().name().toLowerCase() + " provider: it fixes the vector column size")),
                    "", "");
        };
        return new ModelSpec(base.name(), base.dimension(),
                config.queryPrefix().orElse(base.queryPrefix()), config.documentPrefix().orElse(base.documentPrefix()));
    }

    static EmbeddingModel create(EmbeddingConfig config) {
        return switch (config.provider()) {
            case IN_PROCESS -> {
                if (!IN_PROCESS_MODELS.contains(config.model())) {
                    throw unknownModel(config.model());
                }
                yield InProcessModels.load(config.model());
            }
            case OPENAI -> {
                OpenAiEmbeddingModel.OpenAiEmbeddingModelBuilder b = OpenAiEmbeddingModel.builder()
                        .modelName(config.model())
                        .apiKey(config.apiKey().orElse("none"))
                        .timeout(config.timeout())
                        .maxRetries(1);
                config.baseUrl().ifPresent(b::baseUrl);
                config.dimension().ifPresent(b::dimensions);
                yield b.build();
            }
            case OLLAMA -> OllamaEmbeddingModel.builder()
                    .baseUrl(config.baseUrl().orElse("http://localhost:11434"))
                    .modelName(config.model())
                    .timeout(config.timeout())
                    .maxRetries(1)
                    .build();
        };
    }

    private static ModelSpec inProcessSpec(String model) {
        return switch (model) {
            case "all-minilm-l6-v2-q" -> new ModelSpec(model, 384, "", "");
            case "bge-small-en-v15-q" -> new ModelSpec(model, 384,
                    "Represent this sentence for searching relevant passages: ", "");
            case "e5-small-v2-q" -> new ModelSpec(model, 384, "query: ", "passage: ");
            default -> throw unknownModel(model);
        };
    }

    private static IllegalStateException unknownModel(String model) {
        return new IllegalStateException("Unknown in-process embedding model '" + model
                + "' (engram.embedding.model); available: " + String.join(", ", IN_PROCESS_MODELS));
    }
}
