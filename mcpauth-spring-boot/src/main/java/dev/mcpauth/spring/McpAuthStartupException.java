package dev.mcpauth.spring;

import java.util.Objects;

/**
 * A configuration that would leave an MCP endpoint unprotected, found at startup: the application
 * refuses to start. Spring Boot reports it as a failure analysis, with {@link #description()} and
 * {@link #action()}.
 */
public final class McpAuthStartupException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String description;
  private final String action;

  /**
   * A startup failure.
   *
   * @param description what is wrong
   * @param action what to change
   */
  public McpAuthStartupException(String description, String action) {
    super(description + " Action: " + action);
    this.description = Objects.requireNonNull(description, "description");
    this.action = Objects.requireNonNull(action, "action");
  }

  /** What is wrong. */
  public String description() {
    return description;
  }

  /** What to change. */
  public String action() {
    return action;
  }
}
