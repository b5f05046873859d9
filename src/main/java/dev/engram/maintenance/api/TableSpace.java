package dev.engram.maintenance.api;

/**
 * One table's size around a VACUUM: {@code pg_total_relation_size} (heap, indexes, TOAST, free space and visibility
 * maps) before and after, and what went back to the operating system ({@code max(0, before - after)}).
 */
public record TableSpace(String table, long bytesBefore, long bytesAfter, long bytesFreed) {
}
