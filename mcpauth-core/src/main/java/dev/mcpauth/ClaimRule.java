package dev.mcpauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A rule on the caller's claims for one operation, for identity providers that cannot mint custom
 * scopes but do put roles or groups in their tokens (Claude.ai and ChatGPT request no custom
 * scopes): {@code ClaimRule.claim("roles").contains("notes-admin")}, {@code
 * ClaimRule.claim("realm_access", "roles").containsAny("admin", "auditor")} (a nested path, one
 * segment per name, so claim names with dots such as {@code https://example.com/roles} work as they
 * are), {@code ClaimRule.client("https://app.example/client.json")}.
 *
 * <p>A claim that is a string matches a value when equal to it; an array when one of its strings
 * is; numbers and booleans by their text ({@code 42}, {@code true}). Anything else, or a missing
 * claim, never matches.
 *
 * <p>A request that breaks a rule gets 403 with a {@code WWW-Authenticate} that names no scope
 * (error {@code access_denied}), so no client tries to step up in a loop, and a JSON-RPC error
 * whose message is the rule's {@link #description()} (client-safe words: never a claim's value from
 * the token). Immutable, thread-safe.
 */
public final class ClaimRule {
  private final String description;
  private final Predicate<AuthInfo> test;

  private ClaimRule(String description, Predicate<AuthInfo> test) {
    this.description = Objects.requireNonNull(description, "description");
    this.test = Objects.requireNonNull(test, "test");
  }

  /**
   * A rule of your own: {@code test} must be fast, thread-safe and not block; when it throws the
   * request is refused.
   *
   * @param description what the rule asks, in words a client may see (it is the refusal's message)
   */
  public static ClaimRule of(String description, Predicate<AuthInfo> test) {
    return new ClaimRule(description, test);
  }

  /**
   * A claim at {@code path}: one name for a top-level claim, more for a claim inside objects
   * ({@code "realm_access", "roles"}).
   */
  public static Path claim(String... path) {
    if (path.length == 0) {
      throw new IllegalArgumentException("a claim path needs at least one name");
    }
    for (String segment : path) {
      Objects.requireNonNull(segment, "path");
    }
    return new Path(List.of(path));
  }

  /**
   * The token's client ({@link AuthInfo#clientId()}: {@code client_id}, else {@code azp}) must be
   * one of {@code clientIds}, compared exactly; a client-id metadata document URL is one too.
   */
  public static ClaimRule client(String... clientIds) {
    Set<String> allowed = Set.of(clientIds);
    return new ClaimRule(
        "the client must be one of " + String.join(", ", clientIds),
        info -> info.clientId().filter(allowed::contains).isPresent());
  }

  /**
   * The token's client must be a client-id metadata document URL ({@code https}) on one of {@code
   * hosts} (exact host names, compared without case).
   */
  public static ClaimRule clientHost(String... hosts) {
    Set<String> allowed =
        Set.copyOf(List.of(hosts).stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
    return new ClaimRule(
        "the client must be a client metadata document on " + String.join(", ", hosts),
        info ->
            info.clientId().flatMap(ClaimRule::httpsHost).filter(allowed::contains).isPresent());
  }

  /** The host of an {@code https} client id URL without user info; empty for anything else. */
  static Optional<String> httpsHost(String clientId) {
    try {
      URI uri = new URI(clientId);
      if (!"https".equalsIgnoreCase(uri.getScheme())
          || uri.getRawUserInfo() != null
          || uri.getHost() == null) {
        return Optional.empty();
      }
      return Optional.of(uri.getHost().toLowerCase(Locale.ROOT));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** What the rule asks, in client-safe words. */
  public String description() {
    return description;
  }

  /** Whether {@code info} passes; a rule that throws fails. */
  public boolean test(AuthInfo info) {
    try {
      return test.test(info);
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "ClaimRule{" + description + "}";
  }

  /** A claim's place in the token, to build a rule on. */
  public static final class Path {
    private final List<String> path;

    private Path(List<String> path) {
      this.path = path;
    }

    /** The claim is {@code value}, or an array holding it. */
    public ClaimRule contains(String value) {
      Objects.requireNonNull(value, "value");
      return new ClaimRule(
          "the " + name() + " claim must contain " + value, info -> values(info).contains(value));
    }

    /** The claim is one of {@code values}, or an array holding one of them. */
    public ClaimRule containsAny(String... values) {
      Set<String> wanted = Set.of(values);
      return new ClaimRule(
          "the " + name() + " claim must contain one of " + String.join(", ", values),
          info -> values(info).stream().anyMatch(wanted::contains));
    }

    /** The claim is exactly {@code value} (a single value, not an array). */
    public ClaimRule isEqualTo(String value) {
      Objects.requireNonNull(value, "value");
      return new ClaimRule(
          "the " + name() + " claim must be " + value,
          info -> scalar(at(info)).filter(value::equals).isPresent());
    }

    /** The claim is present and not null. */
    public ClaimRule isPresent() {
      return new ClaimRule("the " + name() + " claim is required", info -> at(info) != null);
    }

    private String name() {
      return String.join(".", path);
    }

    private Object at(AuthInfo info) {
      Object value = info.claims();
      for (String segment : path) {
        if (!(value instanceof Map<?, ?> map)) {
          return null;
        }
        value = map.get(segment);
      }
      return value;
    }

    private List<String> values(AuthInfo info) {
      Object value = at(info);
      if (value instanceof Collection<?> many) {
        return many.stream().map(ClaimRule::scalar).flatMap(Optional::stream).toList();
      }
      return scalar(value).stream().toList();
    }
  }

  private static Optional<String> scalar(Object value) {
    if (value instanceof String s) {
      return Optional.of(s);
    }
    if (value instanceof Boolean || value instanceof Number) {
      return Optional.of(numberOrBoolean(value));
    }
    return Optional.empty();
  }

  private static String numberOrBoolean(Object value) {
    if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    return value.toString();
  }
}
