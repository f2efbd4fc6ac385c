package dev.mcpauth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one protected route adds to its resource's {@link TokenPolicy}: which resource it belongs to
 * and the scopes every request to it must carry (the peers' {@code bearerAuth} options). How tokens
 * are verified is the resource's business, so two routes of one resource share one verification.
 * Immutable.
 *
 * <pre>{@code
 * BearerAuthConfig.builder()
 *     .resource("https://api.example.com/notes")   // optional when only one resource is configured
 *     .requiredScopes("read:notes")                 // all are required; missing ones give 403
 *     .build();
 * }</pre>
 */
final class BearerAuthConfig {
  private final Optional<String> resource;
  private final List<String> requiredScopes;

  private BearerAuthConfig(Builder b) {
    this.resource = b.resource;
    this.requiredScopes = List.copyOf(b.requiredScopes);
  }

  /** Starts a builder: no required scopes, the only configured resource. */
  static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration, to derive a changed copy. */
  Builder newBuilder() {
    Builder b = new Builder();
    b.resource = resource;
    b.requiredScopes = requiredScopes;
    return b;
  }

  /** The configured resource identifier; empty means "the only configured resource". */
  Optional<String> resource() {
    return resource;
  }

  /** Scopes every request must carry. */
  List<String> requiredScopes() {
    return requiredScopes;
  }

  /** Builds a {@link BearerAuthConfig}. */
  static final class Builder {
    private Optional<String> resource = Optional.empty();
    private List<String> requiredScopes = List.of();

    private Builder() {}

    /**
     * The configured resource this route belongs to; optional when {@link McpAuth} has exactly one.
     */
    Builder resource(String resource) {
      this.resource = Optional.of(Objects.requireNonNull(resource, "resource"));
      return this;
    }

    /** Scopes every request must carry (all of them). */
    Builder requiredScopes(String... scopes) {
      List<String> list = new ArrayList<>(new LinkedHashSet<>(List.of(scopes)));
      list.forEach(BearerAuthConfig::checkScopeToken);
      this.requiredScopes = list;
      return this;
    }

    /** Builds the configuration. */
    BearerAuthConfig build() {
      return new BearerAuthConfig(this);
    }
  }

  /** RFC 6750 §3 scope-token: %x21 / %x23-5B / %x5D-7E, non-empty. */
  static void checkScopeToken(String scope) {
    Objects.requireNonNull(scope, "scope");
    if (scope.isEmpty()) {
      throw new IllegalArgumentException("a scope must not be empty");
    }
    for (int i = 0; i < scope.length(); i++) {
      char c = scope.charAt(i);
      if (c < 0x21 || c == 0x22 || c == 0x5C || c > 0x7E) {
        throw new IllegalArgumentException(
            "scope \""
                + scope
                + "\" has a character RFC 6750 §3 does not allow"
                + " at index "
                + i);
      }
    }
  }
}
