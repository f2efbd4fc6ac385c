package dev.mcpauth;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks that an authorization server can serve MCP clients: the peers' rules (the {@code code}
 * response type, the authorization_code grant, PKCE with S256, dynamic registration) plus ours
 * ({@code jwks_uri} present, https endpoints, Client ID Metadata Documents as an alternative to DCR).
 *
 * <p>Stateless and thread-safe.
 */
final class AuthServerValidator {

  /** RFC 8414 §2: when {@code grant_types_supported} is omitted the default is these two. */
  static final List<String> DEFAULT_GRANT_TYPES = List.of("authorization_code", "implicit");

  private AuthServerValidator() {}

  /** Validates without recording successes. */
  static AuthServerValidation validate(AuthServerMetadata metadata) {
    return validate(metadata, false);
  }

  /**
   * Validates the metadata.
   *
   * @param verbose also record every passed check in {@link AuthServerValidation#successes()}
   */
  static AuthServerValidation validate(AuthServerMetadata metadata, boolean verbose) {
    List<AuthServerValidation.Issue> errors = new ArrayList<>();
    List<AuthServerValidation.Issue> warnings = new ArrayList<>();
    List<AuthServerValidation.Issue> successes = new ArrayList<>();
    successes.add(AuthServerValidation.Issue.of(AuthServerValidation.Code.SERVER_METADATA_VALID));

    boolean code = metadata.responseTypesSupported().stream()
        .anyMatch(t -> List.of(t.split(" ")).contains("code"));
    (code ? successes : errors).add(AuthServerValidation.Issue.of(code
        ? AuthServerValidation.Code.CODE_RESPONSE_TYPE_SUPPORTED : AuthServerValidation.Code.CODE_RESPONSE_TYPE_NOT_SUPPORTED));

    List<String> grants = metadata.hasGrantTypes() ? metadata.grantTypesSupported() : DEFAULT_GRANT_TYPES;
    boolean authCode = grants.contains("authorization_code");
    (authCode ? successes : errors).add(AuthServerValidation.Issue.of(authCode
        ? AuthServerValidation.Code.AUTHORIZATION_CODE_GRANT_SUPPORTED
        : AuthServerValidation.Code.AUTHORIZATION_CODE_GRANT_NOT_SUPPORTED));

    if (!metadata.hasCodeChallengeMethods()) {
      errors.add(AuthServerValidation.Issue.of(AuthServerValidation.Code.PKCE_NOT_SUPPORTED));
    } else {
      successes.add(AuthServerValidation.Issue.of(AuthServerValidation.Code.PKCE_SUPPORTED));
      boolean s256 = metadata.codeChallengeMethodsSupported().contains("S256");
      (s256 ? successes : errors).add(AuthServerValidation.Issue.of(s256
          ? AuthServerValidation.Code.S256_CODE_CHALLENGE_METHOD_SUPPORTED
          : AuthServerValidation.Code.S256_CODE_CHALLENGE_METHOD_NOT_SUPPORTED));
    }

    if (metadata.registrationEndpoint().isPresent()) {
      successes.add(AuthServerValidation.Issue.of(AuthServerValidation.Code.DYNAMIC_REGISTRATION_SUPPORTED));
    }
    if (metadata.clientIdMetadataDocumentSupported()) {
      successes.add(AuthServerValidation.Issue.of(AuthServerValidation.Code.CLIENT_ID_METADATA_DOCUMENT_SUPPORTED));
    }
    if (metadata.registrationEndpoint().isEmpty() && !metadata.clientIdMetadataDocumentSupported()) {
      warnings.add(AuthServerValidation.Issue.of(AuthServerValidation.Code.DYNAMIC_REGISTRATION_NOT_SUPPORTED));
    }

    if (metadata.jwksUri().isPresent()) {
      successes.add(new AuthServerValidation.Issue(AuthServerValidation.Code.JWKS_URI_PRESENT,
          "The server publishes its signing keys at " + metadata.jwksUri().get() + "."));
    } else {
      errors.add(AuthServerValidation.Issue.of(AuthServerValidation.Code.MISSING_JWKS_URI));
    }

    checkSecure(metadata.issuer(), "issuer", errors);
    metadata.jwksUri().ifPresent(uri -> checkSecure(uri, "jwks_uri", errors));

    return new AuthServerValidation(errors, warnings, verbose ? successes : List.of());
  }

  private static void checkSecure(String url, String member, List<AuthServerValidation.Issue> errors) {
    if (!SecureUrls.isHttpsOrLoopback(url)) {
      errors.add(new AuthServerValidation.Issue(AuthServerValidation.Code.INSECURE_URL,
          member + " must be an https URL (http only for loopback hosts): " + url));
    }
  }
}
