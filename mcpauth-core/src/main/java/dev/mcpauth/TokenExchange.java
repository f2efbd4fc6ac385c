package dev.mcpauth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * and its {@code scope}; the client authenticates with {@code client_secret_basic} or {@code
 * client_secret_post}. The token endpoint is the discovered {@code token_endpoint} (or one given
 * here), https or loopback only; when the metadata lists {@code grant_types_supported} it must list
 * the token-exchange grant.
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

  /** How the client authenticates at the token endpoint (RFC 6749 §2.3.1). */
  enum ClientAuthentication {
    CLIENT_SECRET_BASIC,
    CLIENT_SECRET_POST
  }

  private final String issuer;
  private final String clientId;
  private final String clientSecret;
  private final ClientAuthentication clientAuthentication;
  private final Optional<String> tokenEndpoint;
  private final TokenEndpointLookup endpoints;
  private final TokenExchangeCall call;
  private final Optional<ExchangedTokenCache> cache;
  private final DownstreamCall downstream;

  private TokenExchange(Builder b) {
    this.issuer = b.server.issuer();
    this.clientId = b.clientId;
    this.clientSecret = b.clientSecret;
    this.clientAuthentication = b.clientAuthentication;
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
    return clientId;
  }

  /**
   * A token for {@code target} on behalf of {@code caller}: from the cache when one was obtained
   * for the same caller's token, target and scopes and is still fresh, else from the token
   * endpoint. Blocks for at most the fetch limits' call timeout.
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
            List.of(issuer, tokenEndpoint.orElse(""), clientId), caller.token(), target);
    if (cache.isPresent()) {
      Optional<ExchangedToken> known = cache.get().get(slot, target);
      if (known.isPresent()) {
        return known.get();
      }
    }
    String endpoint = tokenEndpoint.orElseGet(endpoints::tokenEndpoint);
    ExchangedToken token =
        call.exchange(
            endpoint, clientAuthentication, clientId, clientSecret, caller.token(), target);
    LOG.debug("exchanged a token for {} at {}", token.targetsText(), endpoint);
    cache.ifPresent(c -> c.put(slot, token, caller.expiresAt()));
    return token;
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
        + clientId
        + ", clientAuthentication="
        + clientAuthentication
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
    private String clientId;
    private String clientSecret;
    private ClientAuthentication clientAuthentication;
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

    private Builder client(String id, String secret, ClientAuthentication how) {
      this.clientId = Objects.requireNonNull(id, "clientId");
      this.clientSecret = Objects.requireNonNull(secret, "clientSecret");
      this.clientAuthentication = how;
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

    /** The clock for expiry (tests). */
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
      if (clientId == null) {
        throw new IllegalStateException(
            "clientSecretBasic(...) or clientSecretPost(...) is required: the authorization server"
                + " must know which client asks for tokens on the user's behalf");
      }
      return new TokenExchange(this);
    }
  }
}
