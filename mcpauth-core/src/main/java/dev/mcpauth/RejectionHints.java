package dev.mcpauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator why tokens are refused when the cause is most likely configuration: an {@code
 * iss} that is not trusted, next to the trusted issuers; an {@code aud} that is not this resource,
 * next to what is expected. Never the token: the values come from unverified claims, so each is cut
 * to {@value #MAX_VALUE_CHARS} characters and stripped of control characters.
 *
 * <p>A near miss (an issuer that differs from a trusted one only by a trailing slash, by its path,
 * or by naming the loopback host differently, {@code 127.0.0.1} for {@code localhost}) is logged at
 * WARN once per value, up to {@value #MAX_NEAR_MISSES_LOGGED} values. Any other refusal of either
 * kind is logged at WARN at most once per {@link #INTERVAL} (with the count suppressed since; the
 * rest at DEBUG), so a flood of forged tokens costs a few lines. Thread-safe.
 */
final class RejectionHints {
  /** At most one WARN per kind of refusal in this interval: 30 seconds. */
  static final Duration INTERVAL = Duration.ofSeconds(30);

  static final int MAX_VALUE_CHARS = 200;
  static final int MAX_NEAR_MISSES_LOGGED = 64;
  private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");
  private static final Logger LOG = LoggerFactory.getLogger(RejectionHints.class);

  private final Set<String> nearMissesLogged = ConcurrentHashMap.newKeySet();
  private final OutageLog issuers;
  private final OutageLog audiences;

  RejectionHints(Clock clock) {
    // OutageLog's rate limit is what a flood of refused tokens needs as much as an outage does.
    this.issuers = new OutageLog(LOG, clock, INTERVAL);
    this.audiences = new OutageLog(LOG, clock, INTERVAL);
  }

  /** A token's {@code iss} (a string, else null) is none of {@code trusted}. */
  void untrustedIssuer(String iss, Collection<String> trusted) {
    if (iss == null) {
      return;
    }
    String value = printable(iss);
    for (String t : trusted) {
      String kind = nearMiss(iss, t);
      if (kind != null) {
        if (nearMissesLogged.size() < MAX_NEAR_MISSES_LOGGED && nearMissesLogged.add(iss)) {
          LOG.warn(
              "tokens from issuer \"{}\" are refused: the configured issuer is \"{}\"; iss must be"
                  + " exactly the same string{} (configure the issuer as your authorization server"
                  + " writes it)",
              value,
              t,
              kind);
        }
        return;
      }
    }
    issuers.warn(
        "{}",
        "a token from issuer \""
            + value
            + "\" is refused: the trusted issuers are "
            + quoted(trusted)
            + "; if that issuer is yours, trust it with exactly this string");
  }

  /** A token's {@code aud} names none of {@code expected}. */
  void audienceMismatch(List<String> aud, Collection<String> expected) {
    String got =
        aud.isEmpty()
            ? "no audience"
            : "audience "
                + aud.stream()
                    .limit(5)
                    .map(a -> "\"" + printable(a) + "\"")
                    .collect(Collectors.joining(", ", "[", aud.size() > 5 ? ", ...]" : "]"));
    audiences.warn(
        "{}",
        "a token for "
            + got
            + " is refused: this resource expects "
            + quoted(expected)
            + " (the client must ask its authorization server for a token for this resource, RFC"
            + " 8707 resource parameter; or the resource identifier is configured differently from"
            + " what clients use)");
  }

  /**
   * How {@code iss} nearly is {@code trusted}: "" (a trailing slash or another path on the same
   * origin), a loopback remark, or null when it is not a near miss.
   */
  static String nearMiss(String iss, String trusted) {
    String a = stripSlash(iss);
    String b = stripSlash(trusted);
    if (a.equals(b) || !origin(a).isEmpty() && origin(a).equals(origin(b))) {
      return "";
    }
    try {
      URI x = new URI(a);
      URI y = new URI(b);
      if (x.getHost() != null
          && y.getHost() != null
          && LOOPBACK_HOSTS.contains(x.getHost().toLowerCase(Locale.ROOT))
          && LOOPBACK_HOSTS.contains(y.getHost().toLowerCase(Locale.ROOT))
          && x.getPort() == y.getPort()
          && String.valueOf(x.getScheme()).equalsIgnoreCase(String.valueOf(y.getScheme()))) {
        return ", and " + x.getHost() + " and " + y.getHost() + " are different strings";
      }
    } catch (URISyntaxException e) {
      return null;
    }
    return null;
  }

  private static String quoted(Collection<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ", "[", "]"));
  }

  /** A claim value as it may be logged: at most 200 characters, no control characters. */
  static String printable(String value) {
    String cut = value.length() > MAX_VALUE_CHARS ? value.substring(0, MAX_VALUE_CHARS) : value;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static String origin(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return "";
    }
    int path = url.indexOf('/', scheme + 3);
    return (path < 0 ? url : url.substring(0, path)).toLowerCase(Locale.ROOT);
  }
}
