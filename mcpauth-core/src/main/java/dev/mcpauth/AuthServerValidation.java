package dev.mcpauth;

import java.util.List;
import java.util.Objects;

/**
 * Whether an authorization server can serve MCP clients (the peers' {@code validateServerConfig}):
 * {@code code} response type, {@code authorization_code} grant, PKCE with {@code S256}, dynamic client
 * registration or Client ID Metadata Documents, a {@code jwks_uri}, https URLs.
 *
 * <pre>{@code
 * AuthServerValidation check = AuthServerValidation.of(metadata, true);
 * if (!check.isValid()) { System.err.println(check.errors()); }
 * }</pre>
 *
 * @param errors findings that make the server unusable for MCP clients
 * @param warnings limitations worth reporting
 * @param successes passed checks, filled only in verbose mode
 */
public record AuthServerValidation(List<AuthServerValidation.Issue> errors, List<AuthServerValidation.Issue> warnings,
    List<AuthServerValidation.Issue> successes) {
  /** Copies the lists so the result is immutable. */
  public AuthServerValidation {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
    successes = List.copyOf(successes);
  }

  /** Validates {@code metadata}, reporting errors and warnings. */
  public static AuthServerValidation of(AuthServerMetadata metadata) {
    return AuthServerValidator.validate(metadata, false);
  }

  /** Validates {@code metadata}; with {@code verbose}, passed checks are listed as successes too. */
  public static AuthServerValidation of(AuthServerMetadata metadata, boolean verbose) {
    return AuthServerValidator.validate(metadata, verbose);
  }

  /** True when there are no errors (warnings do not count). */
  public boolean isValid() {
    return errors.isEmpty();
  }

  /**
   * One finding: a code and a description specific to this finding.
   *
   * @param code the stable code, with its severity
   * @param description what was found, for people
   */
  public record Issue(Code code, String description) {
    /** Checks that both parts are present. */
    public Issue {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(description, "description");
    }

    static Issue of(Code code) {
      return new Issue(code, code.description());
    }

    @Override
    public String toString() {
      return code.code() + ": " + description;
    }
  }

  /**
   * Every result the validation can report, with its severity and a one-line explanation. The codes
   * shared with the npm and Python peers keep their spelling; the ones marked "ours" are checks neither
   * peer makes.
   */
  public enum Code {
    /** The metadata parsed and has the required members. */
    SERVER_METADATA_VALID(Severity.SUCCESS, "server_metadata_valid",
        "The server metadata is well-formed."),
    /** Some {@code response_types_supported} entry contains {@code code}. */
    CODE_RESPONSE_TYPE_SUPPORTED(Severity.SUCCESS, "code_response_type_supported",
        "The server supports the \"code\" response type."),
    /** No {@code response_types_supported} entry contains {@code code}. */
    CODE_RESPONSE_TYPE_NOT_SUPPORTED(Severity.ERROR, "code_response_type_not_supported",
        "The server does not support the \"code\" response type that MCP clients use."),
    /** {@code authorization_code} is a supported grant (explicitly or by the RFC 8414 default). */
    AUTHORIZATION_CODE_GRANT_SUPPORTED(Severity.SUCCESS, "authorization_code_grant_supported",
        "The server supports the authorization_code grant."),
    /** {@code authorization_code} is not a supported grant. */
    AUTHORIZATION_CODE_GRANT_NOT_SUPPORTED(Severity.ERROR, "authorization_code_grant_not_supported",
        "The server does not support the authorization_code grant."),
    /** {@code code_challenge_methods_supported} is present. */
    PKCE_SUPPORTED(Severity.SUCCESS, "pkce_supported", "The server supports PKCE."),
    /** {@code code_challenge_methods_supported} is absent: MCP clients refuse servers without PKCE. */
    PKCE_NOT_SUPPORTED(Severity.ERROR, "pkce_not_supported",
        "The server does not advertise PKCE (code_challenge_methods_supported is missing)."),
    /** {@code S256} is an advertised PKCE method. */
    S256_CODE_CHALLENGE_METHOD_SUPPORTED(Severity.SUCCESS, "s256_code_challenge_method_supported",
        "The server supports the S256 code challenge method."),
    /** PKCE is advertised without {@code S256}. */
    S256_CODE_CHALLENGE_METHOD_NOT_SUPPORTED(Severity.ERROR, "s256_code_challenge_method_not_supported",
        "The server does not support the S256 code challenge method."),
    /** A {@code registration_endpoint} is published (RFC 7591). */
    DYNAMIC_REGISTRATION_SUPPORTED(Severity.SUCCESS, "dynamic_registration_supported",
        "The server supports dynamic client registration."),
    /** No {@code registration_endpoint}: MCP clients must be registered by hand (or use CIMD). */
    DYNAMIC_REGISTRATION_NOT_SUPPORTED(Severity.WARNING, "dynamic_registration_not_supported",
        "The server does not support dynamic client registration; clients must be pre-registered."),
    /** Ours: the server accepts Client ID Metadata Documents, so no DCR warning is needed. */
    CLIENT_ID_METADATA_DOCUMENT_SUPPORTED(Severity.SUCCESS, "client_id_metadata_document_supported",
        "The server accepts Client ID Metadata Documents (URL client ids)."),
    /** Ours: a {@code jwks_uri} is published, so JWT access tokens can be verified. */
    JWKS_URI_PRESENT(Severity.SUCCESS, "jwks_uri_present",
        "The server publishes its signing keys (jwks_uri)."),
    /** Ours, caught at configuration time instead of per request: no {@code jwks_uri}. */
    MISSING_JWKS_URI(Severity.ERROR, "missing_jwks_uri",
        "The server publishes no jwks_uri, so JWT access tokens from it cannot be verified."),
    /** Ours: the issuer or an endpoint the resource server calls is not https (loopback excepted). */
    INSECURE_URL(Severity.ERROR, "insecure_url",
        "The issuer and jwks_uri must use https (http is accepted only for loopback hosts).");

    /** How much a result matters. */
    public enum Severity {
      /** The server cannot serve MCP clients as configured. */
      ERROR,
      /** The server works, with a limitation worth knowing. */
      WARNING,
      /** A check passed (reported in verbose mode only). */
      SUCCESS
    }

    private final Severity severity;
    private final String code;
    private final String description;

    Code(Severity severity, String code, String description) {
      this.severity = severity;
      this.code = code;
      this.description = description;
    }

    /** Error, warning or success. */
    public Severity severity() {
      return severity;
    }

    /** The snake_case code. */
    public String code() {
      return code;
    }

    /** A one-line explanation for people. */
    public String description() {
      return description;
    }
  }
}
