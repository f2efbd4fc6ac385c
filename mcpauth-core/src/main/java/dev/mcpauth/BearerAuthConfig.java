package dev.mcpauth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How one protected route verifies bearer tokens (the peers' {@code bearerAuth} options). Immutable.
 *
 * <p>The recommended setup names the resource and the scopes the route needs; everything else has a
 * safe default:
 * <pre>{@code
 * BearerAuthConfig.builder()
 *     .resource("https://api.example.com/notes")   // which configured resource; tokens' aud must name it
 *     .requiredScopes("read:notes")                 // all are required; missing ones give 403
 *     .build();
 * }</pre>
 *
 * <p>Defaults: the audience must contain the resource identifier, compared exactly; {@code exp},
 * {@code iss}, {@code aud} and {@code sub} are required; 60 seconds of clock skew for {@code exp},
 * {@code nbf} and {@code iat}; every asymmetric algorithm of {@link JwsAlgorithm} allowed; the
 * {@code typ} header, when present, must be {@code JWT} or {@code at+jwt}; scopes come from the
 * {@code scope} claim; the {@code Authorization} header may be 8192 characters long; error details stay
 * out of responses. Each weakening is a method of its own, named for what it weakens.
 */
public final class BearerAuthConfig {
  /** Default clock skew: 60 seconds (Spring and Nimbus use the same; RFC 9068 allows "a few minutes"). */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
  /** Default cap on the {@code Authorization} header: 8192 characters, checked before any decoding. */
  public static final int DEFAULT_MAX_HEADER_LENGTH = 8192;
  /** Default scope claim: {@code scope} (RFC 9068 §2.2.3). */
  public static final String DEFAULT_SCOPE_CLAIM = "scope";

  private final Optional<String> resource;
  private final List<String> audiences;
  private final List<String> requiredScopes;
  private final boolean showErrorDetails;
  private final Duration clockSkew;
  private final Set<JwsAlgorithm> algorithms;
  private final String scopeClaim;
  private final ScopeHierarchy scopeHierarchy;
  private final boolean requireAccessTokenProfile;
  private final int maxHeaderLength;
  private final boolean caseInsensitiveSchemeAndHost;
  private final boolean requireSubject;
  private final Optional<String> realm;
  private final Duration verifiedTokenCacheTtl;
  private final int verifiedTokenCacheSize;
  private final Optional<DpopSettings> dpop;

  private BearerAuthConfig(Builder b) {
    this.resource = b.resource;
    this.audiences = List.copyOf(b.audiences);
    this.requiredScopes = List.copyOf(b.requiredScopes);
    this.showErrorDetails = b.showErrorDetails;
    this.clockSkew = b.clockSkew;
    this.algorithms = Collections.unmodifiableSet(EnumSet.copyOf(b.algorithms));
    this.scopeClaim = b.scopeClaim;
    this.scopeHierarchy = b.scopeHierarchy;
    this.requireAccessTokenProfile = b.requireAccessTokenProfile;
    this.maxHeaderLength = b.maxHeaderLength;
    this.caseInsensitiveSchemeAndHost = b.caseInsensitiveSchemeAndHost;
    this.requireSubject = b.requireSubject;
    this.realm = b.realm;
    this.verifiedTokenCacheTtl = b.verifiedTokenCacheTtl;
    this.verifiedTokenCacheSize = b.verifiedTokenCacheSize;
    this.dpop = b.dpop;
  }

  /** DPoP settings, when DPoP-bound tokens are accepted. */
  public Optional<DpopSettings> dpop() {
    return dpop;
  }

  /** How long a verified JWT is remembered; zero when the cache is off (the default). */
  public Duration verifiedTokenCacheTtl() {
    return verifiedTokenCacheTtl;
  }

  /** How many verified JWTs are remembered at most. */
  public int verifiedTokenCacheSize() {
    return verifiedTokenCacheSize;
  }

  /** Starts a builder with the defaults described on the class. */
  public static Builder builder() {
    return new Builder();
  }

  /** The configured resource identifier; empty means "the only configured resource". */
  public Optional<String> resource() {
    return resource;
  }

  /** Accepted audiences; empty means "the resource identifier". */
  public List<String> audiences() {
    return audiences;
  }

  /** Scopes every request must carry. */
  public List<String> requiredScopes() {
    return requiredScopes;
  }

  /** Whether expected-versus-actual details go into JSON error bodies. */
  public boolean showErrorDetails() {
    return showErrorDetails;
  }

  /** Allowed clock skew for time claims. */
  public Duration clockSkew() {
    return clockSkew;
  }

  /** Allowed signing algorithms. */
  public Set<JwsAlgorithm> algorithms() {
    return algorithms;
  }

  /** The claim scopes are read from. */
  public String scopeClaim() {
    return scopeClaim;
  }

  /** Which scopes imply which. */
  public ScopeHierarchy scopeHierarchy() {
    return scopeHierarchy;
  }

  /** Whether the RFC 9068 profile is required ({@code typ} at+jwt; client_id, iat, jti present). */
  public boolean requireAccessTokenProfile() {
    return requireAccessTokenProfile;
  }

  /** Cap on the Authorization header length. */
  public int maxHeaderLength() {
    return maxHeaderLength;
  }

  /** Whether audience scheme and host compare case-insensitively. */
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

  /** Builds a {@link BearerAuthConfig}. */
  public static final class Builder {
    private Optional<String> resource = Optional.empty();
    private List<String> audiences = List.of();
    private List<String> requiredScopes = List.of();
    private boolean showErrorDetails;
    private Duration clockSkew = DEFAULT_CLOCK_SKEW;
    private Set<JwsAlgorithm> algorithms = EnumSet.allOf(JwsAlgorithm.class);
    private String scopeClaim = DEFAULT_SCOPE_CLAIM;
    private ScopeHierarchy scopeHierarchy = ScopeHierarchy.none();
    private boolean requireAccessTokenProfile;
    private int maxHeaderLength = DEFAULT_MAX_HEADER_LENGTH;
    private boolean caseInsensitiveSchemeAndHost;
    private boolean requireSubject = true;
    private Optional<String> realm = Optional.empty();
    private Duration verifiedTokenCacheTtl = Duration.ZERO;
    private int verifiedTokenCacheSize;
    private Optional<DpopSettings> dpop = Optional.empty();

    private Builder() {}

    /**
     * Accepts DPoP-bound access tokens ({@code Authorization: DPoP} with a {@code DPoP} proof, RFC 9449)
     * as {@code settings} say. Challenges then advertise both schemes; a DPoP-bound token presented as
     * Bearer is still refused. Advertise it in the metadata too
     * ({@code dpopSigningAlgValuesSupported}, {@code dpopBoundAccessTokensRequired}).
     */
    public Builder dpop(DpopSettings settings) {
      this.dpop = Optional.of(Objects.requireNonNull(settings, "settings"));
      return this;
    }

    /**
     * Remembers JWTs that passed verification, so a repeat costs a SHA-256 and a lookup instead of a
     * signature check (off by default). An entry lives until the earlier of the token's {@code exp} and
     * {@code ttl}, and is forgotten when its signing key leaves the issuer's key set. Audience, expiry and
     * scopes are still checked on every request. The trade-off: a token revoked at the authorization
     * server keeps working until one of those limits, exactly as it would for plain JWT verification.
     *
     * @param ttl at most how long to remember a token (at most 1 hour)
     * @param maxEntries at most how many tokens to remember
     */
    public Builder verifiedTokenCache(Duration ttl, int maxEntries) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("the verified-token cache ttl must be between 0 and 1 hour");
      }
      if (maxEntries < 1) {
        throw new IllegalArgumentException("maxEntries must be positive");
      }
      this.verifiedTokenCacheTtl = ttl;
      this.verifiedTokenCacheSize = maxEntries;
      return this;
    }

    /** The configured resource this route belongs to; optional when {@link McpAuth} has exactly one. */
    public Builder resource(String resource) {
      this.resource = Optional.of(Objects.requireNonNull(resource, "resource"));
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

    /** Scopes every request must carry (all of them). */
    public Builder requiredScopes(String... scopes) {
      List<String> list = new ArrayList<>(new LinkedHashSet<>(List.of(scopes)));
      list.forEach(BearerAuthConfig::checkScopeToken);
      this.requiredScopes = list;
      return this;
    }

    /** Puts expected-versus-actual details into JSON error bodies (development only; off by default). */
    public Builder showErrorDetails(boolean show) {
      this.showErrorDetails = show;
      return this;
    }

    /** Clock skew for {@code exp}, {@code nbf} and {@code iat}; at most 5 minutes. */
    public Builder clockSkew(Duration skew) {
      Objects.requireNonNull(skew, "skew");
      if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("clockSkew must be between 0 and 5 minutes (RFC 9068 §4)");
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
     * Reads scopes from another claim, for providers that use {@code scp} (Microsoft Entra, Okta) or
     * {@code scopes}. A string is split on spaces; an array must hold strings. Only this claim is read:
     * two claims are never merged.
     */
    public Builder scopeClaim(String claim) {
      this.scopeClaim = Objects.requireNonNull(claim, "claim");
      return this;
    }

    /** Declares which scopes imply which. */
    public Builder scopeHierarchy(ScopeHierarchy hierarchy) {
      this.scopeHierarchy = Objects.requireNonNull(hierarchy, "hierarchy");
      return this;
    }

    /**
     * Requires the RFC 9068 JWT access token profile: {@code typ} {@code at+jwt} (or
     * {@code application/at+jwt}, any case) and the claims {@code client_id}, {@code iat} and
     * {@code jti}. Turn it on when your authorization server issues such tokens: it is the strongest
     * defence against ID tokens and other JWTs being replayed as access tokens.
     */
    public Builder requireAccessTokenProfile() {
      this.requireAccessTokenProfile = true;
      return this;
    }

    /** Caps the Authorization header length (characters); longer headers get 401 before decoding. */
    public Builder maxHeaderLength(int length) {
      if (length < 64) {
        throw new IllegalArgumentException("maxHeaderLength must be at least 64");
      }
      this.maxHeaderLength = length;
      return this;
    }

    /**
     * Weakening: compares the scheme and host of {@code aud} case-insensitively (MCP "Canonical Server
     * URI" says servers SHOULD accept upper-case scheme and host). The path always stays case-sensitive.
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

    /** Builds the configuration. */
    public BearerAuthConfig build() {
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
        throw new IllegalArgumentException("scope \"" + scope + "\" has a character RFC 6750 §3 does not allow"
            + " at index " + i);
      }
    }
  }
}
