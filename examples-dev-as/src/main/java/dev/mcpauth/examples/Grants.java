package dev.mcpauth.examples;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authorizations this server has given: authorization codes (single use, {@link
 * #CODE_LIFETIME}) and refresh tokens, each naming a {@link Grant}. Bounded: the oldest are
 * forgotten first. Thread-safe.
 */
final class Grants {
  /** How long an authorization code can be exchanged: 10 minutes (RFC 6749 §4.1.2). */
  static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

  /** Codes and refresh tokens remembered at most, each. */
  private static final int MAX_REMEMBERED = 10_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * One authorization: who authorized which client, for what, when and how.
   *
   * @param scope the scope asked for, {@code openid} and {@code offline_access} included
   * @param resources the RFC 8707 resources of the authorization request
   * @param redirectUri the redirect URI the code was sent to
   * @param codeChallenge the RFC 7636 S256 code challenge, if one was sent
   * @param authTime when the user authenticated (epoch seconds)
   * @param jkt the DPoP key a refresh token is bound to, once the code is exchanged with a proof
   */
  record Grant(
      String clientId,
      String subject,
      List<String> scope,
      List<String> resources,
      String redirectUri,
      Optional<String> codeChallenge,
      String acr,
      List<String> roles,
      long authTime,
      Optional<String> nonce,
      Optional<String> jkt) {
    Grant {
      scope = List.copyOf(scope);
      resources = List.copyOf(resources);
      roles = List.copyOf(roles);
    }

    Grant withScope(List<String> wider) {
      return new Grant(
          clientId,
          subject,
          wider,
          resources,
          redirectUri,
          codeChallenge,
          acr,
          roles,
          authTime,
          nonce,
          jkt);
    }

    Grant withJkt(Optional<String> key) {
      return new Grant(
          clientId,
          subject,
          scope,
          resources,
          redirectUri,
          codeChallenge,
          acr,
          roles,
          authTime,
          nonce,
          key);
    }
  }

  private record Pending(Grant grant, long expiresAtMillis) {}

  private final Clock clock;
  private final Map<String, Pending> codes = bounded();
  private final Map<String, Grant> refreshTokens = bounded();

  Grants(Clock clock) {
    this.clock = clock;
  }

  private static <V> Map<String, V> bounded() {
    return Collections.synchronizedMap(
        new LinkedHashMap<>() {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
            return size() > MAX_REMEMBERED;
          }
        });
  }

  /** A fresh unguessable handle. */
  static String randomHandle() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Issues an authorization code for {@code grant}. */
  String issueCode(Grant grant) {
    String code = randomHandle();
    codes.put(code, new Pending(grant, clock.millis() + CODE_LIFETIME.toMillis()));
    return code;
  }

  /** The grant of an unexpired code, which can never be redeemed again. */
  Optional<Grant> redeemCode(String code) {
    Pending pending = codes.remove(code);
    return pending == null || clock.millis() > pending.expiresAtMillis()
        ? Optional.empty()
        : Optional.of(pending.grant());
  }

  /** Issues a refresh token for {@code grant}. */
  String issueRefreshToken(Grant grant) {
    String token = randomHandle();
    refreshTokens.put(token, grant);
    return token;
  }

  /** The grant of a refresh token. */
  Optional<Grant> refreshed(String token) {
    return Optional.ofNullable(refreshTokens.get(token));
  }

  /** Records what a refresh token grants from now on. */
  void update(String token, Grant grant) {
    refreshTokens.replace(token, grant);
  }
}
