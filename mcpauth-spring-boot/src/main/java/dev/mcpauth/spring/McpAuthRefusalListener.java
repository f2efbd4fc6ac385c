package dev.mcpauth.spring;

import dev.mcpauth.DenialReason;

/**
 * Told about every request MCP Auth refused, for metrics and audit logs. Receives only the resource
 * and the typed reason: never a token, a subject or a header. Declare implementations as beans; they
 * run on the request thread (an event loop on WebFlux), so they must be quick and must not block.
 */
@FunctionalInterface
public interface McpAuthRefusalListener {
  /**
   * One request was refused.
   *
   * @param resource the resource identifier of the refusing route
   * @param reason why
   */
  void refused(String resource, DenialReason reason);
}
