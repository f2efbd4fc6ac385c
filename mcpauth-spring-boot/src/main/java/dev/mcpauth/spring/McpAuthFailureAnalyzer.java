package dev.mcpauth.spring;

import dev.mcpauth.McpAuthConfigException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns MCP Auth's startup failures into Spring Boot failure analyses (Description / Action) rather
 * than the sixth "Caused by" of a long trace: {@link McpAuthStartupException} (an MCP endpoint that
 * would be unprotected) and the core's {@link McpAuthConfigException} (a configuration that cannot
 * work).
 */
public final class McpAuthFailureAnalyzer implements FailureAnalyzer {

  /** Creates the analyzer (Spring Boot instantiates it from {@code spring.factories}). */
  public McpAuthFailureAnalyzer() {}

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof McpAuthStartupException startup) {
        return new FailureAnalysis(startup.description(), startup.action(), startup);
      }
      if (t instanceof McpAuthConfigException config) {
        return new FailureAnalysis(
            "MCP Auth cannot be configured: " + config.getMessage(),
            "Fix the mcpauth.* properties (or the McpAuthCustomizer) as the description says.",
            config);
      }
    }
    return null;
  }
}
