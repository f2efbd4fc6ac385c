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
 * How an {@link McpAuth} is put together from its builder: one {@link ResourceGuard} pipeline per
 * protected resource (token verifier, claims policy, DPoP, stores), the trusted issuers' metadata
 * and key caches, the metadata documents, the executor. {@link McpAuth} is the facade; this holds
 * the parts. Thread-safe once built.
 */
final class McpAuthWiring {
  private static final Logger LOG = LoggerFactory.getLogger(McpAuth.class);

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

  McpAuthWiring(McpAuth.Builder b) {
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
        r.apiKeyVerifier(),
        r.certificateBoundTokens()
            ? Optional.of(new CertificateBinding(r.forwardedCertificateHeader()))
            : Optional.empty());
  }

  private static Optional<AuthServerMetadata> metadataOf(AuthServerMetadataCache cache) {
    AuthServerMetadataCache.Lookup.Result lookup = cache.get();
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

  Optional<HttpResponse> metadataFor(String method, String path) {
    if (legacy.isPresent() && LegacyAuthServerMetadata.PATH.equals(path)) {
      return Optional.of(legacy.get().respond(method));
    }
    return metadataEndpoints.respond(method, path);
  }

  boolean isMetadataPath(String path) {
    return metadataEndpoints.owns(path)
        || (legacy.isPresent() && LegacyAuthServerMetadata.PATH.equals(path));
  }

  List<String> metadataPaths() {
    List<String> paths = new ArrayList<>();
    resources.values().forEach(r -> paths.add(r.identifier().metadataPath()));
    legacy.ifPresent(l -> paths.add(LegacyAuthServerMetadata.PATH));
    return Collections.unmodifiableList(paths);
  }

  String resourceMetadataUrl(String resource) {
    return resource(resource).metadataUrl();
  }

  List<ResourceServerConfig> resources() {
    return List.copyOf(resources.values());
  }

  BearerAuth bearerAuth(BearerAuthConfig config) {
    ResourceServerConfig r = resourceFor(config);
    return new BearerAuth(guards.get(r.identifier().value()), config.requiredScopes());
  }

  Optional<AuthServerMetadata> authorizationServerMetadata(String resource, String issuer) {
    TrustedIssuer trusted = issuersByResource.get(resource(resource).resource()).get(issuer);
    if (trusted == null) {
      return Optional.empty();
    }
    AuthServerMetadataCache.Lookup.Result lookup = trusted.metadata();
    return lookup instanceof AuthServerMetadataCache.Lookup.Ready ready
        ? Optional.of(ready.metadata())
        : Optional.empty();
  }

  void close() {
    ownExecutor.ifPresent(ExecutorService::shutdownNow);
  }

  boolean owns(ResourceGuard guard) {
    return guards.containsValue(guard);
  }
}
