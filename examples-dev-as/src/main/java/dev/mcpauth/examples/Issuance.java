package dev.mcpauth.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one access token says beyond mock-oauth2-server's standard claims: for whom, through which
 * client, for which resources ({@code aud}, RFC 8707) and scope, how and when the user
 * authenticated (RFC 9470 {@code acr}, {@code auth_time}; {@code amr}), the {@code roles} asked
 * for, and the DPoP key it is bound to (RFC 9449 {@code cnf.jkt}).
 *
 * @param scope the scope granted, without {@code openid} and {@code offline_access}, which ask for
 *     an ID token and a refresh token and mean nothing to a resource server
 */
record Issuance(
    String subject,
    String clientId,
    List<String> audience,
    List<String> scope,
    String acr,
    long authTime,
    List<String> roles,
    Optional<String> jkt) {

  /** The authentication context granted when {@code mfa} is asked for (RFC 9470 §3). */
  static final String MFA = "mfa";

  /** The authentication context granted otherwise: a password, as far as a client can tell. */
  static final String PASSWORD = "pwd";

  /** The scope of a token request that asks for none. */
  static final String DEFAULT_SCOPE = "read:notes";

  Issuance {
    audience = List.copyOf(audience);
    scope = List.copyOf(scope);
    roles = List.copyOf(roles);
  }

  /** The claims added to the standard ones. */
  Map<String, Object> claims() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("scope", String.join(" ", scope));
    claims.put("client_id", clientId);
    claims.put("auth_time", authTime);
    claims.put("acr", acr);
    claims.put("amr", acr.equals(MFA) ? List.of(PASSWORD, "otp") : List.of(PASSWORD));
    if (!roles.isEmpty()) {
      claims.put("roles", roles);
    }
    jkt.ifPresent(k -> claims.put("cnf", Map.of("jkt", k))); // RFC 9449 §6.1
    return claims;
  }

  /**
   * The scope to grant for what was asked: the words asked for without {@code openid} and {@code
   * offline_access}, or {@value #DEFAULT_SCOPE} when nothing else is asked for.
   */
  static List<String> grantedScope(List<String> asked) {
    List<String> granted =
        asked.stream()
            .filter(s -> !s.isEmpty() && !s.equals("openid") && !s.equals("offline_access"))
            .distinct()
            .collect(Collectors.toList());
    return granted.isEmpty() ? List.of(DEFAULT_SCOPE) : granted;
  }

  /**
   * The authentication context: {@code explicit} (a token request's {@code acr}) if given; else
   * {@code mfa} when the {@code acr_values} asked for contain it (RFC 9470 step-up), else the first
   * value asked for, else {@code pwd}.
   */
  static String acr(Optional<String> explicit, List<String> acrValues) {
    if (explicit.isPresent() && !explicit.get().isBlank()) {
      return explicit.get().strip();
    }
    return acrValues.contains(MFA) ? MFA : acrValues.isEmpty() ? PASSWORD : acrValues.get(0);
  }

  /** The words of a space-separated list (null is empty). */
  static List<String> words(String spaceSeparated) {
    return spaceSeparated == null
        ? List.of()
        : Arrays.stream(spaceSeparated.strip().split("\\s+"))
            .filter(w -> !w.isEmpty())
            .collect(Collectors.toCollection(ArrayList::new));
  }
}
