package dev.mcpauth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: one or more protected resources, each with its own trusted authorization
 * servers. Its two faces are {@link #metadataFor(String, String)} (the RFC 9728 document for a
 * request path) and {@link #bearerAuth(String...)} (a route's verifier that turns request headers
 * into an {@link AuthResult}). Adapters only translate between a framework and these two. How
 * tokens are verified is configured once per resource ({@link
 * ResourceServerConfig.Builder#tokenPolicy}); a route only adds the scopes it needs.
 *
 * <pre>{@code
 * McpAuth mcpAuth = McpAuth.builder()
 *     .protectedResource(ResourceServerConfig.builder("https://api.example.com/notes")
 *         .authorizationServer(AuthServerConfig.discover("https://auth.example.com", AuthServerConfig.Type.OIDC))
 *         .scopesSupported("read:notes", "write:notes")
 *         .build())
 *     .build();
 * BearerAuth notes = mcpAuth.bearerAuth("read:notes");
 * }</pre>
 *
 * <p>Building validates everything that can be validated without the network: resource identifiers,
 * duplicates, resolved authorization server metadata. Discovery configurations are fetched lazily,
 * so the server starts while the authorization server is down (requests then get 503 until it is
 * back). Thread-safe. {@link #close()} stops its background fetch threads (unless the executor was
 * supplied).
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
  private final Map<String, ResourceGuard> guards;
  private final MetadataEndpoints metadataEndpoints;
  private final Clock clock;
  private final Executor executor;
  private final Optional<ExecutorService> ownExecutor;
  private final Map<String, JwksCache> jwksCaches = new ConcurrentHashMap<>();
  private final HttpFetcher http;
  private final JwksSettings jwksSettings;
  private final Duration waitTimeout;
  private final Optional<LegacyAuthServerMetadata> legacy;
  private final SingleUseStore singleUseStore;
  private final SessionStore sessionStore;
  private final McpAuthListener listener;
  private final Duration discoveryRefresh;
  private final Duration discoveryRetry;

  private McpAuth(Builder b) {
    if (b.resources.isEmpty()) {
      throw new McpAuthConfigException(
          McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
          "configure at least one protected resource with protectedResource(...)");
    }
    this.clock = b.clock;
    this.listener = b.listener;
    this.discoveryRefresh = b.discoveryRefresh;
    this.discoveryRetry = b.discoveryRetry;
    this.jwksSettings = b.jwksSettings;
    this.http = new HttpFetcher(new OkHttpClient(), b.fetchLimits);
    this.waitTimeout = b.fetchLimits.callTimeout().multipliedBy(3).plusSeconds(1);
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownExecutor = Optional.empty();
    } else {
      AtomicInteger threads = new AtomicInteger();
      ExecutorService own =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "mcpauth-fetch-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      this.executor = own;
      this.ownExecutor = Optional.of(own);
    }
    this.singleUseStore =
        b.singleUseStore != null
            ? b.singleUseStore
            : new InMemorySingleUseStore(InMemorySingleUseStore.DEFAULT_CAPACITY, clock);
    this.sessionStore =
        b.sessionStore != null
            ? b.sessionStore
            : new InMemorySessionStore(
                InMemorySessionStore.DEFAULT_CAPACITY,
                InMemorySessionStore.DEFAULT_PER_OWNER,
                clock);
    ExpiringCache cache =
        b.expiringCache != null
            ? b.expiringCache
            : new InMemoryExpiringCache(InMemoryExpiringCache.DEFAULT_CAPACITY, clock);
    AuthServerDiscovery fetcher = AuthServerDiscovery.using(http);
    Map<String, ResourceServerConfig> byResource = new LinkedHashMap<>();
    Map<String, AuthServerMetadataCache> caches = new LinkedHashMap<>();
    Map<String, AuthServerConfig> configsByIssuer = new LinkedHashMap<>();
    Map<String, Map<String, TrustedIssuer>> issuers = new LinkedHashMap<>();
    for (ResourceServerConfig r : b.resources) {
      if (byResource.putIfAbsent(r.identifier().value(), r) != null) {
        throw new McpAuthConfigException(
            McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
            "resource \"" + r.identifier().value() + "\" is configured twice");
      }
      Map<String, TrustedIssuer> trusted = new LinkedHashMap<>();
      for (AuthServerConfig server : r.authorizationServers()) {
        AuthServerConfig known = configsByIssuer.putIfAbsent(server.issuer(), server);
        if (known != null && !known.equals(server)) {
          throw new McpAuthConfigException(
              McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
              "authorization server \""
                  + server.issuer()
                  + "\" is configured differently for two resources;"
                  + " pass the same AuthServerConfig instance to both");
        }
        if (known == null) {
          validateAtBuild(server);
        }
        AuthServerMetadataCache cache1 =
            caches.computeIfAbsent(
                server.issuer(),
                issuer ->
                    new AuthServerMetadataCache(
                        server,
                        fetcher,
                        clock,
                        b.discoveryRefresh,
                        b.discoveryRetry,
                        executor,
                        waitTimeout,
                        listener));
        trusted.put(server.issuer(), new TrustedIssuer(cache1, this::jwksCache));
      }
      issuers.put(r.identifier().value(), Collections.unmodifiableMap(trusted));
    }
    this.resources = Collections.unmodifiableMap(byResource);
    this.issuersByResource = Collections.unmodifiableMap(issuers);
    Map<String, ResourceGuard> built = new LinkedHashMap<>();
    for (ResourceServerConfig r : byResource.values()) {
      built.put(
          r.identifier().value(),
          guardFor(
              r,
              issuers.get(r.identifier().value()),
              caches,
              cache,
              cache.isNonBlocking(),
              b.fetchLimits));
    }
    this.guards = Collections.unmodifiableMap(built);
    this.metadataEndpoints = MetadataEndpoints.of(byResource.values(), b.metadataMaxAge);
    if (b.legacyIssuer != null) {
      AuthServerMetadataCache cache2 = caches.get(b.legacyIssuer);
      if (cache2 == null) {
        throw new McpAuthConfigException(
            McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
            "serveLegacyAuthorizationServerMetadata(\""
                + b.legacyIssuer
                + "\") names no configured authorization"
                + " server; configured: "
                + caches.keySet());
      }
      this.legacy = Optional.of(new LegacyAuthServerMetadata(cache2, b.metadataMaxAge));
    } else {
      this.legacy = Optional.empty();
    }
  }

  /**
   * One line for an adapter's startup log: the resource and whom it trusts, e.g. {@code resource
   * https://x.example/mcp, trusting issuers [https://as.example]}. Never names a secret.
   */
  String protectionSummary(String resource) {
    ResourceServerConfig r = resources.get(resource);
    if (r == null) {
      return "resource " + resource;
    }
    List<String> trusted = r.authorizationServers().stream().map(AuthServerConfig::issuer).toList();
    StringBuilder line = new StringBuilder("resource ").append(resource).append(", trusting ");
    if (r.tokenVerifier().isPresent()) {
      line.append("its own TokenVerifier");
    } else if (r.issuerResolver().isPresent()) {
      line.append("the issuers its IssuerResolver accepts");
    } else {
      line.append("issuers ").append(trusted);
    }
    if (r.introspection().isPresent()) {
      line.append(
          r.introspectsEveryToken()
              ? ", introspecting every token"
              : ", introspecting opaque tokens");
    }
    return line.toString();
  }

  /**
   * The one pipeline of a resource: its token check (JWT, introspection, mixed or custom) and
   * policy.
   */
  private ResourceGuard guardFor(
      ResourceServerConfig r,
      Map<String, TrustedIssuer> trusted,
      Map<String, AuthServerMetadataCache> caches,
      ExpiringCache cache,
      boolean cacheIsLocal,
      FetchLimits limits) {
    TokenPolicy policy = r.tokenPolicy();
    String resource = r.identifier().value();
    if (!policy.clientIdsAsAudience().isEmpty()) {
      LOG.warn(
          "resource {} accepts tokens that do not name it in aud when their client id is one of {}"
              + " (acceptClientIdsAsAudience)",
          resource,
          policy.clientIdsAsAudience());
    }
    if (!policy.audiences().isEmpty()) {
      LOG.info(
          "resource {} accepts the audiences {} instead of its identifier",
          resource,
          policy.audiences());
    }
    boolean jwtNeeded =
        r.tokenVerifier().isEmpty()
            && !(r.introspection().isPresent() && r.introspectsEveryToken());
    if (jwtNeeded) {
      for (AuthServerConfig server : r.authorizationServers()) {
        if (server instanceof AuthServerConfig.Resolved resolved
            && resolved.metadata().jwksUri().isEmpty()) {
          throw new McpAuthConfigException(
              McpAuthConfigException.Code.MISSING_JWKS_URI,
              "authorization server \""
                  + server.issuer()
                  + "\" has no jwks_uri; JWTs from it cannot be verified"
                  + " (configure introspection or a token verifier for opaque tokens)");
        }
      }
    }
    IssuerRegistry registry =
        new IssuerRegistry(
            trusted,
            r.issuerResolver(),
            ResourceServerConfig.MAX_RESOLVED_ISSUERS,
            server -> {
              AuthServerMetadataCache own =
                  new AuthServerMetadataCache(
                      server,
                      AuthServerDiscovery.using(http),
                      clock,
                      discoveryRefresh,
                      discoveryRetry,
                      executor,
                      waitTimeout,
                      listener);
              Map<String, JwksCache> keys = new ConcurrentHashMap<>(); // dropped with the issuer
              return new TrustedIssuer(
                  own,
                  uri ->
                      keys.computeIfAbsent(
                          uri,
                          u ->
                              new JwksCache(
                                  u, http, jwksSettings, clock, executor, waitTimeout, listener)));
            },
            new ResolvedIssuerBudget(clock));
    TokenVerifier verifier;
    if (r.tokenVerifier().isPresent()) {
      verifier = r.tokenVerifier().get();
    } else if (r.introspection().isPresent()) {
      Introspection config = r.introspection().get();
      AuthServerMetadataCache metadata = caches.get(config.issuer());
      TokenVerifier introspection =
          new IntrospectionTokenVerifier(
              config,
              resource,
              () -> metadataOf(metadata),
              http,
              limits.maxResponseBytes(),
              waitTimeout,
              cache,
              cacheIsLocal,
              clock);
      verifier =
          r.introspectsEveryToken()
              ? introspection
              : new MixedTokenVerifier(
                  new JwtVerifier(registry, policy, resource, clock), introspection);
    } else {
      verifier = new JwtVerifier(registry, policy, resource, clock);
    }
    ClaimsPolicy claims = new ClaimsPolicy(registry, resource, policy, clock);
    return new ResourceGuard(
        r.identifier(),
        policy,
        verifier,
        claims,
        singleUseStore,
        clock,
        listener,
        r.apiKeyHeader(),
        r.apiKeyVerifier());
  }

  private static Optional<AuthServerMetadata> metadataOf(AuthServerMetadataCache cache) {
    AuthServerMetadataCache.Lookup lookup = cache.get();
    return lookup instanceof AuthServerMetadataCache.Lookup.Ready ready
        ? Optional.of(ready.metadata())
        : Optional.empty();
  }

  private static void validateAtBuild(AuthServerConfig server) {
    if (!(server instanceof AuthServerConfig.Resolved resolved)) {
      AuthServerDiscovery.issuerUri(server.issuer());
      return;
    }
    AuthServerMetadata.Validation result = AuthServerValidator.validate(resolved.metadata());
    if (!result.isValid()) {
      throw new McpAuthConfigException(
          McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
          "authorization server \""
              + server.issuer()
              + "\" cannot serve MCP clients: "
              + result.errors(),
          result.errors());
    }
    result.warnings().forEach(w -> LOG.warn("authorization server {}: {}", server.issuer(), w));
  }

  private JwksCache jwksCache(String uri) {
    JwksCache existing =
        jwksCaches.get(uri); // the common case, without allocating the factory lambda
    if (existing != null) {
      return existing;
    }
    return jwksCaches.computeIfAbsent(
        uri, u -> new JwksCache(u, http, jwksSettings, clock, executor, waitTimeout, listener));
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
  public Optional<HttpResponse> metadataFor(String method, String path) {
    if (legacy.isPresent() && LegacyAuthServerMetadata.PATH.equals(path)) {
      return Optional.of(legacy.get().respond(method));
    }
    return metadataEndpoints.respond(method, path);
  }

  /** Same as {@link #metadataFor(String, String)} for a GET. */
  public Optional<HttpResponse> metadataFor(String path) {
    return metadataFor("GET", path);
  }

  /** Whether {@code path} is the metadata path of a configured resource. */
  public boolean isMetadataPath(String path) {
    return metadataEndpoints.owns(path)
        || (legacy.isPresent() && LegacyAuthServerMetadata.PATH.equals(path));
  }

  /** The metadata paths of all resources, for adapters that must register routes up front. */
  public List<String> metadataPaths() {
    List<String> paths = new ArrayList<>();
    resources.values().forEach(r -> paths.add(r.identifier().metadataPath()));
    legacy.ifPresent(l -> paths.add(LegacyAuthServerMetadata.PATH));
    return Collections.unmodifiableList(paths);
  }

  /**
   * The absolute metadata URL of a configured resource (what {@code resource_metadata} advertises).
   *
   * @throws McpAuthConfigException {@code invalid_server_config} for a resource that is not
   *     configured
   */
  public String resourceMetadataUrl(String resource) {
    return resource(resource).metadataUrl();
  }

  /** The protected resources, in configuration order. */
  public List<ResourceServerConfig> resources() {
    return List.copyOf(resources.values());
  }

  /**
   * A route's verifier (the peers' {@code bearerAuth}): the resource's token verification plus the
   * route's required scopes. Routes of one resource share one verification.
   *
   * @throws McpAuthConfigException {@code invalid_server_config} when the config names an unknown
   *     resource, or names none while several are configured
   */
  BearerAuth bearerAuth(BearerAuthConfig config) {
    ResourceServerConfig r = resourceFor(config);
    return new BearerAuth(guards.get(r.identifier().value()), config.requiredScopes());
  }

  /**
   * A route's verifier (the peers' {@code bearerAuth}) for the only configured resource: the
   * resource's token verification plus the route's required scopes. Routes of one resource share
   * one verification.
   *
   * @param requiredScopes scopes every request must carry (none: any valid token)
   * @throws McpAuthConfigException {@code invalid_server_config} when several resources are
   *     configured (use {@link #bearerAuthFor})
   */
  public BearerAuth bearerAuth(String... requiredScopes) {
    return bearerAuth(BearerAuthConfig.builder().requiredScopes(requiredScopes).build());
  }

  /**
   * {@link #bearerAuth(String...)} for one of several configured resources.
   *
   * @param resource the resource identifier, as configured
   * @param requiredScopes scopes every request must carry
   * @throws McpAuthConfigException {@code invalid_server_config} for a resource that is not
   *     configured
   */
  public BearerAuth bearerAuthFor(String resource, String... requiredScopes) {
    return bearerAuth(
        BearerAuthConfig.builder().resource(resource).requiredScopes(requiredScopes).build());
  }

  /**
   * Starts the gate of an MCP endpoint behind {@code route} (made by this instance's {@link
   * #bearerAuth}): bearer token, per-tool/resource/prompt scopes with one-challenge step-up,
   * session binding, origin check, body caps; see {@link McpGate}.
   *
   * @throws IllegalArgumentException when {@code route} was made by another {@link McpAuth}
   */
  public McpGate.Builder mcpGate(BearerAuth route) {
    Objects.requireNonNull(route, "route");
    if (!guards.containsValue(route.guard())) {
      throw new IllegalArgumentException(
          "this BearerAuth was made by another McpAuth: use this instance's bearerAuth(...)");
    }
    return McpGate.builder(this, route);
  }

  /**
   * The current metadata of a trusted authorization server of a resource (discovering it if
   * needed), for custom verifiers that call its userinfo or introspection endpoint.
   *
   * @return empty while the server cannot be reached
   */
  public Optional<AuthServerMetadata> authorizationServerMetadata(String resource, String issuer) {
    TrustedIssuer trusted = issuersByResource.get(resource(resource).resource()).get(issuer);
    if (trusted == null) {
      return Optional.empty();
    }
    AuthServerMetadataCache.Lookup lookup = trusted.metadata();
    return lookup instanceof AuthServerMetadataCache.Lookup.Ready ready
        ? Optional.of(ready.metadata())
        : Optional.empty();
  }

  SessionStore sessionStore() {
    return sessionStore;
  }

  Clock clock() {
    return clock;
  }

  private ResourceServerConfig resourceFor(BearerAuthConfig config) {
    Objects.requireNonNull(config, "config");
    if (config.resource().isPresent()) {
      return resource(config.resource().get());
    }
    if (resources.size() != 1) {
      throw new McpAuthConfigException(
          McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
          "several resources are configured; name one with mcpAuth.bearerAuthFor(resource, scopes...)");
    }
    return resources.values().iterator().next();
  }

  private ResourceServerConfig resource(String resource) {
    ResourceServerConfig r = resources.get(resource);
    if (r == null) {
      throw new McpAuthConfigException(
          McpAuthConfigException.Code.INVALID_SERVER_CONFIG,
          "resource \"" + resource + "\" is not configured; configured: " + resources.keySet());
    }
    return r;
  }

  /**
   * Stops background fetches (when the executor is this instance's own). Verifiers made by this
   * instance must not be used afterwards.
   */
  @Override
  public void close() {
    ownExecutor.ifPresent(ExecutorService::shutdownNow);
  }

  /** Builds an {@link McpAuth}. */
  public static final class Builder {
    private final List<ResourceServerConfig> resources = new ArrayList<>();
    private FetchLimits fetchLimits = FetchLimits.defaults();
    private JwksSettings jwksSettings = JwksSettings.defaults();
    private Clock clock = Clock.systemUTC();
    private Duration discoveryRefresh = DEFAULT_DISCOVERY_REFRESH;
    private Duration discoveryRetry = DEFAULT_DISCOVERY_RETRY;
    private Duration metadataMaxAge = DEFAULT_METADATA_MAX_AGE;
    private String legacyIssuer;
    private Executor executor;
    private SingleUseStore singleUseStore;
    private ExpiringCache expiringCache;
    private SessionStore sessionStore;
    private McpAuthListener listener = new McpAuthListener() {};

    private Builder() {}

    /**
     * Observes every decision and fetch (for metrics and health); no token or subject reaches it.
     */
    public Builder listener(McpAuthListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Deprecated compatibility for MCP 2025-03-26 clients, which look for authorization server
     * metadata on the MCP server's origin: {@link McpAuth#metadataFor} also answers {@code
     * /.well-known/oauth-authorization-server} with the metadata of {@code issuer} (one of the
     * configured authorization servers), unknown members included. Off by default; logs a warning
     * the first time it is used.
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

    /** Bounds on discovery, JWKS and introspection calls. */
    public Builder fetchLimits(FetchLimits limits) {
      this.fetchLimits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** How signing keys are cached. */
    public Builder jwksSettings(JwksSettings settings) {
      this.jwksSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** The clock for token times and caches (tests inject a fixed or mutable one). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Runs discovery and key fetches on {@code executor} instead of this instance's own daemon
     * threads (tests inject a controllable one; {@link McpAuth#close()} then leaves it running).
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Where state that must hold across the instances of a deployment lives: DPoP proof {@code
     * jti}s (each proof accepted once), MCP session owners and cached introspection results. Share
     * one (for example {@code mcpauth-redis}'s {@code RedisStores}) when several instances serve
     * one resource behind a load balancer. Default: this process's memory (100,000 proofs, at most
     * a tenth per proof key; 10,000 sessions, 100 per owner; 10,000 cached results), where a full
     * store answers 503 rather than forget.
     */
    public Builder sharedStore(SharedStore store) {
      Objects.requireNonNull(store, "store");
      this.singleUseStore = SharedStoreViews.singleUse(store);
      this.expiringCache = SharedStoreViews.cache(store);
      this.sessionStore = SharedStoreViews.sessions(store);
      return this;
    }

    /** The single-use store alone (tests). */
    Builder singleUseStore(SingleUseStore store) {
      this.singleUseStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The cache alone (tests). */
    Builder expiringCache(ExpiringCache cache) {
      this.expiringCache = Objects.requireNonNull(cache, "cache");
      return this;
    }

    /** The session store alone (tests). */
    Builder sessionStore(SessionStore store) {
      this.sessionStore = Objects.requireNonNull(store, "store");
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
