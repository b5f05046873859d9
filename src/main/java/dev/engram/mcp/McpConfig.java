package dev.engram.mcp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The MCP endpoint ({@code /mcp}; docs/mcp.md). */
@ConfigMapping(prefix = "engram.mcp")
public interface McpConfig {

    /** Serve the MCP endpoint; {@code false} answers every request to {@code /mcp} with a 404 problem. */
    @WithDefault("true")
    boolean enabled();
}
