package dev.mcpauth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a protected resource accepts access tokens: one policy per resource, shared by all its
 * routes, so two routes never verify the same token twice. Immutable; derive a changed copy with
 * {@link #newBuilder()}.
 *
 * <pre>{@code
 * TokenPolicy.builder()
 *     .scopeClaim("scp")                       // Entra, Okta
 *     .claimValidator(info -> info.claim("tid").equals(Optional.of(TENANT))
 *         ? Optional.empty() : Optional.of("wrong tenant"))
 *     .build();
 * }</pre>
 *
 * <p>Defaults, each visible as a constant or in {@link Builder}: the audience must contain the
 * resource identifier, compared exactly; {@code exp}, {@code iss}, {@code aud} and {@code sub} are
 * required; {@link #DEFAULT_CLOCK_SKEW} for {@code exp}, {@code nbf} and {@code iat}; every
 * asymmetric algorithm of {@link JwsAlgorithm} allowed; the {@code typ} header, when present, must
 * be {@code JWT} or {@code at+jwt}; scopes come from the {@code scope} claim; the {@code
 * Authorization} header may be {@link #DEFAULT_MAX_HEADER_LENGTH} characters long; error details
 * stay out of responses; verified JWTs are remembered ({@link #DEFAULT_TOKEN_CACHE_TTL}, {@link
 * #DEFAULT_TOKEN_CACHE_ENTRIES}); DPoP off. Each weakening is a method of its own, named for what
 * it weakens.
 */
public final class TokenPolicy {
  /**
   * Default clock skew: 60 seconds (Spring and Nimbus use the same; RFC 9068 allows "a few
   * minutes").
   */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

  /**
   * Default cap on the {@code Authorization} header: 8192 characters, checked before any decoding.
   */
  public static final int DEFAULT_MAX_HEADER_LENGTH = 8192;

  /** Default scope claim: {@code scope} (RFC 9068 §2.2.3). */
  public static final String DEFAULT_SCOPE_CLAIM = "scope";

  /** Default time a verified JWT is remembered: 5 minutes (never beyond its {@code exp}). */
  public static final Duration DEFAULT_TOKEN_CACHE_TTL = Duration.ofMinutes(5);

  /** Default number of remembered verified JWTs: 10,000. */
  public static final int DEFAULT_TOKEN_CACHE_ENTRIES = 10_000;

  /** Cap on the characters of all remembered tokens together: 16 Mi characters (about 32 MiB). */
  public static final long TOKEN_CACHE_MAX_CHARS = 16L * 1024 * 1024;

  private static final TokenPolicy DEFAULTS = new Builder().build();

  private final List<String> audiences;
  private final boolean showErrorDetails;
  private final Duration clockSkew;
  private final Set<JwsAlgorithm> algorithms;
  private final List<String> scopeClaims;
  private final List<String> clientIdClaims;
  private final List<String> clientIdsAsAudience;
  private final ScopeHierarchy scopeHierarchy;
  private final boolean requireAccessTokenProfile;
  private final int maxHeaderLength;
  private final boolean caseInsensitiveSchemeAndHost;
  private final boolean requireSubject;
  private final Optional<String> realm;
  private final Duration tokenCacheTtl;
  private final int tokenCacheEntries;
  private final Optional<DpopSettings> dpop;
  private final List<ClaimValidator> claimValidators;
  private final Set<String> allowedClients;
  private final Set<String> allowedClientHosts;
  private final boolean singleAudience;

  private TokenPolicy(Builder b) {
    this.audiences = List.copyOf(b.audiences);
    this.showErrorDetails = b.showErrorDetails;
    this.clockSkew = b.clockSkew;
    this.algorithms = Collections.unmodifiableSet(EnumSet.copyOf(b.algorithms));
    this.scopeClaims = List.copyOf(b.scopeClaims);
    this.clientIdClaims = List.copyOf(b.clientIdClaims);
    this.clientIdsAsAudience = List.copyOf(b.clientIdsAsAudience);
    this.scopeHierarchy = b.scopeHierarchy;
    this.requireAccessTokenProfile = b.requireAccessTokenProfile;
    this.maxHeaderLength = b.maxHeaderLength;
    this.caseInsensitiveSchemeAndHost = b.caseInsensitiveSchemeAndHost;
    this.requireSubject = b.requireSubject;
    this.realm = b.realm;
    this.tokenCacheTtl = b.tokenCacheTtl;
    this.tokenCacheEntries = b.tokenCacheEntries;
    this.dpop = b.dpop;
    this.claimValidators = List.copyOf(b.claimValidators);
    this.allowedClients = Set.copyOf(b.allowedClients);
    this.allowedClientHosts = Set.copyOf(b.allowedClientHosts);
    this.singleAudience = b.singleAudience;
  }

  /** The policy with every default described on the class. */
  public static TokenPolicy defaults() {
    return DEFAULTS;
  }

  /** Starts a builder with the defaults described on the class. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this policy's settings, to derive a changed copy. */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.audiences = audiences;
    b.showErrorDetails = showErrorDetails;
    b.clockSkew = clockSkew;
    b.algorithms = EnumSet.copyOf(algorithms);
    b.scopeClaims = scopeClaims;
    b.clientIdClaims = clientIdClaims;
    b.clientIdsAsAudience = clientIdsAsAudience;
    b.scopeHierarchy = scopeHierarchy;
    scopeHierarchy.copyInto(b.hierarchy);
    b.requireAccessTokenProfile = requireAccessTokenProfile;
    b.maxHeaderLength = maxHeaderLength;
    b.caseInsensitiveSchemeAndHost = caseInsensitiveSchemeAndHost;
    b.requireSubject = requireSubject;
    b.realm = realm;
    b.tokenCacheTtl = tokenCacheTtl;
    b.tokenCacheEntries = tokenCacheEntries;
    b.dpop = dpop;
    b.claimValidators = new ArrayList<>(claimValidators);
    b.allowedClients = new java.util.LinkedHashSet<>(allowedClients);
    b.allowedClientHosts = new java.util.LinkedHashSet<>(allowedClientHosts);
    b.singleAudience = singleAudience;
    return b;
  }

  /** The clients whose tokens are accepted (exact client ids); empty with no host list: any. */
  public Set<String> allowedClients() {
    return allowedClients;
  }

  /**
   * Hosts of client-id metadata document URLs whose clients' tokens are accepted; empty with no
   * client list: any.
   */
  public Set<String> allowedClientHosts() {
    return allowedClientHosts;
  }

  /** Whether a token must carry exactly one audience. */
  public boolean requireSingleAudience() {
    return singleAudience;
  }

  /** DPoP settings, when DPoP-bound tokens are accepted. */
  public Optional<DpopSettings> dpop() {
    return dpop;
  }

  /** How long a verified JWT is remembered; zero when the cache is off. */
  public Duration tokenCacheTtl() {
    return tokenCacheTtl;
  }

  /** How many verified JWTs are remembered at most (0 when the cache is off). */
  public int tokenCacheEntries() {
    return tokenCacheEntries;
  }

  /** The accepted audiences; empty means "the resource identifier". */
  public List<String> audiences() {
    return audiences;
  }

  /** Whether JSON error bodies carry expected-versus-actual details. */
  public boolean showErrorDetails() {
    return showErrorDetails;
  }

  /** The clock skew for time claims. */
  public Duration clockSkew() {
    return clockSkew;
  }

  /** The allowed signing algorithms. */
  public Set<JwsAlgorithm> algorithms() {
    return algorithms;
  }

  /** The claims scopes are read from (their union), in order. */
  public List<String> scopeClaims() {
    return scopeClaims;
  }

  /** The claims the client id is read from: the first one present wins. */
  public List<String> clientIdClaims() {
    return clientIdClaims;
  }

  /** Client ids accepted in place of an audience (empty: the audience rule is strict). */
  public List<String> clientIdsAsAudience() {
    return clientIdsAsAudience;
  }

  /** Which scopes imply which. */
  ScopeHierarchy scopeHierarchy() {
    return scopeHierarchy;
  }

  /** Whether the RFC 9068 profile is required. */
  public boolean requireAccessTokenProfile() {
    return requireAccessTokenProfile;
  }

  /** The cap on the {@code Authorization} header, in characters. */
  public int maxHeaderLength() {
    return maxHeaderLength;
  }

  /** Whether the scheme and host of {@code aud} compare case-insensitively. */
  public boolean caseInsensitiveSchemeAndHost() {
    return caseInsensitiveSchemeAndHost;
  }

  /** Whether {@code sub} is required. */
  public boolean requireSubject() {
    return requireSubject;
  }

  /** The {@code realm} challenge parameter, if any. */
  public Optional<String> realm() {
    return realm;
  }

  /** The extra claim validators, in the order they run. */
  public List<ClaimValidator> claimValidators() {
    return claimValidators;
  }

  /** Builds a {@link TokenPolicy}; every setter replaces the previous value. */
  public static final class Builder {
    private List<String> audiences = List.of();
    private boolean showErrorDetails;
    private Duration clockSkew = DEFAULT_CLOCK_SKEW;
    private Set<JwsAlgorithm> algorithms = EnumSet.allOf(JwsAlgorithm.class);
    private List<String> scopeClaims = List.of(DEFAULT_SCOPE_CLAIM);
    private List<String> clientIdClaims = List.of("client_id", "azp");
    private List<String> clientIdsAsAudience = List.of();
    private Set<String> allowedClients = new java.util.LinkedHashSet<>();
    private Set<String> allowedClientHosts = new java.util.LinkedHashSet<>();
    private boolean singleAudience;
    private ScopeHierarchy scopeHierarchy = ScopeHierarchy.none();
    private final ScopeHierarchy.Builder hierarchy = ScopeHierarchy.builder();
    private boolean requireAccessTokenProfile;
    private int maxHeaderLength = DEFAULT_MAX_HEADER_LENGTH;
    private boolean caseInsensitiveSchemeAndHost;
    private boolean requireSubject = true;
    private Optional<String> realm = Optional.empty();
    private Duration tokenCacheTtl = DEFAULT_TOKEN_CACHE_TTL;
    private int tokenCacheEntries = DEFAULT_TOKEN_CACHE_ENTRIES;
    private Optional<DpopSettings> dpop = Optional.empty();
    private List<ClaimValidator> claimValidators = new ArrayList<>();

    private Builder() {}

    /**
     * Accepts DPoP-bound access tokens ({@code Authorization: DPoP} with a {@code DPoP} proof, RFC
     * 9449) as {@code settings} say. Challenges then advertise both schemes. Whatever verifier
     * checked a token, one that reports a confirmation ({@code cnf}) must come with a matching
     * proof.
     */
    public Builder dpop(DpopSettings settings) {
      this.dpop = Optional.of(Objects.requireNonNull(settings, "settings"));
      return this;
    }

    /**
     * How verified JWTs are remembered (on by default: {@link #DEFAULT_TOKEN_CACHE_TTL}, {@link
     * #DEFAULT_TOKEN_CACHE_ENTRIES}, and at most {@link #TOKEN_CACHE_MAX_CHARS} characters of
     * tokens). A repeat then costs one lookup of the whole token instead of a signature check.
     * Expiry, audience, the other claim checks and scopes still run on every request, and an entry
     * is ignored once its signing key has left the issuer's key set (checked against a key set
     * refreshed on its schedule). Remembering a verified signature is as safe as checking it again:
     * a JWT cannot be revoked either way.
     *
     * @param ttl at most how long to remember a token (at most 1 hour)
     * @param maxEntries at most how many tokens to remember
     */
    public Builder tokenCache(Duration ttl, int maxEntries) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("the token cache ttl must be between 0 and 1 hour");
      }
      if (maxEntries < 1) {
        throw new IllegalArgumentException("maxEntries must be positive");
      }
      this.tokenCacheTtl = ttl;
      this.tokenCacheEntries = maxEntries;
      return this;
    }

    /** Turns the verified-token cache off: every request checks its token's signature. */
    public Builder noTokenCache() {
      this.tokenCacheTtl = Duration.ZERO;
      this.tokenCacheEntries = 0;
      return this;
    }

    /**
     * Accepts these audiences instead of the resource identifier (for providers that cannot put the
     * RFC 8707 resource into {@code aud}). Each is compared exactly.
     */
    public Builder audience(String... audiences) {
      List<String> list = new ArrayList<>();
      for (String a : audiences) {
        list.add(Objects.requireNonNull(a, "audience"));
      }
      this.audiences = list;
      return this;
    }

    /**
     * Puts expected-versus-actual details into JSON error bodies (development only; off by
     * default).
     */
    public Builder showErrorDetails(boolean show) {
      this.showErrorDetails = show;
      return this;
    }

    /** Clock skew for {@code exp}, {@code nbf} and {@code iat}; at most 5 minutes. */
    public Builder clockSkew(Duration skew) {
      Objects.requireNonNull(skew, "skew");
      if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException(
            "clockSkew must be between 0 and 5 minutes (RFC 9068 §4)");
      }
      this.clockSkew = skew;
      return this;
    }

    /** Restricts the allowed signing algorithms. */
    public Builder algorithms(JwsAlgorithm first, JwsAlgorithm... more) {
      this.algorithms = EnumSet.of(Objects.requireNonNull(first, "first"), more);
      return this;
    }

    /**
     * Reads scopes from another claim, for providers that use {@code scp} (Microsoft Entra, Okta)
     * or {@code scopes}. A string is split on spaces; an array must hold strings. Only this claim
     * is read.
     */
    public Builder scopeClaim(String claim) {
      return scopeClaims(claim);
    }

    /**
     * Reads scopes from several claims and grants their union, for providers that spread them:
     * Entra's {@code scp} (delegated) and {@code roles} (application), Auth0's {@code scope} and
     * {@code permissions}. Each claim that is present must be a space-delimited string or an array
     * of strings (else the token is refused); absent ones contribute nothing.
     */
    public Builder scopeClaims(String first, String... more) {
      List<String> claims = new ArrayList<>();
      claims.add(Objects.requireNonNull(first, "first"));
      for (String c : more) {
        claims.add(Objects.requireNonNull(c, "claim"));
      }
      this.scopeClaims = claims;
      return this;
    }

    /**
     * The claims the client id is read from, first present wins; default {@code client_id}, then
     * {@code azp}. Okta uses {@code cid}, Entra v1 {@code appid}.
     */
    public Builder clientIdClaims(String first, String... more) {
      List<String> claims = new ArrayList<>();
      claims.add(Objects.requireNonNull(first, "first"));
      for (String c : more) {
        claims.add(Objects.requireNonNull(c, "claim"));
      }
      this.clientIdClaims = claims;
      return this;
    }

    /**
     * Weakening, for authorization servers that cannot put the resource into {@code aud} (Amazon
     * Cognito access tokens carry no {@code aud} at all, only {@code client_id}): a token whose
     * {@code aud} does not name the resource is still accepted when its client id is one of {@code
     * clientIds}. Logged at startup. Prefer {@link #audience} whenever the server can set one.
     */
    public Builder acceptClientIdsAsAudience(String... clientIds) {
      List<String> ids = new ArrayList<>();
      for (String id : clientIds) {
        ids.add(Objects.requireNonNull(id, "clientId"));
      }
      this.clientIdsAsAudience = ids;
      return this;
    }

    /**
     * Declares that a token granted {@code broader} also satisfies each of {@code narrower} (and,
     * transitively, what they imply): {@code impliedScopes("notes:admin", "read:notes",
     * "write:notes")}. Call once per broader scope.
     */
    public Builder impliedScopes(String broader, String... narrower) {
      hierarchy.implies(broader, narrower);
      this.scopeHierarchy = hierarchy.build();
      return this;
    }

    /** The whole hierarchy at once (tests). */
    Builder scopeHierarchy(ScopeHierarchy hierarchy) {
      this.scopeHierarchy = Objects.requireNonNull(hierarchy, "hierarchy");
      hierarchy.copyInto(this.hierarchy);
      return this;
    }

    /**
     * Requires the RFC 9068 JWT access token profile: {@code typ} {@code at+jwt} (or {@code
     * application/at+jwt}, any case) and the claims {@code client_id}, {@code iat} and {@code jti}.
     * Turn it on when your authorization server issues such tokens: it is the strongest defence
     * against ID tokens and other JWTs being replayed as access tokens.
     */
    public Builder requireAccessTokenProfile() {
      this.requireAccessTokenProfile = true;
      return this;
    }

    /**
     * Caps the Authorization header length (characters); longer headers get 401 before decoding.
     */
    public Builder maxHeaderLength(int length) {
      if (length < 64) {
        throw new IllegalArgumentException("maxHeaderLength must be at least 64");
      }
      this.maxHeaderLength = length;
      return this;
    }

    /**
     * Weakening: compares the scheme and host of {@code aud} case-insensitively (MCP "Canonical
     * Server URI" says servers SHOULD accept upper-case scheme and host). The path always stays
     * case-sensitive.
     */
    public Builder acceptUpperCaseSchemeAndHostInAudience() {
      this.caseInsensitiveSchemeAndHost = true;
      return this;
    }

    /** Weakening: accepts tokens without {@code sub} (some client-credentials tokens lack it). */
    public Builder allowMissingSubject() {
      this.requireSubject = false;
      return this;
    }

    /** Adds a {@code realm} parameter to every challenge. */
    public Builder realm(String realm) {
      this.realm = Optional.of(Objects.requireNonNull(realm, "realm"));
      return this;
    }

    /**
     * Adds a check of the verified identity (tenant, {@code acr}, {@code azp}, ...) that runs after
     * the built-in claim checks, for every verifier. A refusal is a 401 {@code invalid_token}.
     */
    public Builder claimValidator(ClaimValidator validator) {
      this.claimValidators.add(Objects.requireNonNull(validator, "validator"));
      return this;
    }

    /**
     * Accepts only tokens issued to these clients ({@link AuthInfo#clientId()}: {@code client_id},
     * else {@code azp}), compared exactly; a client-id metadata document URL ({@code
     * https://app.example/client.json}) is a client id like any other. A token from another client,
     * or with no client id, is refused with 401 {@code invalid_token}. Adds to earlier calls and to
     * {@link #allowedClientHosts}.
     */
    public Builder allowedClients(String... clientIds) {
      for (String id : clientIds) {
        if (Objects.requireNonNull(id, "clientId").isEmpty()) {
          throw new IllegalArgumentException("an allowed client id must not be empty");
        }
        allowedClients.add(id);
      }
      return this;
    }

    /**
     * Accepts tokens whose client id is a client-id metadata document URL ({@code https}, no user
     * info) on one of these hosts (exact host names, any case), besides {@link #allowedClients}.
     */
    public Builder allowedClientHosts(String... hosts) {
      for (String host : hosts) {
        if (Objects.requireNonNull(host, "host").isEmpty() || host.contains("/")) {
          throw new IllegalArgumentException("an allowed client host is a host name: " + host);
        }
        allowedClientHosts.add(host.toLowerCase(java.util.Locale.ROOT));
      }
      return this;
    }

    /**
     * Refuses tokens whose {@code aud} holds more than one value, even when one of them is this
     * resource: a token meant for several services can be replayed by any of them (RFC 8707 §2
     * recommends one audience per token; an advisory hit a server that accepted such a token by a
     * membership check).
     */
    public Builder requireSingleAudience() {
      this.singleAudience = true;
      return this;
    }

    /** Builds the policy. */
    public TokenPolicy build() {
      return new TokenPolicy(this);
    }
  }
}
