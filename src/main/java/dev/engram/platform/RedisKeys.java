package dev.engram.platform;

/**
 * Every Redis key Engram uses, built here and nowhere else: {@code engram:{tenant}:…}. Identifiers are validated
 * before they reach this class (session ids and cache keys have restricted alphabets), so a caller cannot reach
 * into another tenant's keys.
 */
public final class RedisKeys {

    private RedisKeys() {
    }

    private static String prefix(String tenantId) {
        return "engram:" + tenantId + ":";
    }

    /** What follows the session id in {@link #sessionTurns}. */
    public static final String SESSION_TURNS_SUFFIX = ":turns";

    /** What follows the session id in {@link #sessionMeta}. */
    public static final String SESSION_META_SUFFIX = ":meta";

    /**
     * What precedes the session id in a session's keys: a script that evicts sessions builds their keys as this
     * prefix + id + {@link #SESSION_TURNS_SUFFIX} or {@link #SESSION_META_SUFFIX}.
     */
    public static String sessionKeyPrefix(String tenantId) {
        return prefix(tenantId) + "session:";
    }

    /** LIST of a session's turns (JSON), oldest first. */
    public static String sessionTurns(String tenantId, String sessionId) {
        return sessionKeyPrefix(tenantId) + sessionId + SESSION_TURNS_SUFFIX;
    }

    /** HASH of a session's metadata (userId, agentId, contextId, createdAt, lastAccess, accessCount, seq, …). */
    public static String sessionMeta(String tenantId, String sessionId) {
        return sessionKeyPrefix(tenantId) + sessionId + SESSION_META_SUFFIX;
    }

    /** SCAN pattern matching the metadata hash of every session of a tenant. */
    public static String sessionMetaPattern(String tenantId) {
        return prefix(tenantId) + "session:*:meta";
    }

    /** The session id of a key matched by {@link #sessionMetaPattern(String)}. */
    public static String sessionOfMetaKey(String tenantId, String key) {
        return key.substring((prefix(tenantId) + "session:").length(), key.length() - ":meta".length());
    }

    /** Lock held while a session is promoted to long-term memory. */
    public static String sessionPromotionLock(String tenantId, String sessionId) {
        return prefix(tenantId) + "session:" + sessionId + ":promotion-lock";
    }

    /** ZSET of a tenant's sessions scored by last write (epoch millis), for listing and the tenant cap. */
    public static String sessionIndex(String tenantId) {
        return prefix(tenantId) + "sessions";
    }

    /** ZSET of the same sessions scored by expiry (Redis server time, epoch millis); see {@code ExpiringIndex}. */
    public static String sessionExpiryIndex(String tenantId) {
        return prefix(tenantId) + "session-expiry";
    }

    /**
     * SCAN pattern for every tenant's session index. Other keys match it too (a cache key may contain ':', as in
     * {@code engram:t:cache:x:sessions}): check each match with {@link #tenantOfSessionIndex(String)}.
     */
    public static String sessionIndexPattern() {
        return "engram:*:sessions";
    }

    /**
     * The tenant of a session index key, or null when {@code key} has another shape: tenant ids never contain ':', so
     * a session index is exactly {@code engram:<no colon>:sessions}.
     */
    public static String tenantOfSessionIndex(String key) {
        String suffix = ":sessions";
        if (!key.startsWith("engram:") || !key.endsWith(suffix) || key.length() <= "engram:".length() + suffix.length()) {
            return null;
        }
        String tenant = key.substring("engram:".length(), key.length() - suffix.length());
        return tenant.indexOf(':') >= 0 ? null : tenant;
    }

    /**
     * What precedes the key in {@link #value}: a script that evicts entries builds their keys as this prefix + key.
     */
    public static String valueKeyPrefix(String tenantId, String namespace) {
        return prefix(tenantId) + namespace + ":";
    }

    /** STRING holding one cached JSON value; {@code namespace} is {@code cache} or {@code temp}. */
    public static String value(String tenantId, String namespace, String key) {
        return valueKeyPrefix(tenantId, namespace) + key;
    }

    /** ZSET of a namespace's keys scored by write time (epoch millis), for capacity eviction. */
    public static String valueIndex(String tenantId, String namespace) {
        return prefix(tenantId) + namespace + "-index";
    }

    /** ZSET of the same keys scored by expiry (Redis server time, epoch millis); see {@code ExpiringIndex}. */
    public static String valueExpiryIndex(String tenantId, String namespace) {
        return prefix(tenantId) + namespace + "-expiry";
    }

    /** STRING holding a cached query embedding. */
    public static String queryEmbedding(String tenantId, String model, String textHash) {
        return prefix(tenantId) + "query-embedding:" + model + ":" + textHash;
    }

    /** SCAN pattern matching every cached query embedding of a tenant (any model). */
    public static String queryEmbeddingPattern(String tenantId) {
        return prefix(tenantId) + "query-embedding:*";
    }

    /** Pub/sub channel on which revoked API key ids (or {@code *}) are announced to every pod. */
    public static String authRevocationChannel() {
        return "engram:_system:auth:revocations";
    }

    /** Token bucket of one API key. */
    public static String rateLimitBucket(String tenantId, String keyId) {
        return prefix(tenantId) + "ratelimit:" + keyId;
    }

    /** STREAM of a tenant's recent events (capped), read to replay what an SSE client missed. */
    public static String events(String tenantId) {
        return prefix(tenantId) + "events";
    }

    /** Pub/sub channel on which a tenant's events are fanned out to every pod. */
    public static String eventChannel(String tenantId) {
        return prefix(tenantId) + "events:live";
    }

    /** Pattern matching every tenant's {@link #eventChannel(String)}. */
    public static String eventChannelPattern() {
        return "engram:*:events:live";
    }

    /** The tenant of a channel matched by {@link #eventChannelPattern()}. */
    public static String tenantOfEventChannel(String channel) {
        return channel.substring("engram:".length(), channel.length() - ":events:live".length());
    }
}
