package dev.mcpauth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: one or more protected resources, each with its own trusted authorization servers.
 * Its two faces are {@link #metadataFor(String, String)} (the RFC 9728 document for a request path) and
 * {@link #bearerAuth(BearerAuthConfig)} (a verifier that turns request headers into an
 * {@link AuthResult}). Adapters only translate between a framework and these two.
 *
 * <pre>{@code
 * McpAuth mcpAuth = McpAuth.builder()
 *     .protectedResource(ResourceServerConfig.builder("https://api.example.com/notes")
 *         .authorizationServer(AuthServerConfig.discover("https://auth.example.com", AuthServerType.OIDC))
 *         .scopesSupported("read:notes", "write:notes")
 *         .build())
 *     .build();
 * BearerAuth notes = mcpAuth.bearerAuth(BearerAuthConfig.builder().requiredScopes("read:notes").build());
 * }</pre>
 *
 * <p>Building validates everything that can be validated without the network: resource identifiers,
 * duplicates, resolved authorization server metadata. Discovery configurations are fetched lazily, so
 * the server starts while the authorization server is down (requests then get 503 until it is back).
 * Thread-safe. {@link #close()} stops its background fetch threads.
 */
public final class McpAuth implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(McpAuth.class);

  /** How often discovered metadata is refreshed: 1 hour. */
  public static final Duration DEFAULT_DISCOVERY_REFRESH = Duration.ofHours(1);
  /** How soon a failed discovery is retried: 2 seconds. */
  public static final Duration DEFAULT_DISCOVERY_RETRY = Duration.ofSeconds(2);
  /** {@code Cache-Control: max-age} of metadata responses: 1 hour. */
  public static final Duration DEFAULT_METADATA_MAX_AGE = Duration.ofHours(1);

  private final Map<String, ResourceServerConfig> resources;
  private final Map<String, Map<String, TrustedIssuer>> issuersByResource;
  private final MetadataEndpoints metadataEndpoints;
  private final Clock clock;
  private final ExecutorService executor;
  private final Map<String, JwksCache> jwksCaches = new ConcurrentHashMap<>();
  private final HttpFetcher http;
  private final JwksSettings jwksSettings;
  private final Duration waitTimeout;
  private final LegacyAuthServerMetadata legacy;

  private McpAuth(Builder b) {
    if (b.resources.isEmpty()) {
      throw new McpAuthConfigException(ConfigErrorCode.INVALID_SERVER_CONFIG,
          "configure at least one protected resource with protectedResource(...)");
    }
    this.clock = b.clock;
    this.jwksSettings = b.jwksSettings;
    this.http = new HttpFetcher(b.httpClient == null ? new OkHttpClient() : b.httpClient, b.fetchLimits);
    this.waitTimeout = b.fetchLimits.callTimeout().multipliedBy(3).plusSeconds(1);
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "mcpauth-fetch-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    AuthServerDiscovery fetcher = AuthServerDiscovery.using(http);
    Map<String, ResourceServerConfig> byResource = new LinkedHashMap<>();
    Map<String, AuthServerMetadataCache> caches = new LinkedHashMap<>();
    Map<String, AuthServerConfig> configsByIssuer = new LinkedHashMap<>();
    Map<String, Map<String, TrustedIssuer>> issuers = new LinkedHashMap<>();
    for (ResourceServerConfig r : b.resources) {
      if (byResource.putIfAbsent(r.resource().value(), r) != null) {
        throw new McpAuthConfigException(ConfigErrorCode.INVALID_SERVER_CONFIG,
            "resource \"" + r.resource().value() + "\" is configured twice");
      }
      Map<String, TrustedIssuer> trusted = new LinkedHashMap<>();
      for (AuthServerConfig server : r.authorizationServers()) {
        AuthServerConfig known = configsByIssuer.putIfAbsent(server.issuer(), server);
        if (known != null && !known.equals(server)) {
          throw new McpAuthConfigException(ConfigErrorCode.INVALID_SERVER_CONFIG,
              "authorization server \"" + server.issuer() + "\" is configured differently for two resources;"
                  + " pass the same AuthServerConfig instance to both");
        }
        if (known == null) {
          validateAtBuild(server);
        }
        AuthServerMetadataCache cache = caches.computeIfAbsent(server.issuer(), issuer ->
            new AuthServerMetadataCache(server, fetcher, clock, b.discoveryRefresh, b.discoveryRetry,
                executor, waitTimeout));
        trusted.put(server.issuer(), new TrustedIssuer(cache, this::jwksCache));
      }
      issuers.put(r.resource().value(), Collections.unmodifiableMap(trusted));
    }
    this.resources = Collections.unmodifiableMap(byResource);
    this.issuersByResource = Collections.unmodifiableMap(issuers);
    this.metadataEndpoints = MetadataEndpoints.of(byResource.values(), b.metadataMaxAge);
    if (b.legacyIssuer != null) {
      AuthServerMetadataCache cache = caches.get(b.legacyIssuer);
      if (cache == null) {
        throw new McpAuthConfigException(ConfigErrorCode.INVALID_SERVER_CONFIG,
            "serveLegacyAuthorizationServerMetadata(\"" + b.legacyIssuer + "\") names no configured authorization"
                + " server; configured: " + caches.keySet());
      }
      this.legacy = new LegacyAuthServerMetadata(cache, b.metadataMaxAge);
    } else {
      this.legacy = null;
    }
  }

  private static void validateAtBuild(AuthServerConfig server) {
    if (server instanceof AuthServerConfig.Discovery) {
      AuthServerDiscovery.issuerUri(server.issuer());
      return;
    }
    ValidationResult result = AuthServerValidator.validate(((AuthServerConfig.Resolved) server).metadata());
    if (!result.isValid()) {
      throw new McpAuthConfigException(ConfigErrorCode.INVALID_SERVER_CONFIG,
          "authorization server \"" + server.issuer() + "\" cannot serve MCP clients: " + result.errors(),
          result.errors());
    }
    result.warnings().forEach(w -> LOG.warn("authorization server {}: {}", server.issuer(), w));
  }

  private JwksCache jwksCache(String uri) {
    JwksCache existing = jwksCaches.get(uri); // the common case, without allocating the factory lambda
    if (existing != null) {
      return existing;
    }
    return jwksCaches.computeIfAbsent(uri,
        u -> new JwksCache(u, http, jwksSettings, clock, executor, waitTimeout));
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The response for a Protected Resource Metadata request, or empty when {@code path} is not the
   * metadata path of a configured resource (the adapter then passes the request on).
   *
   * @param method the request method (GET, HEAD, OPTIONS; anything else gets 405)
   * @param path the request path without query string
   */
  public Optional<MetadataResponse> metadataFor(String method, String path) {
    if (legacy != null && LegacyAuthServerMetadata.PATH.equals(path)) {
      return Optional.of(legacy.respond(method));
    }
    return metadataEndpoints.respond(method, path);
  }

  /** Same as {@link #metadataFor(String, String)} for a GET. */
  public Optional<MetadataResponse> metadataFor(String path) {
    return metadataFor("GET", path);
  }

  /** Whether {@code path} is the metadata path of a configured resource. */
  public boolean isMetadataPath(String path) {
    return metadataEndpoints.owns(path) || (legacy != null && LegacyAuthServerMetadata.PATH.equals(path));
  }

  /** The metadata paths of all resources, for adapters that must register routes up front. */
  public List<String> metadataPaths() {
    List<String> paths = new ArrayList<>();
    resources.values().forEach(r -> paths.add(r.resource().metadataPath()));
    if (legacy != null) {
      paths.add(LegacyAuthServerMetadata.PATH);
    }
    return Collections.unmodifiableList(paths);
  }

  /**
   * The absolute metadata URL of a configured resource (what {@code resource_metadata} advertises).
   *
   * @throws McpAuthConfigException {@code invalid_server_config} for a resource that is not configured
   */
  public String resourceMetadataUrl(String resource) {
    return resource(resource).resource().metadataUrl();
  }

  /** The served metadata documents, in configuration order. */
  public List<ProtectedResourceMetadata> protectedResourceMetadata() {
    List<ProtectedResourceMetadata> out = new ArrayList<>();
    resources.values().forEach(r -> out.add(r.toProtectedResourceMetadata()));
    return Collections.unmodifiableList(out);
  }

  /**
   * A verifier for JWT access tokens (the peers' {@code bearerAuth('jwt', ...)}).
   *
   * @throws McpAuthConfigException {@code invalid_server_config} when the config names an unknown
   *     resource, or names none while several are configured
   */
  public BearerAuth bearerAuth(BearerAuthConfig config) {
    ResourceServerConfig r = resourceFor(config);
    Map<String, TrustedIssuer> trusted = issuersByResource.get(r.resource().value());
    for (AuthServerConfig server : r.authorizationServers()) {
      if (server instanceof AuthServerConfig.Resolved
          && ((AuthServerConfig.Resolved) server).metadata().jwksUri().isEmpty()) {
        throw new McpAuthConfigException(ConfigErrorCode.MISSING_JWKS_URI,
            "authorization server \"" + server.issuer() + "\" has no jwks_uri; JWTs from it cannot be verified");
      }
    }
    ClaimsPolicy policy = policy(r, config);
    return new BearerAuth(r.resource(), config,
        new JwtVerifier(trusted, config, policy, r.resource().value(), clock), true, policy);
  }

  /**
   * A verifier that delegates token checking to {@code verifier} (opaque tokens, userinfo). The
   * issuer, audience, expiry and scope checks still run on what it returns.
   */
  public BearerAuth bearerAuth(TokenVerifier verifier, BearerAuthConfig config) {
    Objects.requireNonNull(verifier, "verifier");
    ResourceServerConfig r = resourceFor(config);
    return new BearerAuth(r.resource(), config, verifier, false, policy(r, config));
  }

  /**
   * A verifier for both kinds of token (mixed mode): JWTs are verified locally as by
   * {@link #bearerAuth(BearerAuthConfig)}, anything else goes to {@code opaqueTokens} (typically an
   * {@link IntrospectionTokenVerifier}). Issuer, audience, expiry and scopes are checked either way.
   */
  public BearerAuth bearerAuth(BearerAuthConfig config, TokenVerifier opaqueTokens) {
    Objects.requireNonNull(opaqueTokens, "opaqueTokens");
    ResourceServerConfig r = resourceFor(config);
    ClaimsPolicy policy = policy(r, config);
    JwtVerifier jwt = new JwtVerifier(issuersByResource.get(r.resource().value()), config, policy,
        r.resource().value(), clock);
    TokenVerifier mixed = token -> CompactJws.looksLikeJws(token) ? jwt.verify(token) : opaqueTokens.verify(token);
    return new BearerAuth(r.resource(), config, mixed, false, policy);
  }

  /**
   * The current metadata of a trusted authorization server of a resource (discovering it if needed),
   * for custom verifiers that call its userinfo or introspection endpoint.
   *
   * @return empty while the server cannot be reached
   */
  public Optional<AuthServerMetadata> authorizationServerMetadata(String resource, String issuer) {
    TrustedIssuer trusted = issuersByResource.get(resource(resource).resource().value()).get(issuer);
    if (trusted == null) {
      return Optional.empty();
    }
    AuthServerMetadataCache.Lookup lookup = trusted.metadata();
    return lookup instanceof AuthServerMetadataCache.Lookup.Ready
        ? Optional.of(((AuthServerMetadataCache.Lookup.Ready) lookup).metadata()) : Optional.empty();
  }

  private ClaimsPolicy policy(ResourceServerConfig r, BearerAuthConfig config) {
    Set<String> audiences = new LinkedHashSet<>();
    List<String> configured = config.audiences().isEmpty() ? List.of(r.resource().value()) : config.audiences();
    for (String a : configured) {
      audiences.add(config.caseInsensitiveSchemeAndHost() ? ResourceIdentifier.lowerSchemeAndHost(a) : a);
    }
    return new ClaimsPolicy(Set.copyOf(issuersByResource.get(r.resource().value()).keySet()),
        Collections.unmodifiableSet(audiences), config.caseInsensitiveSchemeAndHost(),
        config.clockSkew().toSeconds(), clock);
  }

  private ResourceServerConfig resourceFor(BearerAuthConfig config) {
    Objects.requireNonNull(config, "config");
    if (config.resource().isPresent()) {
      return resource(config.resource().get());
    }
    if (resources.size() != 1) {
      throw new McpAuthConfigException(ConfigErrorCode.INVALID_SERVER_CONFIG,
          "several resources are configured; name one with BearerAuthConfig.builder().resource(...)");
    }
    return resources.values().iterator().next();
  }

  private ResourceServerConfig resource(String resource) {
    ResourceServerConfig r = resources.get(resource);
    if (r == null) {
      throw new McpAuthConfigException(ConfigErrorCode.INVALID_SERVER_CONFIG,
          "resource \"" + resource + "\" is not configured; configured: " + resources.keySet());
    }
    return r;
  }

  /** Stops background fetches. Verifiers made by this instance must not be used afterwards. */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  /** Builds an {@link McpAuth}. */
  public static final class Builder {
    private final List<ResourceServerConfig> resources = new ArrayList<>();
    private OkHttpClient httpClient;
    private FetchLimits fetchLimits = FetchLimits.DEFAULTS;
    private JwksSettings jwksSettings = JwksSettings.DEFAULTS;
    private Clock clock = Clock.systemUTC();
    private Duration discoveryRefresh = DEFAULT_DISCOVERY_REFRESH;
    private Duration discoveryRetry = DEFAULT_DISCOVERY_RETRY;
    private Duration metadataMaxAge = DEFAULT_METADATA_MAX_AGE;
    private String legacyIssuer;

    private Builder() {}

    /**
     * Deprecated compatibility for MCP 2025-03-26 clients, which look for authorization server metadata
     * on the MCP server's origin: {@link McpAuth#metadataFor} also answers
     * {@code /.well-known/oauth-authorization-server} with the metadata of {@code issuer} (one of the
     * configured authorization servers), unknown members included. Off by default; logs a warning the
     * first time it is used.
     */
    public Builder serveLegacyAuthorizationServerMetadata(String issuer) {
      this.legacyIssuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /** Adds a protected resource. */
    public Builder protectedResource(ResourceServerConfig resource) {
      resources.add(Objects.requireNonNull(resource, "resource"));
      return this;
    }

    /** The OkHttp client whose connection pool discovery and JWKS fetches share; redirects are never followed. */
    public Builder httpClient(OkHttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Bounds on discovery and JWKS fetches. */
    public Builder fetchLimits(FetchLimits limits) {
      this.fetchLimits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** How signing keys are cached. */
    public Builder jwksSettings(JwksSettings settings) {
      this.jwksSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** The clock for token times and caches (tests inject a fixed one). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How often discovered metadata is refreshed in the background. */
    public Builder discoveryRefreshInterval(Duration interval) {
      this.discoveryRefresh = positive(interval, "discoveryRefreshInterval");
      return this;
    }

    /** How soon a failed discovery is retried. */
    public Builder discoveryRetryInterval(Duration interval) {
      this.discoveryRetry = positive(interval, "discoveryRetryInterval");
      return this;
    }

    /** The {@code Cache-Control: max-age} of metadata responses. */
    public Builder metadataMaxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.isNegative()) {
        throw new IllegalArgumentException("metadataMaxAge must not be negative");
      }
      this.metadataMaxAge = maxAge;
      return this;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    }

    /**
     * Validates and builds.
     *
     * @throws McpAuthConfigException naming what is wrong
     */
    public McpAuth build() {
      return new McpAuth(this);
    }
  }
}
