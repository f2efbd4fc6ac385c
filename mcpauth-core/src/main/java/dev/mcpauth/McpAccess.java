package dev.mcpauth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an MCP operation (a tool, a resource or resource template, a prompt, a JSON-RPC method, or
 * every request of the endpoint) needs beyond a valid token: scopes, fixed or decided per request,
 * how recently and how strongly the user signed in (RFC 9470), and rules on claims. Registered on
 * {@link McpGate.Builder#tool(String, McpAccess)} and its siblings; a request needs everything
 * every matching registration asks.
 *
 * <pre>{@code
 * gate.tool("read_note", McpAccess.builder()
 *         .scopes("read:notes")
 *         .scopes((op, caller) -> notes.isPrivate(op.argument("id")) ? List.of("read:private-notes") : List.of())
 *         .build())
 *     .tool("purge_notes", McpAccess.builder()
 *         .scopes("write:notes")
 *         .authentication(AuthenticationRequirement.acr("mfa").withMaxAge(Duration.ofMinutes(5)))
 *         .build())
 *     .tool("audit_log", McpAccess.builder().claim(ClaimRule.claim("roles").contains("notes-admin")).build())
 *     .resourceTemplate("notes://{id}", McpAccess.builder().scopes("notes:{id}").build());
 * }</pre>
 *
 * <p>A fixed scope may hold placeholders: {@code {name}} is replaced by the resource template's
 * variable of that name (for a resource template), or by the request's argument of that name (for a
 * tool or a prompt; see {@link McpOperation} for how arguments read). A request whose value for a
 * placeholder is missing, or is not usable in a scope (empty, a space, a quote, a backslash, a
 * non-ASCII or control character), is refused with 400 before the server sees it.
 *
 * <p>The answers, in the order they are checked: a broken {@link ClaimRule} is 403 naming no scope
 * (another token will not help); unmet {@link AuthenticationRequirement}s are 401 {@code
 * insufficient_user_authentication} with {@code acr_values}, {@code max_age} and every scope the
 * request needs; missing scopes are 403 {@code insufficient_scope} naming every scope. Immutable.
 */
public final class McpAccess {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)\\}");

  private final List<String> scopes;
  private final List<OperationScopes> scopeRules;
  private final List<AuthenticationRequirement> authentication;
  private final List<ClaimRule> claims;

  private McpAccess(Builder b) {
    this.scopes = List.copyOf(new LinkedHashSet<>(b.scopes));
    this.scopeRules = List.copyOf(b.scopeRules);
    this.authentication = List.copyOf(b.authentication);
    this.claims = List.copyOf(b.claims);
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Only these fixed scopes (placeholders allowed). */
  public static McpAccess scopes(String... scopes) {
    return builder().scopes(scopes).build();
  }

  /** The fixed scopes, placeholders unresolved. */
  public List<String> fixedScopes() {
    return scopes;
  }

  /** The per-request scope rules. */
  public List<OperationScopes> scopeRules() {
    return scopeRules;
  }

  /** The authentication requirements (all must be met). */
  public List<AuthenticationRequirement> authentication() {
    return authentication;
  }

  /** The claim rules (all must pass). */
  public List<ClaimRule> claimRules() {
    return claims;
  }

  /** Both at once: what either asks. */
  McpAccess and(McpAccess other) {
    Builder b = builder();
    b.scopes.addAll(scopes);
    b.scopes.addAll(other.scopes);
    b.scopeRules.addAll(scopeRules);
    b.scopeRules.addAll(other.scopeRules);
    b.authentication.addAll(authentication);
    b.authentication.addAll(other.authentication);
    b.claims.addAll(claims);
    b.claims.addAll(other.claims);
    return new McpAccess(b);
  }

  /** Whether a fixed scope has a placeholder. */
  boolean hasPlaceholders() {
    return scopes.stream().anyMatch(s -> PLACEHOLDER.matcher(s).find());
  }

  /** The names of every placeholder in the fixed scopes. */
  List<String> placeholderNames() {
    List<String> names = new ArrayList<>();
    for (String s : scopes) {
      Matcher m = PLACEHOLDER.matcher(s);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /**
   * A fixed scope with its placeholders replaced from {@code values}; empty when a value is missing
   * or not usable in a scope.
   */
  static Optional<String> resolve(
      String scope, java.util.function.Function<String, Optional<String>> values) {
    Matcher m = PLACEHOLDER.matcher(scope);
    if (!m.find()) {
      return Optional.of(scope);
    }
    StringBuilder out = new StringBuilder();
    m.reset();
    while (m.find()) {
      Optional<String> value = values.apply(m.group(1));
      if (value.isEmpty() || !isScopeText(value.get())) {
        return Optional.empty();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value.get()));
    }
    m.appendTail(out);
    return Optional.of(out.toString());
  }

  /** RFC 6750 §3 scope-token characters, non-empty. */
  static boolean isScopeText(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c == 0x22 || c == 0x5C || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  /** Builds a {@link McpAccess}. */
  public static final class Builder {
    private final List<String> scopes = new ArrayList<>();
    private final List<OperationScopes> scopeRules = new ArrayList<>();
    private final List<AuthenticationRequirement> authentication = new ArrayList<>();
    private final List<ClaimRule> claims = new ArrayList<>();

    private Builder() {}

    /**
     * Fixed scopes the operation needs (RFC 6750 scope tokens; {@code {name}} placeholders allowed,
     * see the class comment).
     */
    public Builder scopes(String... scopes) {
      for (String scope : scopes) {
        BearerAuthConfig.checkScopeToken(scope);
        this.scopes.add(scope);
      }
      return this;
    }

    /** Scopes decided per request; added to the fixed ones. */
    public Builder scopes(OperationScopes rule) {
      scopeRules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** How the user must have signed in (RFC 9470); several must all be met. */
    public Builder authentication(AuthenticationRequirement requirement) {
      authentication.add(Objects.requireNonNull(requirement, "requirement"));
      return this;
    }

    /** A rule on the caller's claims; several must all pass. */
    public Builder claim(ClaimRule rule) {
      claims.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** Builds the value. */
    public McpAccess build() {
      return new McpAccess(this);
    }
  }
}
