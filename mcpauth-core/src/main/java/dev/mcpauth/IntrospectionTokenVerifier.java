package dev.mcpauth;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies opaque access tokens with the authorization server's RFC 7662 introspection endpoint (from
 * its discovered metadata, or given explicitly), authenticating as a client with HTTP Basic or form
 * parameters. Strict: {@code active} must be a JSON boolean. Whatever comes back still goes through
 * MCP Auth's issuer, audience, expiry and scope checks (an active token for another resource is
 * refused). Results are remembered until the earlier of the token's {@code exp} and a configured TTL;
 * concurrent requests with the same token share one introspection call; an unreachable endpoint is an
 * outage (503), never cached and never "inactive". Thread-safe.
 *
 * <pre>{@code
 * BearerAuth auth = mcpAuth.bearerAuth(
 *     IntrospectionTokenVerifier.builder(mcpAuth, "https://mcp.example.com/mcp", "https://auth.example.com")
 *         .clientCredentials("mcp-server", secret)
 *         .build(),
 *     BearerAuthConfig.builder().requiredScopes("mcp:read").build());
 * }</pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7662">RFC 7662</a>
 */
public final class IntrospectionTokenVerifier implements TokenVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(IntrospectionTokenVerifier.class);

  /** How the resource server authenticates to the introspection endpoint. */
  public enum ClientAuthentication {
    /** {@code Authorization: Basic} (RFC 6749 §2.3.1), the default. */
    BASIC,
    /** {@code client_id} and {@code client_secret} form parameters. */
    POST
  }

  /** Default time a result is remembered: 30 seconds (a revocation is seen within it). */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(30);

  private record Remembered(AuthInfo info, long untilMillis) {}

  private final McpAuth mcpAuth;
  private final String resource;
  private final String issuer;
  private final Optional<String> endpoint;
  private final String clientId;
  private final String clientSecret;
  private final ClientAuthentication authentication;
  private final OkHttpClient http;
  private final long cacheTtlMillis;
  private final int maxEntries;
  private final Clock clock;
  private final ConcurrentHashMap<ByteBuffer, Remembered> remembered = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ByteBuffer, CompletableFuture<TokenVerification>> inFlight = new ConcurrentHashMap<>();

  private IntrospectionTokenVerifier(Builder b) {
    this.mcpAuth = b.mcpAuth;
    this.resource = b.resource;
    this.issuer = b.issuer;
    this.endpoint = b.endpoint;
    this.clientId = Objects.requireNonNull(b.clientId, "clientCredentials(...) is required: RFC 7662 §2.1");
    this.clientSecret = b.clientSecret;
    this.authentication = b.authentication;
    this.http = b.http.newBuilder().followRedirects(false)
        .connectTimeout(FetchLimits.DEFAULT_CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .callTimeout(FetchLimits.DEFAULT_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).build();
    this.cacheTtlMillis = b.cacheTtl.toMillis();
    this.maxEntries = b.maxEntries;
    this.clock = b.clock;
  }

  /** Starts a builder for tokens of {@code issuer} (a trusted server of {@code resource} on {@code mcpAuth}). */
  public static Builder builder(McpAuth mcpAuth, String resource, String issuer) {
    return new Builder(mcpAuth, resource, issuer);
  }

  @Override
  public TokenVerification verify(String token) {
    ByteBuffer key = VerifiedTokenCache.keyOf(token);
    Remembered r = remembered.get(key);
    if (r != null && clock.millis() < r.untilMillis() && r.info().token().equals(token)) {
      return TokenVerification.verified(r.info());
    }
    CompletableFuture<TokenVerification> mine = new CompletableFuture<>();
    CompletableFuture<TokenVerification> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      TokenVerification shared = FetchGate.await(running, FetchLimits.DEFAULT_CALL_TIMEOUT.plusSeconds(1));
      return shared != null ? shared : TokenVerification.unavailable("introspection timed out", Duration.ofSeconds(1));
    }
    try {
      TokenVerification result = introspect(token);
      if (result instanceof TokenVerification.Verified) {
        remember(key, ((TokenVerification.Verified) result).authInfo());
      }
      mine.complete(result);
      return result;
    } catch (RuntimeException e) {
      mine.complete(TokenVerification.unavailable("introspection failed", Duration.ofSeconds(1)));
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  private void remember(ByteBuffer key, AuthInfo info) {
    long now = clock.millis();
    long until = Math.min(now + cacheTtlMillis, info.expiresAt().map(Instant::toEpochMilli).orElse(now));
    if (until <= now || cacheTtlMillis == 0) {
      return;
    }
    if (remembered.size() >= maxEntries) {
      remembered.values().removeIf(e -> e.untilMillis() <= now);
      if (remembered.size() >= maxEntries) {
        remembered.clear();
      }
    }
    remembered.put(key, new Remembered(info, until));
  }

  private TokenVerification introspect(String token) {
    Optional<String> url = endpoint.isPresent() ? endpoint
        : mcpAuth.authorizationServerMetadata(resource, issuer).flatMap(AuthServerMetadata::introspectionEndpoint);
    if (url.isEmpty()) {
      return TokenVerification.unavailable("no introspection endpoint is known for " + issuer, Duration.ofSeconds(2));
    }
    FormBody.Builder form = new FormBody.Builder().add("token", token).add("token_type_hint", "access_token");
    Request.Builder request = new Request.Builder().url(url.get()).header("Accept", "application/json");
    if (authentication == ClientAuthentication.BASIC) {
      request.header("Authorization", Credentials.basic(clientId, clientSecret == null ? "" : clientSecret));
    } else {
      form.add("client_id", clientId);
      if (clientSecret != null) {
        form.add("client_secret", clientSecret);
      }
    }
    JsonObject body;
    try (Response response = http.newCall(request.post(form.build()).build()).execute()) {
      if (response.code() != 200) {
        LOG.warn("introspection at {} answered HTTP {}", url.get(), response.code());
        return TokenVerification.unavailable("introspection answered HTTP " + response.code(), Duration.ofSeconds(2));
      }
      BufferedSource source = response.body().source();
      if (source.request(FetchLimits.DEFAULT_MAX_RESPONSE_BYTES + 1)) {
        return TokenVerification.unavailable("introspection response too large", Duration.ofSeconds(2));
      }
      body = StrictJson.parseObject(source.getBuffer().readByteArray());
    } catch (IOException e) {
      LOG.warn("introspection at {} failed: {}", url.get(), e.getClass().getSimpleName());
      return TokenVerification.unavailable("introspection is unreachable", Duration.ofSeconds(2));
    } catch (StrictJson.JsonRejected e) {
      return TokenVerification.rejected(TokenFailure.REJECTED, "the introspection response is not a JSON object");
    }
    JsonElement active = body.get("active");
    if (active == null || !active.isJsonPrimitive() || !active.getAsJsonPrimitive().isBoolean()) {
      return TokenVerification.rejected(TokenFailure.REJECTED, "the introspection response has no boolean active");
    }
    if (!active.getAsBoolean()) {
      return TokenVerification.rejected(TokenFailure.INACTIVE, null);
    }
    AuthInfo.Builder info = AuthInfo.builder(token, string(body, "iss").orElse(issuer))
        .subject(string(body, "sub").orElse(null))
        .clientId(string(body, "client_id").orElse(null))
        .audiences(strings(body.get("aud")))
        .scopes(string(body, "scope").map(s -> List.of(s.trim().split(" +"))).orElse(List.of()))
        .claims(ClaimValues.toMap(body));
    JsonElement exp = body.get("exp");
    if (exp != null && exp.isJsonPrimitive() && exp.getAsJsonPrimitive().isNumber()) {
      info.expiresAt(Instant.ofEpochSecond(exp.getAsLong()));
    }
    return TokenVerification.verified(info.build());
  }

  private static Optional<String> string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()
        ? Optional.of(e.getAsString()) : Optional.empty();
  }

  private static List<String> strings(JsonElement e) {
    List<String> out = new ArrayList<>();
    if (e == null) {
      return out;
    }
    if (e.isJsonArray()) {
      e.getAsJsonArray().forEach(v -> {
        if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
          out.add(v.getAsString());
        }
      });
    } else if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
      out.add(e.getAsString());
    }
    return out;
  }

  /** Builds an {@link IntrospectionTokenVerifier}. */
  public static final class Builder {
    private final McpAuth mcpAuth;
    private final String resource;
    private final String issuer;
    private Optional<String> endpoint = Optional.empty();
    private String clientId;
    private String clientSecret;
    private ClientAuthentication authentication = ClientAuthentication.BASIC;
    private OkHttpClient http = new OkHttpClient();
    private Duration cacheTtl = DEFAULT_CACHE_TTL;
    private int maxEntries = 10_000;
    private Clock clock = Clock.systemUTC();

    private Builder(McpAuth mcpAuth, String resource, String issuer) {
      this.mcpAuth = Objects.requireNonNull(mcpAuth, "mcpAuth");
      this.resource = Objects.requireNonNull(resource, "resource");
      this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    /** The resource server's client credentials at the authorization server (required). */
    public Builder clientCredentials(String clientId, String clientSecret) {
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      this.clientSecret = clientSecret;
      return this;
    }

    /** How to send the credentials; {@link ClientAuthentication#BASIC} by default. */
    public Builder clientAuthentication(ClientAuthentication authentication) {
      this.authentication = Objects.requireNonNull(authentication, "authentication");
      return this;
    }

    /** Uses this endpoint instead of the discovered {@code introspection_endpoint}. */
    public Builder endpoint(String url) {
      this.endpoint = Optional.of(url);
      return this;
    }

    /** Remember active results for at most {@code ttl} (bounded by each token's exp); zero turns it off. */
    public Builder cache(Duration ttl, int maxEntries) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || maxEntries < 1) {
        throw new IllegalArgumentException("ttl must not be negative and maxEntries must be positive");
      }
      this.cacheTtl = ttl;
      this.maxEntries = maxEntries;
      return this;
    }

    /** The OkHttp client to share connections with. */
    public Builder httpClient(OkHttpClient client) {
      this.http = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The clock for the cache (tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Builds the verifier. */
    public IntrospectionTokenVerifier build() {
      return new IntrospectionTokenVerifier(this);
    }
  }
}
