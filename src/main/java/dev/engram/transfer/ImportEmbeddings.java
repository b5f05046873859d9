package dev.engram.transfer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.embedding.Embedder;
import dev.engram.experience.ExperienceService;
import dev.engram.knowledge.KnowledgeService;
import dev.engram.memory.MemoryWriteService;
import dev.engram.memory.VectorConverter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The vectors of a batch: a vector is kept only when it has the server's dimension and the server's model made it
 * (header and record agree); the others are computed again from the record's text, in one model call per batch (a
 * dry run does not compute them). Runs with no transaction open.
 */
final class ImportEmbeddings {

    private final Embedder embedder;
    private final ExperienceService experiences;
    private final String headerModel;
    private final boolean dryRun;

    ImportEmbeddings(Embedder embedder, ExperienceService experiences, String headerModel, boolean dryRun) {
        this.embedder = embedder;
        this.experiences = experiences;
        this.headerModel = headerModel;
        this.dryRun = dryRun;
    }

    /** Sets every record's {@code embedding} column; returns the keys of the records whose vector was recomputed. */
    Set<String> embed(Kind kind, List<Pending> items) {
        String model = embedder.modelName();
        List<Pending> missing = new ArrayList<>();
        for (Pending p : items) {
            float[] v = p.row().embedding();
            boolean usable = v != null && v.length == embedder.dimension() && model.equals(headerModel)
                    && model.equals(p.text("embedding_model"));
            if (usable) {
                p.row().columns().put("embedding", VectorConverter.toText(v));
            } else {
                missing.add(p);
                p.row().columns().putNull("embedding");
            }
        }
        Set<String> keys = new HashSet<>();
        missing.forEach(p -> keys.add(p.key()));
        if (dryRun || missing.isEmpty()) {
            return keys;
        }
        List<float[]> vectors = embedder.embedDocuments(missing.stream().map(p -> embeddingText(kind, p)).toList());
        for (int i = 0; i < missing.size(); i++) {
            ObjectNode row = missing.get(i).row().columns();
            row.put("embedding", VectorConverter.toText(vectors.get(i)));
            row.put("embedding_model", model);
        }
        return keys;
    }

    private String embeddingText(Kind kind, Pending p) {
        return switch (kind) {
            case MEMORY -> MemoryWriteService.embeddingText(p.text("title"), p.text("content"));
            case KNOWLEDGE -> {
                List<String> rules = new ArrayList<>();
                p.row().columns().path("rules").forEach(n -> rules.add(n.asText()));
                yield KnowledgeService.embeddingText(p.text("name"), p.text("description"), rules);
            }
            case EXPERIENCE -> experiences.embeddingText(p.text("description"), p.text("prompt"));
            default -> throw new IllegalStateException(kind.name());
        };
    }
}
