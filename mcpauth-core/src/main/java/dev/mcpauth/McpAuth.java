package dev.mcpauth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
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

  private final McpAuthWiring wiring;

  private McpAuth(Builder b) {
    this.wiring = new McpAuthWiring(b);
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
    return wiring.metadataFor(method, path);
  }

  /** Same as {@link #metadataFor(String, String)} for a GET. */
  public Optional<HttpResponse> metadataFor(String path) {
    return metadataFor("GET", path);
  }

  /** Whether {@code path} is the metadata path of a configured resource. */
  public boolean isMetadataPath(String path) {
    return wiring.isMetadataPath(path);
  }

  /** The metadata paths of all resources, for adapters that must register routes up front. */
  public List<String> metadataPaths() {
    return wiring.metadataPaths();
  }

  /**
   * The absolute metadata URL of a configured resource (what {@code resource_metadata} advertises).
   *
   * @throws McpAuthConfigException {@code invalid_server_config} for a resource that is not
   *     configured
   */
  public String resourceMetadataUrl(String resource) {
    return wiring.resourceMetadataUrl(resource);
  }

  /** The protected resources, in configuration order. */
  public List<ResourceServerConfig> resources() {
    return wiring.resources();
  }

  /**
   * A route's verifier (the peers' {@code bearerAuth}): the resource's token verification plus the
   * route's required scopes. Routes of one resource share one verification.
   *
   * @throws McpAuthConfigException {@code invalid_server_config} when the config names an unknown
   *     resource, or names none while several are configured
   */
  BearerAuth bearerAuth(BearerAuthConfig config) {
    return wiring.bearerAuth(config);
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

  String protectionSummary(String resource) {
    return wiring.protectionSummary(resource);
  }

  SessionStore sessionStore() {
    return wiring.sessionStore();
  }

  Clock clock() {
    return wiring.clock();
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
    if (!wiring.owns(route.guard())) {
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
    return wiring.authorizationServerMetadata(resource, issuer);
  }

  /**
   * Stops background fetches (when the executor is this instance's own). Verifiers made by this
   * instance must not be used afterwards.
   */
  @Override
  public void close() {
    wiring.close();
  }

  /** Builds an {@link McpAuth}. */
  public static final class Builder {
    final List<ResourceServerConfig> resources = new ArrayList<>();
    FetchLimits fetchLimits = FetchLimits.defaults();
    JwksSettings jwksSettings = JwksSettings.defaults();
    Clock clock = Clock.systemUTC();
    Duration discoveryRefresh = DEFAULT_DISCOVERY_REFRESH;
    Duration discoveryRetry = DEFAULT_DISCOVERY_RETRY;
    Duration metadataMaxAge = DEFAULT_METADATA_MAX_AGE;
    String legacyIssuer;
    Executor executor;
    SingleUseStore singleUseStore;
    ExpiringCache expiringCache;
    SessionStore sessionStore;
    McpAuthListener listener = new McpAuthListener() {};

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
