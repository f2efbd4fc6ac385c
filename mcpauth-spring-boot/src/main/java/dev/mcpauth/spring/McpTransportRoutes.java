package dev.mcpauth.spring;

import java.util.List;

/**
 * The MCP transports whose routes the stack's filter recognises (WebMVC or WebFlux): what the
 * startup check compares with every MCP transport the application serves.
 */
public interface McpTransportRoutes {

  /** Whether requests to {@code transport} are recognised, so they go through the gate. */
  boolean covers(Object transport);

  /** The recognised transports with their routes, described for the startup log. */
  List<String> transports();
}
