package dev.mcpauth;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks that an authorization server can serve MCP clients: the peers' rules (the {@code code}
 * response type, the authorization_code grant, PKCE with S256, dynamic registration) plus ours
 * ({@code jwks_uri} present, https endpoints, Client ID Metadata Documents as an alternative to
 * DCR).
 *
 * <p>Stateless and thread-safe.
 */
final class AuthServerValidator {

  /** RFC 8414 §2: when {@code grant_types_supported} is omitted the default is these two. */
  static final List<String> DEFAULT_GRANT_TYPES = List.of("authorization_code", "implicit");

  private AuthServerValidator() {}

  /** Validates without recording successes. */
  static AuthServerMetadata.Validation validate(AuthServerMetadata metadata) {
    return validate(metadata, false);
  }

  /**
   * Validates the metadata.
   *
   * @param verbose also record every passed check in {@link
   *     AuthServerMetadata.Validation#successes()}
   */
  static AuthServerMetadata.Validation validate(AuthServerMetadata metadata, boolean verbose) {
    List<AuthServerMetadata.Validation.Issue> errors = new ArrayList<>();
    List<AuthServerMetadata.Validation.Issue> warnings = new ArrayList<>();
    List<AuthServerMetadata.Validation.Issue> successes = new ArrayList<>();
    successes.add(
        AuthServerMetadata.Validation.Issue.of(
            AuthServerMetadata.Validation.Code.SERVER_METADATA_VALID));

    boolean code =
        metadata.responseTypesSupported().stream()
            .anyMatch(t -> List.of(t.split(" ")).contains("code"));
    (code ? successes : errors)
        .add(
            AuthServerMetadata.Validation.Issue.of(
                code
                    ? AuthServerMetadata.Validation.Code.CODE_RESPONSE_TYPE_SUPPORTED
                    : AuthServerMetadata.Validation.Code.CODE_RESPONSE_TYPE_NOT_SUPPORTED));

    List<String> grants =
        metadata.hasGrantTypes() ? metadata.grantTypesSupported() : DEFAULT_GRANT_TYPES;
    boolean authCode = grants.contains("authorization_code");
    (authCode ? successes : errors)
        .add(
            AuthServerMetadata.Validation.Issue.of(
                authCode
                    ? AuthServerMetadata.Validation.Code.AUTHORIZATION_CODE_GRANT_SUPPORTED
                    : AuthServerMetadata.Validation.Code.AUTHORIZATION_CODE_GRANT_NOT_SUPPORTED));

    if (!metadata.hasCodeChallengeMethods()) {
      errors.add(
          AuthServerMetadata.Validation.Issue.of(
              AuthServerMetadata.Validation.Code.PKCE_NOT_SUPPORTED));
    } else {
      successes.add(
          AuthServerMetadata.Validation.Issue.of(
              AuthServerMetadata.Validation.Code.PKCE_SUPPORTED));
      boolean s256 = metadata.codeChallengeMethodsSupported().contains("S256");
      (s256 ? successes : errors)
          .add(
              AuthServerMetadata.Validation.Issue.of(
                  s256
                      ? AuthServerMetadata.Validation.Code.S256_CODE_CHALLENGE_METHOD_SUPPORTED
                      : AuthServerMetadata.Validation.Code
                          .S256_CODE_CHALLENGE_METHOD_NOT_SUPPORTED));
    }

    if (metadata.registrationEndpoint().isPresent()) {
      successes.add(
          AuthServerMetadata.Validation.Issue.of(
              AuthServerMetadata.Validation.Code.DYNAMIC_REGISTRATION_SUPPORTED));
    }
    if (metadata.clientIdMetadataDocumentSupported()) {
      successes.add(
          AuthServerMetadata.Validation.Issue.of(
              AuthServerMetadata.Validation.Code.CLIENT_ID_METADATA_DOCUMENT_SUPPORTED));
    }
    if (metadata.registrationEndpoint().isEmpty()
        && !metadata.clientIdMetadataDocumentSupported()) {
      warnings.add(
          AuthServerMetadata.Validation.Issue.of(
              AuthServerMetadata.Validation.Code.DYNAMIC_REGISTRATION_NOT_SUPPORTED));
    }

    if (metadata.jwksUri().isPresent()) {
      successes.add(
          new AuthServerMetadata.Validation.Issue(
              AuthServerMetadata.Validation.Code.JWKS_URI_PRESENT,
              "The server publishes its signing keys at " + metadata.jwksUri().get() + "."));
    } else {
      errors.add(
          AuthServerMetadata.Validation.Issue.of(
              AuthServerMetadata.Validation.Code.MISSING_JWKS_URI));
    }

    checkSecure(metadata.issuer(), "issuer", errors);
    metadata.jwksUri().ifPresent(uri -> checkSecure(uri, "jwks_uri", errors));

    return new AuthServerMetadata.Validation(errors, warnings, verbose ? successes : List.of());
  }

  private static void checkSecure(
      String url, String member, List<AuthServerMetadata.Validation.Issue> errors) {
    if (!SecureUrls.isHttpsOrLoopback(url)) {
      errors.add(
          new AuthServerMetadata.Validation.Issue(
              AuthServerMetadata.Validation.Code.INSECURE_URL,
              member + " must be an https URL (http only for loopback hosts): " + url));
    }
  }
}
