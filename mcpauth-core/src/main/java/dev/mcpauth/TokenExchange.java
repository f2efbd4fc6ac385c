package dev.mcpauth;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains a token for a downstream API on behalf of the caller: OAuth 2.0 Token Exchange (RFC 8693)
 * at the authorization server that issued the caller's token. An MCP server must not forward its
 * own inbound token (it is for this resource only); it exchanges it for one whose audience is the
 * downstream API. Immutable and thread-safe; build one per authorization server and client, and
 * share it.
 *
 * <pre>{@code
 * TokenExchange exchange =
 *     TokenExchange.builder("https://auth.example.com")     // metadata discovered on first use
 *         .clientSecretBasic("mcp-server", secret)           // this server's client credentials
 *         .build();
 * // in a tool handler, with the caller's AuthInfo:
 * ExchangedToken token =
 *     exchange.exchange(caller, TokenExchange.Target.resource("https://api.example.com/")
 *         .withScopes("orders:read"));
 * HttpResponse answer = exchange.get(token, "https://api.example.com/orders");
 * }</pre>
 *
 * <p>The request: {@code grant_type} {@value #GRANT_TYPE}, {@code subject_token} the caller's token
 * ({@link AuthInfo#token()}), {@code subject_token_type} and {@code requested_token_type} {@value
 * #ACCESS_TOKEN_TYPE}, the target's RFC 8707 {@code resource} and RFC 8693 {@code audience} values
 * and its {@code scope}; the client authenticates with {@code client_secret_basic}, {@code
 * client_secret_post} or {@code private_key_jwt}. Concurrent exchanges of one caller token for one
 * target share a single request. The token endpoint is the discovered {@code token_endpoint} (or
 * one given here), https or loopback only; when the metadata lists {@code grant_types_supported} it
 * must list the token-exchange grant.
 *
 * <p>Defaults: exchanged tokens are remembered in this process's memory (at most {@link
 * #DEFAULT_CACHE_CAPACITY} entries), keyed by a SHA-256 of the issuer, the client, the caller's
 * whole token and the sorted resources, audiences and scopes, never by client or user alone; an
 * entry ends {@link #DEFAULT_EXPIRY_SKEW} before the exchanged token expires, and when the caller's
 * token does. {@link Builder#sharedStore} shares them between instances, encrypted under a key only
 * the caller's token yields. Failures are a {@link TokenExchangeException} of one of three kinds,
 * and nothing ever falls back to the caller's token.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693">RFC 8693</a>
 */
public final class TokenExchange {
  private static final Logger LOG = LoggerFactory.getLogger(TokenExchange.class);

  /** The grant type of RFC 8693 §2.1. */
  public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";

  /** The token type identifier of an access token (RFC 8693 §3). */
  public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

  /**
   * Default margin before an exchanged token's expiry at which its cache entry ends: 30 seconds.
   */
  public static final Duration DEFAULT_EXPIRY_SKEW = Duration.ofSeconds(30);

  /** Default number of exchanged tokens remembered in memory: 10,000. */
  public static final int DEFAULT_CACHE_CAPACITY = 10_000;

  /** How the client authenticates at the token endpoint (RFC 6749 §2.3.1, RFC 7523 §2.2). */
  enum ClientAuthentication {
    CLIENT_SECRET_BASIC,
    CLIENT_SECRET_POST,
    PRIVATE_KEY_JWT
  }

  /** The client's credentials: a secret, or a key that signs client assertions. */
  record Client(
      ClientAuthentication method, String id, String secret, Optional<ClientAssertion> assertion) {
    /** Redacted: never prints the secret. */
    @Override
    public String toString() {
      return "Client{method=" + method + ", id=" + id + ", secret=<redacted>}";
    }
  }

  private final String issuer;
  private final Client client;
  private final Optional<String> tokenEndpoint;
  private final TokenEndpointLookup endpoints;
  private final TokenExchangeCall call;
  private final Optional<ExchangedTokenCache> cache;
  private final DownstreamCall downstream;
  private final ConcurrentHashMap<String, InFlight> inFlight = new ConcurrentHashMap<>();
  private final Duration waitTimeout;

  /** An exchange under way, which concurrent requests for the same caller token and target join. */
  private record InFlight(String token, CompletableFuture<ExchangedToken> result) {}

  private TokenExchange(Builder b) {
    this.issuer = b.server.issuer();
    this.client = b.client;
    this.tokenEndpoint = b.tokenEndpoint;
    OkHttpClient http = new HttpFetcher(new OkHttpClient(), b.limits).client();
    this.endpoints = new TokenEndpointLookup(b.server, new HttpFetcher(http, b.limits), b.clock);
    this.call = new TokenExchangeCall(http, b.limits.maxResponseBytes(), b.clock);
    ExpiringCache store =
        b.store != null
            ? SharedStoreViews.cache(b.store)
            : new InMemoryExpiringCache(b.cacheCapacity, b.clock);
    this.cache =
        b.cacheCapacity == 0 && b.store == null
            ? Optional.empty()
            : Optional.of(new ExchangedTokenCache(store, b.skew, b.clock));
    this.downstream = new DownstreamCall(http, b.limits.maxResponseBytes());
    // discovery and the token request, each bounded by the call timeout
    this.waitTimeout = b.limits.callTimeout().multipliedBy(2).plus(b.limits.connectTimeout());
  }

  /** Starts a builder for the authorization server {@code issuer}, its metadata discovered. */
  public static Builder builder(String issuer) {
    return new Builder(AuthServerConfig.discover(issuer));
  }

  /**
   * Starts a builder for an authorization server configured as for the resource (fetched or
   * discovered metadata).
   */
  public static Builder builder(AuthServerConfig server) {
    return new Builder(server);
  }

  /** The authorization server whose token endpoint is called. */
  public String issuer() {
    return issuer;
  }

  /** This server's client id at the authorization server. */
  public String clientId() {
    return client.id();
  }

  /**
   * A token for {@code target} on behalf of {@code caller}: from the cache when one was obtained
   * for the same caller's token, target and scopes and is still fresh, else from the token
   * endpoint. Blocks for at most about twice the fetch limits' call timeout (discovery on first
   * use, then the token request); a concurrent exchange of the same caller token for the same
   * target is joined rather than repeated.
   *
   * @throws TokenExchangeException when no token can be had: {@code MISCONFIGURED} at once if the
   *     caller's token comes from another authorization server (it is never sent to one that did
   *     not issue it), otherwise as described on {@link TokenExchangeException.Kind}
   */
  public ExchangedToken exchange(AuthInfo caller, Target target) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(target, "target");
    if (!caller.issuer().equals(issuer)) {
      throw TokenExchangeException.misconfigured(
          "the caller's token was issued by "
              + caller.issuer()
              + ", not by "
              + issuer
              + ": it is exchanged only where it was issued");
    }
    ExchangedTokenCache.Slot slot =
        ExchangedTokenCache.slot(
            List.of(issuer, tokenEndpoint.orElse(""), client.id()), caller.token(), target);
    if (cache.isPresent()) {
      Optional<ExchangedToken> known = cache.get().get(slot, target);
      if (known.isPresent()) {
        return known.get();
      }
    }
    InFlight mine = new InFlight(caller.token(), new CompletableFuture<>());
    InFlight running = inFlight.putIfAbsent(slot.key(), mine);
    if (running != null && running.token().equals(caller.token())) {
      return join(running.result()); // the same caller token and target: share its answer
    }
    if (running != null) {
      return exchangeNow(caller, target, slot); // a hash collision: never share another's answer
    }
    try {
      ExchangedToken token = exchangeNow(caller, target, slot);
      mine.result().complete(token);
      return token;
    } catch (RuntimeException e) {
      mine.result().completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(slot.key(), mine);
    }
  }

  private ExchangedToken exchangeNow(
      AuthInfo caller, Target target, ExchangedTokenCache.Slot slot) {
    String endpoint = tokenEndpoint.orElseGet(endpoints::tokenEndpoint);
    ExchangedToken token = call.exchange(endpoint, client, caller.token(), target);
    LOG.debug("exchanged a token for {} at {}", token.targetsText(), endpoint);
    cache.ifPresent(c -> c.put(slot, token, caller.expiresAt()));
    return token;
  }

  private ExchangedToken join(CompletableFuture<ExchangedToken> running) {
    try {
      return running.get(waitTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TokenExchangeException failure) {
        throw new TokenExchangeException(
            failure.kind(),
            failure.error().orElse(null),
            failure.getMessage(),
            failure.retryAfter().orElse(null));
      }
      throw TokenExchangeException.unavailable("the token exchange failed");
    } catch (TimeoutException e) {
      throw TokenExchangeException.unavailable("the token exchange timed out");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw TokenExchangeException.unavailable("interrupted while waiting for the token exchange");
    }
  }

  /**
   * GETs {@code url} downstream with {@code token}, without following redirects.
   *
   * @return the downstream answer, whatever its status (its body capped by the fetch limits)
   * @throws TokenExchangeException {@code MISCONFIGURED} when {@code url} is not within the
   *     resources and audiences {@code token} was issued for (nothing is sent); {@code UNAVAILABLE}
   *     when the downstream API cannot be reached or its answer is too large
   */
  public HttpResponse get(ExchangedToken token, String url) {
    return send(token, "GET", url, null, null);
  }

  /**
   * Sends a request downstream with {@code token}, without following redirects.
   *
   * @param method GET, HEAD, POST, PUT, PATCH or DELETE
   * @param contentType the body's media type, or null without a body
   * @param body the body (UTF-8), or null without one
   * @return the downstream answer, whatever its status (its body capped by the fetch limits)
   * @throws TokenExchangeException as {@link #get}
   */
  public HttpResponse send(
      ExchangedToken token, String method, String url, String contentType, String body) {
    return downstream.send(token, method, url, contentType, body);
  }

  /** Redacted: never prints the client secret. */
  @Override
  public String toString() {
    return "TokenExchange{issuer="
        + issuer
        + ", clientId="
        + client.id()
        + ", clientAuthentication="
        + client.method()
        + ", tokenEndpoint="
        + tokenEndpoint
        + "}";
  }

  /**
   * What a token is wanted for: RFC 8707 {@code resource} URIs and/or RFC 8693 {@code audience}
   * names, and the scopes. Immutable; each method returns a copy.
   */
  public static final class Target {
    private final List<String> resources;
    private final List<String> audiences;
    private final List<String> scopes;

    private Target(List<String> resources, List<String> audiences, List<String> scopes) {
      this.resources = List.copyOf(resources);
      this.audiences = List.copyOf(audiences);
      this.scopes = List.copyOf(scopes);
    }

    /**
     * A token for the resource {@code uri} (RFC 8707 §2: absolute, no fragment).
     *
     * @throws IllegalArgumentException when {@code uri} is not an absolute URI or has a fragment
     */
    public static Target resource(String uri) {
      return new Target(List.of(checkedResource(uri)), List.of(), List.of());
    }

    /**
     * A token for the audience {@code name}, as the authorization server knows the downstream API;
     * the downstream helpers send it only to URLs within it if it is an http(s) URL.
     */
    public static Target audience(String name) {
      return new Target(List.of(), List.of(checked(name, "audience")), List.of());
    }

    /** This target with another resource. */
    public Target andResource(String uri) {
      List<String> more = new ArrayList<>(resources);
      more.add(checkedResource(uri));
      return new Target(more, audiences, scopes);
    }

    /** This target with another audience. */
    public Target andAudience(String name) {
      List<String> more = new ArrayList<>(audiences);
      more.add(checked(name, "audience"));
      return new Target(resources, more, scopes);
    }

    /**
     * This target asking for {@code scopes} (none: the authorization server's default).
     *
     * @throws IllegalArgumentException for an empty scope or one with a space or quote
     */
    public Target withScopes(String... scopes) {
      for (String s : scopes) {
        checked(s, "scope");
        if (!s.chars()
            .allMatch(c -> c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E))) {
          throw new IllegalArgumentException("a scope is printable ASCII without space, \" or \\");
        }
      }
      return new Target(resources, audiences, Arrays.asList(scopes));
    }

    /** The resource URIs. */
    public List<String> resources() {
      return resources;
    }

    /** The audience names. */
    public List<String> audiences() {
      return audiences;
    }

    /** The scopes asked for. */
    public List<String> scopes() {
      return scopes;
    }

    @Override
    public String toString() {
      return "Target{resources="
          + resources
          + ", audiences="
          + audiences
          + ", scopes="
          + scopes
          + "}";
    }

    private static String checked(String value, String what) {
      Objects.requireNonNull(value, what);
      if (value.isBlank()) {
        throw new IllegalArgumentException("an empty " + what);
      }
      return value;
    }

    private static String checkedResource(String uri) {
      checked(uri, "resource");
      try {
        java.net.URI parsed = new java.net.URI(uri);
        if (!parsed.isAbsolute() || parsed.getRawFragment() != null) {
          throw new IllegalArgumentException(
              "a resource is an absolute URI without a fragment (RFC 8707 §2): " + uri);
        }
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("a resource is an absolute URI: " + uri, e);
      }
      return uri;
    }
  }

  /** Builds {@link TokenExchange}; a client authentication is required. */
  public static final class Builder {
    private final AuthServerConfig server;
    private Client client;
    private Optional<String> tokenEndpoint = Optional.empty();
    private FetchLimits limits = FetchLimits.defaults();
    private SharedStore store;
    private int cacheCapacity = DEFAULT_CACHE_CAPACITY;
    private Duration skew = DEFAULT_EXPIRY_SKEW;
    private Clock clock = Clock.systemUTC();

    private Builder(AuthServerConfig server) {
      this.server = Objects.requireNonNull(server, "server");
    }

    /** Authenticates with {@code Authorization: Basic} (RFC 6749 §2.3.1), the usual method. */
    public Builder clientSecretBasic(String clientId, String clientSecret) {
      return client(clientId, clientSecret, ClientAuthentication.CLIENT_SECRET_BASIC);
    }

    /** Authenticates with {@code client_id} and {@code client_secret} form parameters. */
    public Builder clientSecretPost(String clientId, String clientSecret) {
      return client(clientId, clientSecret, ClientAuthentication.CLIENT_SECRET_POST);
    }

    /**
     * Authenticates with a JWT signed by {@code key} ({@code private_key_jwt}, RFC 7523 §2.2): no
     * shared secret travels; the authorization server knows the client's public key. RS256 for an
     * RSA key (2048 bits or more), ES256/ES384/ES512 for an EC key on P-256/P-384/P-521; each
     * assertion is valid for 60 seconds, names the token endpoint as its audience and carries a
     * fresh {@code jti}.
     *
     * @param keyId the {@code kid} the authorization server knows the key by, or null
     * @throws IllegalArgumentException for another kind of key, or an RSA key under 2048 bits
     */
    public Builder privateKeyJwt(String clientId, PrivateKey key, String keyId) {
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(key, "key");
      this.client =
          new Client(
              ClientAuthentication.PRIVATE_KEY_JWT,
              clientId,
              null,
              Optional.of(new ClientAssertion(clientId, key, Optional.ofNullable(keyId))));
      return this;
    }

    private Builder client(String id, String secret, ClientAuthentication how) {
      this.client =
          new Client(
              how,
              Objects.requireNonNull(id, "clientId"),
              Objects.requireNonNull(secret, "clientSecret"),
              Optional.empty());
      return this;
    }

    /**
     * Uses this token endpoint instead of the discovered {@code token_endpoint}.
     *
     * @throws McpAuthConfigException {@code insecure_url} unless https, or http on a loopback host
     */
    public Builder tokenEndpoint(String url) {
      Objects.requireNonNull(url, "url");
      if (!SecureUrls.isHttpsOrLoopback(url)) {
        throw new McpAuthConfigException(
            McpAuthConfigException.Code.INSECURE_URL,
            "the token endpoint "
                + url
                + " must use https (or http on a loopback host): tokens and the client secret"
                + " are sent to it");
      }
      this.tokenEndpoint = Optional.of(url);
      return this;
    }

    /**
     * Bounds on every call (discovery, token endpoint, downstream); {@link FetchLimits#defaults()}.
     */
    public Builder fetchLimits(FetchLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Keeps exchanged tokens in {@code store}, shared by every instance using it (encrypted, under
     * hashed keys), instead of this process's memory.
     */
    public Builder sharedStore(SharedStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** How many exchanged tokens to remember in memory; 0 turns the cache off. */
    public Builder cacheCapacity(int entries) {
      if (entries < 0) {
        throw new IllegalArgumentException("the cache capacity must not be negative");
      }
      this.cacheCapacity = entries;
      return this;
    }

    /** How long before an exchanged token's expiry its cache entry ends; at most 5 minutes. */
    public Builder expirySkew(Duration skew) {
      Objects.requireNonNull(skew, "skew");
      if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("the expiry skew must be between 0 and 5 minutes");
      }
      this.skew = skew;
      return this;
    }

    /** The clock for expiry and client assertions (tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds it; no I/O happens before the first exchange.
     *
     * @throws IllegalStateException without client credentials
     */
    public TokenExchange build() {
      if (client == null) {
        throw new IllegalStateException(
            "clientSecretBasic(...), clientSecretPost(...) or privateKeyJwt(...) is required: the"
                + " authorization server must know which client asks for tokens on the user's"
                + " behalf");
      }
      return new TokenExchange(this);
    }
  }
}
