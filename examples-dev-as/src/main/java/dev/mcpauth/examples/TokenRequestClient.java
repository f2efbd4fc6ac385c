package dev.mcpauth.examples;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Who sent a token request, as far as this server cares: it checks no secret. */
final class TokenRequestClient {
  private TokenRequestClient() {}

  /**
   * The client's id: from HTTP Basic (RFC 6749 §2.3.1, URL-encoded) or the {@code client_id} form
   * parameter, which must agree when both are sent.
   *
   * @throws OAuthProblem 401 {@code invalid_client} for malformed Basic credentials or no client
   */
  static String id(UrlEncodedForm form, String authorization) {
    Optional<String> fromForm = form.single("client_id");
    Optional<String> fromHeader = Optional.empty();
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded =
            new String(
                Base64.getDecoder().decode(authorization.substring(6).strip()),
                StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        fromHeader =
            Optional.of(
                URLDecoder.decode(
                    colon < 0 ? decoded : decoded.substring(0, colon), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new OAuthProblem(401, "invalid_client", "the Basic credentials are malformed");
      }
    }
    if (fromForm.isPresent() && fromHeader.isPresent() && !fromForm.equals(fromHeader)) {
      throw OAuthProblem.invalidRequest("client_id differs from the Basic credentials' client");
    }
    return fromHeader
        .or(() -> fromForm)
        .orElseThrow(
            () ->
                new OAuthProblem(
                    401, "invalid_client", "no client: send client_id, or HTTP Basic credentials"));
  }

  /**
   * Whether the client authenticates somehow (HTTP Basic, or a {@code client_secret} or {@code
   * client_assertion} in the form), as a confidential client's grants require; nothing is checked.
   */
  static boolean authenticates(UrlEncodedForm form, String authorization) {
    return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)
        || form.single("client_secret").isPresent()
        || form.single("client_assertion").isPresent();
  }
}
