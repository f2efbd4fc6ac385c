package dev.mcpauth;

import java.util.Optional;

/**
 * An extra check of a verified token's identity, configured on {@link
 * TokenPolicy.Builder#claimValidator} (like Spring Security's {@code OAuth2TokenValidator}): a
 * tenant, an {@code acr}, an {@code azp}. It runs after the signature, issuer, expiry, audience and
 * subject checks, whichever verifier produced the identity. It must not throw and must not block;
 * implementations must be thread-safe.
 *
 * <pre>{@code
 * ClaimValidator tenant = info -> info.claim("tid").filter(TENANT::equals).isPresent()
 *     ? Optional.empty() : Optional.of("tid is not " + TENANT);
 * }</pre>
 */
@FunctionalInterface
public interface ClaimValidator {

  /**
   * Checks an identity.
   *
   * @return empty to accept; else why the token is refused (shown to clients only with {@code
   *     showErrorDetails}; never include the token)
   */
  Optional<String> validate(AuthInfo info);
}
