package dev.engram.platform;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A Panache (JPQL) query made of conditions joined by {@code and}, for list endpoints with optional filters: a
 * condition whose value is absent (null, or an empty collection) is left out. Values are always named parameters,
 * never part of the text.
 */
public final class Conditions {

    private final StringBuilder query;
    private final Map<String, Object> params = new HashMap<>();

    private Conditions(String condition) {
        this.query = new StringBuilder(condition);
    }

    /** The first condition, which always applies (the tenant). */
    public static Conditions where(String condition, String name, Object value) {
        Conditions c = new Conditions(condition);
        c.params.put(name, value);
        return c;
    }

    /** Adds {@code and condition} with its named parameter, unless the value is absent. */
    public Conditions and(String condition, String name, Object value) {
        if (value == null || value instanceof Collection<?> values && values.isEmpty()) {
            return this;
        }
        query.append(" and ").append(condition);
        params.put(name, value);
        return this;
    }

    /**
     * Keyset paging in newest-first order: rows before the position (createdAt, id) of the last row of the previous
     * page, unless there is none (the first page).
     */
    public Conditions before(PageCursor cursor) {
        return cursor == null ? this : before(cursor.createdAt(), cursor.id());
    }

    /** As {@link #before(PageCursor)}, with the position's parts. */
    public Conditions before(Instant createdAt, UUID id) {
        if (createdAt == null) {
            return this;
        }
        query.append(" and (createdAt < :cAt or (createdAt = :cAt and id < :cId))");
        params.put("cAt", createdAt);
        params.put("cId", id);
        return this;
    }

    /** The query text with its order. */
    public String orderBy(String order) {
        return query + " order by " + order;
    }

    public Map<String, Object> params() {
        return params;
    }

    /** A number compared with a {@code real} column (a {@code Double} parameter would not match a float field). */
    public static Float real(Double value) {
        return value == null ? null : value.floatValue();
    }
}
