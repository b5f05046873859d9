package dev.engram.transfer;

import java.util.List;
import java.util.Optional;

import static dev.engram.transfer.Column.joined;
import static dev.engram.transfer.Column.of;
import static dev.engram.transfer.Column.required;
import static dev.engram.transfer.Column.withDefault;
import static dev.engram.transfer.ColumnType.BIGINT;
import static dev.engram.transfer.ColumnType.BOOL;
import static dev.engram.transfer.ColumnType.DOUBLE;
import static dev.engram.transfer.ColumnType.DURATION_SECONDS;
import static dev.engram.transfer.ColumnType.INT;
import static dev.engram.transfer.ColumnType.JSON_ARRAY;
import static dev.engram.transfer.ColumnType.JSON_OBJECT;
import static dev.engram.transfer.ColumnType.REAL;
import static dev.engram.transfer.ColumnType.TEXT;
import static dev.engram.transfer.ColumnType.TEXT_ARRAY;
import static dev.engram.transfer.ColumnType.TIMESTAMP;
import static dev.engram.transfer.ColumnType.UUID;
import static dev.engram.transfer.ColumnType.VECTOR;

/**
 * The record kinds of an export, in the order they are written and must be imported (types and contexts before the
 * memories that name them, memories before the associations between them; memories that a consolidation merged come
 * after every survivor). Each kind lists every column of its table except the tenant (which comes from the caller's
 * key) and derived ones (memory.search_vector), plus the memory's access statistics from memory_access;
 * {@code TransferColumnsTest} fails when a migration adds a column that is not listed here.
 */
enum Kind {
    MEMORY_TYPE("memory_type", "memory_type", "code", "order by code", List.of(
            required("code", "code", TEXT),
            required("name", "name", TEXT),
            of("description", "description", TEXT),
            of("retentionPeriod", "retention_seconds", DURATION_SECONDS),
            of("maxCapacity", "max_capacity", INT),
            withDefault("priority", "priority", INT, "0"),
            withDefault("active", "active", BOOL, "true"),
            required("createdAt", "created_at", TIMESTAMP),
            required("updatedAt", "updated_at", TIMESTAMP))),
    CONTEXT("context", "context", "id", "order by created_at, id", List.of(
            required("id", "id", UUID),
            required("type", "context_type", TEXT),
            required("name", "name", TEXT),
            of("description", "description", TEXT),
            of("userId", "user_id", TEXT),
            of("agentId", "agent_id", TEXT),
            withDefault("metadata", "metadata", JSON_OBJECT, "{}"),
            withDefault("tags", "tags", TEXT_ARRAY, "[]"),
            withDefault("status", "status", TEXT, "\"active\""),
            required("startedAt", "started_at", TIMESTAMP),
            of("endedAt", "ended_at", TIMESTAMP),
            of("lastAccessed", "last_accessed", TIMESTAMP),
            required("createdAt", "created_at", TIMESTAMP),
            required("updatedAt", "updated_at", TIMESTAMP),
            withDefault("version", "version", BIGINT, "0"))),
    MEMORY("memory", "memory", "id", "order by superseded_by is not null, created_at, id", List.of(
            required("id", "id", UUID),
            required("type", "type_code", TEXT),
            of("contextId", "context_id", UUID),
            of("userId", "user_id", TEXT),
            of("agentId", "agent_id", TEXT),
            of("title", "title", TEXT),
            required("content", "content", TEXT),
            of("summary", "summary", TEXT),
            of("searchContext", "search_context", TEXT),
            of("structuredData", "structured_data", JSON_OBJECT),
            withDefault("keywords", "keywords", TEXT_ARRAY, "[]"),
            withDefault("entities", "entities", TEXT_ARRAY, "[]"),
            withDefault("importance", "importance", REAL, "0.5"),
            withDefault("confidence", "confidence", REAL, "1.0"),
            joined("accessCount", "access_count", INT, "0",
                    "select coalesce(max(a.access_count), 0) from memory_access a where a.memory_id = memory.id"),
            joined("lastAccessed", "last_accessed", TIMESTAMP, null,
                    "select a.last_accessed from memory_access a where a.memory_id = memory.id"),
            of("learnedFrom", "learned_from", TEXT),
            withDefault("validationStatus", "validation_status", TEXT, "\"unvalidated\""),
            of("expiresAt", "expires_at", TIMESTAMP),
            withDefault("permanent", "permanent", BOOL, "false"),
            withDefault("metadata", "metadata", JSON_OBJECT, "{}"),
            required("occurredAt", "occurred_at", TIMESTAMP),
            required("createdAt", "created_at", TIMESTAMP),
            required("updatedAt", "updated_at", TIMESTAMP),
            of("createdBy", "created_by", TEXT),
            required("contentHash", "content_hash", TEXT),
            of("embeddingModel", "embedding_model", TEXT),
            withDefault("version", "version", BIGINT, "0"),
            of("supersededBy", "superseded_by", UUID),
            of("supersededAt", "superseded_at", TIMESTAMP),
            of("importanceDecayedAt", "importance_decayed_at", TIMESTAMP),
            of("embedding", "embedding", VECTOR),
            History.MEMORY_REVISIONS.column())),
    ASSOCIATION("association", "association", "id", "order by created_at, id", List.of(
            required("id", "id", UUID),
            required("sourceId", "source_id", UUID),
            required("targetId", "target_id", UUID),
            required("type", "association_type", TEXT),
            withDefault("strength", "strength", REAL, "0.5"),
            withDefault("confidence", "confidence", REAL, "1.0"),
            of("description", "description", TEXT),
            withDefault("learnedAutomatically", "learned_automatically", BOOL, "false"),
            withDefault("usageCount", "usage_count", INT, "0"),
            of("lastUsed", "last_used", TIMESTAMP),
            required("createdAt", "created_at", TIMESTAMP),
            required("updatedAt", "updated_at", TIMESTAMP))),
    KNOWLEDGE("knowledge", "knowledge_entry", "id", "order by created_at, id", List.of(
            required("id", "id", UUID),
            required("name", "name", TEXT),
            required("knowledgeType", "knowledge_type", TEXT),
            of("domain", "domain", TEXT),
            of("description", "description", TEXT),
            withDefault("content", "content", JSON_OBJECT, "{}"),
            withDefault("rules", "rules", TEXT_ARRAY, "[]"),
            withDefault("examples", "examples", JSON_ARRAY, "[]"),
            withDefault("categories", "categories", TEXT_ARRAY, "[]"),
            withDefault("tags", "tags", TEXT_ARRAY, "[]"),
            withDefault("accuracy", "accuracy", REAL, "1.0"),
            withDefault("completeness", "completeness", REAL, "1.0"),
            withDefault("reliability", "reliability", REAL, "1.0"),
            withDefault("usageCount", "usage_count", INT, "0"),
            of("lastUsed", "last_used", TIMESTAMP),
            withDefault("active", "active", BOOL, "true"),
            of("createdBy", "created_by", TEXT),
            required("createdAt", "created_at", TIMESTAMP),
            required("updatedAt", "updated_at", TIMESTAMP),
            of("embeddingModel", "embedding_model", TEXT),
            withDefault("version", "version", BIGINT, "1"),
            of("embedding", "embedding", VECTOR),
            History.KNOWLEDGE_VERSIONS.column())),
    PATTERN("pattern", "learning_pattern", "id", "order by created_at, id", List.of(
            required("id", "id", UUID),
            required("name", "name", TEXT),
            required("patternType", "pattern_type", TEXT),
            of("description", "description", TEXT),
            of("userId", "user_id", TEXT),
            of("agentId", "agent_id", TEXT),
            withDefault("conditions", "conditions", JSON_OBJECT, "{}"),
            withDefault("actions", "actions", JSON_OBJECT, "{}"),
            withDefault("patternData", "pattern_data", JSON_OBJECT, "{}"),
            required("priorConfidence", "prior_confidence", REAL),
            required("confidence", "confidence", REAL),
            withDefault("support", "support", INT, "0"),
            withDefault("frequency", "frequency", INT, "0"),
            withDefault("appliedCount", "applied_count", BIGINT, "0"),
            withDefault("successCount", "success_count", BIGINT, "0"),
            of("successRate", "success_rate", REAL),
            of("lastApplied", "last_applied", TIMESTAMP),
            withDefault("active", "active", BOOL, "true"),
            required("createdAt", "created_at", TIMESTAMP),
            required("updatedAt", "updated_at", TIMESTAMP),
            withDefault("version", "version", BIGINT, "0"))),
    EXPERIENCE("experience", "experience", "id", "order by created_at, id", List.of(
            required("id", "id", UUID),
            required("subject", "subject", TEXT),
            required("subjectFamily", "subject_family", TEXT),
            required("issueType", "issue_type", TEXT),
            required("description", "description", TEXT),
            of("prompt", "prompt", TEXT),
            of("response", "response", TEXT),
            withDefault("responseLength", "response_length", INT, "0"),
            of("actor", "actor", TEXT),
            of("analysis", "analysis", TEXT),
            withDefault("actions", "actions", TEXT_ARRAY, "[]"),
            required("success", "success", BOOL),
            withDefault("verified", "verified", BOOL, "false"),
            of("durationSeconds", "duration_seconds", DOUBLE),
            withDefault("environment", "environment", JSON_OBJECT, "{}"),
            of("notes", "notes", TEXT),
            required("signature", "signature", TEXT),
            required("occurredAt", "occurred_at", TIMESTAMP),
            required("createdAt", "created_at", TIMESTAMP),
            of("embeddingModel", "embedding_model", TEXT),
            of("embedding", "embedding", VECTOR)));

    private final String code;
    private final String table;
    private final String keyField;
    private final String orderBy;
    private final List<Column> columns;

    Kind(String code, String table, String keyField, String orderBy, List<Column> columns) {
        this.code = code;
        this.table = table;
        this.keyField = keyField;
        this.orderBy = orderBy;
        this.columns = columns;
    }

    /** The name in the export: {@code "kind"} of an NDJSON line, key of the JSON document, key of the counts. */
    String code() {
        return code;
    }

    String table() {
        return table;
    }

    /** The field that identifies a record: {@code id}, or {@code code} for memory types. */
    String keyField() {
        return keyField;
    }

    String orderBy() {
        return orderBy;
    }

    List<Column> columns() {
        return columns;
    }

    /** The columns an import writes to the kind's table (everything but derived fields and side-table columns). */
    List<Column> storedColumns() {
        return columns.stream().filter(c -> c.column() != null && !c.isJoined()).toList();
    }

    /** The columns kept in a side table keyed by the record's id (memory: memory_access). */
    List<Column> joinedColumns() {
        return columns.stream().filter(Column::isJoined).toList();
    }

    /** The earlier versions kept with each record of the kind (knowledge versions, memory revisions), or null. */
    History history() {
        return switch (this) {
            case KNOWLEDGE -> History.KNOWLEDGE_VERSIONS;
            case MEMORY -> History.MEMORY_REVISIONS;
            default -> null;
        };
    }

    boolean hasEmbedding() {
        return columns.stream().anyMatch(c -> c.type() == ColumnType.VECTOR);
    }

    static Optional<Kind> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        for (Kind k : values()) {
            if (k.code.equals(code)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
