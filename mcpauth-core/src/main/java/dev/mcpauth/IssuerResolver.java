package dev.mcpauth;

import java.util.Optional;

/**
 * Decides, from a token's unverified {@code iss} alone and before any network access, whether and
 * how to trust an issuer that is not in the resource's fixed list: one issuer per customer,
 * Microsoft Entra's {@code https://login.microsoftonline.com/{tenant}/v2.0} with a tenant
 * allow-list. Set it with {@link ResourceServerConfig.Builder#issuerResolver}. It must not block
 * and must be thread-safe.
 *
 * <pre>{@code
 * IssuerResolver tenants = iss -> TENANTS.stream()
 *     .map(t -> "https://login.microsoftonline.com/" + t + "/v2.0")
 *     .filter(iss::equals)
 *     .findFirst()
 *     .map(trusted -> AuthServerConfig.discover(trusted, AuthServerConfig.Type.OIDC));
 * }</pre>
 *
 * An issuer it refuses causes no fetch at all. An issuer it accepts gets its own discovery, keys
 * and cache, like a configured one; at most {@link ResourceServerConfig#MAX_RESOLVED_ISSUERS}
 * accepted issuers are kept per resource (the least recently used one is dropped, and resolved
 * again when it returns). Setting an accepted issuer up (which costs a discovery and a key-set
 * fetch) is rate-limited per resource, so that tokens cycling through a larger allow-list cannot
 * force fetches on every request: one issuer at most once per 30 seconds, and all of them together
 * a burst of 100 then one per second. Past that, its tokens get 503 with {@code Retry-After} until
 * the budget allows the set-up.
 */
@FunctionalInterface
public interface IssuerResolver {

  /**
   * How to trust {@code issuer}, or empty to refuse it. The returned configuration's issuer must be
   * exactly {@code issuer} (else the token is refused).
   */
  Optional<AuthServerConfig> resolve(String issuer);
}
