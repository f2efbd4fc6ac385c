package dev.mcpauth;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the user must have signed in for an operation (OAuth 2.0 Step Up Authentication Challenge,
 * RFC 9470): an authentication context class ({@code acr}) among {@link #acrValues()}, and an
 * authentication ({@code auth_time}) no older than {@link #maxAge()}.
 *
 * <pre>{@code
 * AuthenticationRequirement.acr("mfa").withMaxAge(Duration.ofMinutes(5))
 * }</pre>
 *
 * When a token does not meet it the answer is 401 {@code error="insufficient_user_authentication"}
 * with {@code acr_values} and {@code max_age} (RFC 9470 §3), so the client sends the user back to
 * the authorization server with those parameters. A token without {@code auth_time} never meets a
 * maximum age; one without {@code acr} never meets a class requirement. Immutable.
 *
 * @param acrValues the acceptable {@code acr} values, in order of preference; empty for any
 * @param maxAge the longest time since the user authenticated; empty for any
 */
public record AuthenticationRequirement(List<String> acrValues, Optional<Duration> maxAge) {

  /** Checks the values: non-blank classes, a positive whole number of seconds. */
  public AuthenticationRequirement {
    acrValues = List.copyOf(new LinkedHashSet<>(acrValues));
    for (String acr : acrValues) {
      BearerAuthConfig.checkScopeToken(acr); // a space-separated list member: same characters
    }
    Objects.requireNonNull(maxAge, "maxAge");
    maxAge.ifPresent(
        age -> {
          if (age.isNegative() || age.isZero() || age.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException("maxAge must be a positive number of seconds");
          }
        });
    if (acrValues.isEmpty() && maxAge.isEmpty()) {
      throw new IllegalArgumentException(
          "an authentication requirement needs acr values or max age");
    }
  }

  /** The user must have authenticated with one of these {@code acr} values. */
  public static AuthenticationRequirement acr(String... acrValues) {
    if (acrValues.length == 0) {
      throw new IllegalArgumentException("at least one acr value");
    }
    return new AuthenticationRequirement(List.of(acrValues), Optional.empty());
  }

  /** The user must have authenticated at most {@code maxAge} ago. */
  public static AuthenticationRequirement maxAge(Duration maxAge) {
    return new AuthenticationRequirement(List.of(), Optional.of(maxAge));
  }

  /** This requirement, and an authentication at most {@code maxAge} ago. */
  public AuthenticationRequirement withMaxAge(Duration maxAge) {
    return new AuthenticationRequirement(acrValues, Optional.of(maxAge));
  }

  /**
   * Whether {@code info} meets this requirement at {@code now}; an {@code auth_time} later than
   * {@code now} plus {@code skew} (the resource's clock skew) is not believed.
   */
  boolean metBy(AuthInfo info, Instant now, Duration skew) {
    if (!acrValues.isEmpty() && info.acr().filter(acrValues::contains).isEmpty()) {
      return false;
    }
    if (maxAge.isPresent()) {
      Optional<Instant> authTime = info.authTime();
      return authTime.isPresent()
          && !authTime.get().plus(maxAge.get()).isBefore(now)
          && !authTime.get().isAfter(now.plus(skew));
    }
    return true;
  }

  /**
   * Several requirements on one request as one: the classes acceptable to all of them, the shortest
   * age. When their classes have nothing in common the first one's are kept: no token meets them,
   * and the challenge names a class the client can at least ask for.
   */
  static Optional<AuthenticationRequirement> combine(List<AuthenticationRequirement> all) {
    if (all.isEmpty()) {
      return Optional.empty();
    }
    if (all.size() == 1) {
      return Optional.of(all.get(0));
    }
    Set<String> classes = null;
    Optional<Duration> age = Optional.empty();
    for (AuthenticationRequirement r : all) {
      if (!r.acrValues.isEmpty()) {
        if (classes == null) {
          classes = new LinkedHashSet<>(r.acrValues);
        } else {
          Set<String> common = new LinkedHashSet<>(classes);
          common.retainAll(r.acrValues);
          if (!common.isEmpty()) {
            classes = common;
          }
        }
      }
      if (r.maxAge.isPresent() && (age.isEmpty() || r.maxAge.get().compareTo(age.get()) < 0)) {
        age = r.maxAge;
      }
    }
    return Optional.of(
        new AuthenticationRequirement(classes == null ? List.of() : List.copyOf(classes), age));
  }
}
