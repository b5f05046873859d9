package dev.engram.tenant.api;

import java.time.Instant;

public record TenantResponse(String id, String name, boolean active, Instant createdAt) {
}
