package dev.mcpauth;

import java.util.List;
import java.util.Objects;

/**
 * A configuration, discovery or metadata problem, carrying a stable {@link ConfigErrorCode}.
 *
 * <p>Thrown when building an {@link McpAuth} from a configuration that cannot work, and by the
 * discovery functions of {@link AuthServerDiscovery}. Never thrown by
 * {@link BearerAuth#verify(RequestHeaders)}: during a request, an unreachable authorization server is
 * an {@link AuthResult.Denied} with status 503.
 */
public final class McpAuthConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ConfigErrorCode code;
  private final transient List<ValidationIssue> issues;

  /** Creates an exception with a code and a message that says what to fix. */
  public McpAuthConfigException(ConfigErrorCode code, String message) {
    this(code, message, null, List.of());
  }

  /** Creates an exception with a code, a message and the underlying cause. */
  public McpAuthConfigException(ConfigErrorCode code, String message, Throwable cause) {
    this(code, message, cause, List.of());
  }

  /** Creates an exception that reports the issues a validation found. */
  public McpAuthConfigException(ConfigErrorCode code, String message, List<ValidationIssue> issues) {
    this(code, message, null, issues);
  }

  private McpAuthConfigException(
      ConfigErrorCode code, String message, Throwable cause, List<ValidationIssue> issues) {
    super(code.code() + ": " + message, cause);
    this.code = Objects.requireNonNull(code, "code");
    this.issues = List.copyOf(issues);
  }

  /** The stable error code. */
  public ConfigErrorCode code() {
    return code;
  }

  /** The validation errors and warnings behind this exception; empty when it did not come from validation. */
  public List<ValidationIssue> issues() {
    return issues;
  }
}
