package dev.mcpauth;

import java.util.List;
import java.util.Objects;

/**
 * A configuration, discovery or metadata problem, carrying a stable {@link
 * McpAuthConfigException.Code}.
 *
 * <p>Thrown when building an {@link McpAuth} from a configuration that cannot work, and by the
 * discovery functions of {@link AuthServerDiscovery}. Never thrown by {@link
 * BearerAuth#verify(RequestHeaders)}: during a request, an unreachable authorization server is an
 * {@link AuthResult.Denied} with status 503.
 */
public final class McpAuthConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final McpAuthConfigException.Code code;
  private final transient List<AuthServerMetadata.Validation.Issue> issues;

  /** Creates an exception with a code and a message that says what to fix. */
  public McpAuthConfigException(McpAuthConfigException.Code code, String message) {
    this(code, message, null, List.of());
  }

  /** Creates an exception with a code, a message and the underlying cause. */
  public McpAuthConfigException(McpAuthConfigException.Code code, String message, Throwable cause) {
    this(code, message, cause, List.of());
  }

  /** Creates an exception that reports the issues a validation found. */
  public McpAuthConfigException(
      McpAuthConfigException.Code code,
      String message,
      List<AuthServerMetadata.Validation.Issue> issues) {
    this(code, message, null, issues);
  }

  private McpAuthConfigException(
      McpAuthConfigException.Code code,
      String message,
      Throwable cause,
      List<AuthServerMetadata.Validation.Issue> issues) {
    super(code.code() + ": " + message, cause);
    this.code = Objects.requireNonNull(code, "code");
    this.issues = List.copyOf(issues);
  }

  /** The stable error code. */
  public McpAuthConfigException.Code code() {
    return code;
  }

  /**
   * The validation errors and warnings behind this exception; empty when it did not come from
   * validation.
   */
  public List<AuthServerMetadata.Validation.Issue> issues() {
    return issues;
  }

  /**
   * Stable codes of configuration and discovery failures, spelled as the npm and Python peers spell
   * them so that their documentation translates one to one.
   */
  public enum Code {
    /** The configuration does not describe a usable protected resource or authorization server. */
    INVALID_SERVER_CONFIG("invalid_server_config"),
    /**
     * Authorization server metadata is malformed (not an object, a required member missing, wrong
     * type).
     */
    INVALID_SERVER_METADATA("invalid_server_metadata"),
    /** The authorization server metadata could not be fetched (network, status, size, timeout). */
    FETCH_SERVER_CONFIG_ERROR("fetch_server_config_error"),
    /**
     * The authorization server publishes no {@code jwks_uri}, so JWTs from it cannot be verified.
     */
    MISSING_JWKS_URI("missing_jwks_uri"),
    /**
     * The fetched metadata names another issuer than the one requested (RFC 8414 §3.3, OIDC
     * Discovery §4.3): the document must not be used.
     */
    ISSUER_MISMATCH("issuer_mismatch"),
    /** A URL the library would send credentials to is neither https nor http on a loopback host. */
    INSECURE_URL("insecure_url");

    private final String code;

    Code(String code) {
      this.code = code;
    }

    /** The snake_case code, e.g. {@code invalid_server_config}. */
    public String code() {
      return code;
    }
  }
}
