package dev.mcpauth.mcp;

import dev.mcpauth.McpGate;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncListFilter;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Objects;

/**
 * Hides, in {@code tools/list}, the tools the caller lacks the scopes for (MCP Java SDK 2.1+
 * {@code addToolFilter}). Hiding is a courtesy, not enforcement: {@link dev.mcpauth.mcp.servlet.McpAuthFilter} refuses the call
 * itself with 403. This class is the only one in the module that needs SDK 2.1.
 */
public final class ScopeToolFilter implements McpSyncListFilter<McpSchema.Tool> {
  private final McpGate gate;

  /** A filter applying the gate's tool scopes. */
  public ScopeToolFilter(McpGate gate) {
    this.gate = Objects.requireNonNull(gate, "gate");
  }

  @Override
  public boolean isVisible(McpTransportContext context, McpSchema.Tool tool) {
    return McpAuthContext.authInfo(context).map(info -> gate.mayCallTool(tool.name(), info)).orElse(false);
  }
}
