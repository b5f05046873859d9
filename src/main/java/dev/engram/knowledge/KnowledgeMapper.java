package dev.engram.knowledge;

import dev.engram.knowledge.api.KnowledgeResponse;

import java.util.List;
import java.util.Map;

final class KnowledgeMapper {

    private KnowledgeMapper() {
    }

    static KnowledgeResponse toResponse(KnowledgeEntity e) {
        return new KnowledgeResponse(e.id, e.name, e.knowledgeType, e.domain, e.description,
                e.content == null ? Map.of() : e.content, list(e.rules), e.examples == null ? List.of() : e.examples,
                list(e.categories), list(e.tags), round(e.accuracy), round(e.completeness), round(e.reliability),
                e.usageCount, e.lastUsed, e.active, e.createdBy, e.createdAt, e.updatedAt, e.embeddingModel, e.version);
    }

    /** The entry as versioned: usage counters are not part of a version. */
    static KnowledgeResponse toSnapshot(KnowledgeEntity e) {
        KnowledgeResponse r = toResponse(e);
        return new KnowledgeResponse(r.id(), r.name(), r.knowledgeType(), r.domain(), r.description(), r.content(),
                r.rules(), r.examples(), r.categories(), r.tags(), r.accuracy(), r.completeness(), r.reliability(), 0,
                null, r.active(), r.createdBy(), r.createdAt(), r.updatedAt(), r.embeddingModel(), r.version());
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : List.of(values);
    }

    /** float columns printed as the decimal the client sent (0.7, not 0.699999988079071). */
    private static double round(float value) {
        return Double.parseDouble(Float.toString(value));
    }
}
