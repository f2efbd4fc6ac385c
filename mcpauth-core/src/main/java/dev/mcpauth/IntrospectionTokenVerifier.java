package dev.mcpauth;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RFC 7662 token check described on {@link Introspection}: an ordinary {@link TokenVerifier}.
 * Results live in an {@link ExpiringCache} (the deployment's, or one in memory) under {@code
 * introspection:<SHA-256 of issuer, configured endpoint, client id, resource and token>}: an
 * authorization server may answer differently per introspecting client (for example "inactive" for
 * a token not meant for it), so resources or clients sharing one cache never see each other's
 * answers. The raw response is stored and re-read, so every instance of one resource sharing the
 * cache answers the same. Concurrent requests share one call only when their tokens are equal (the
 * in-flight map is keyed by the hash and checked against the whole token). Thread-safe.
 */
final class IntrospectionTokenVerifier implements TokenVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(IntrospectionTokenVerifier.class);
  private static final String INACTIVE = "inactive";
  private static final Duration RETRY = Duration.ofSeconds(2);

  private record InFlight(String token, CompletableFuture<TokenVerifier.Result> result) {}

  private final Introspection config;
  private final String resource;
  private final Supplier<Optional<AuthServerMetadata>> metadata;
  private final OkHttpClient http;
  private final long maxResponseBytes;
  private final Duration waitTimeout;
  private final ExpiringCache cache;
  private final boolean cacheIsLocal;
  private final Clock clock;
  private final ConcurrentHashMap<String, InFlight> inFlight = new ConcurrentHashMap<>();

  IntrospectionTokenVerifier(
      Introspection config,
      String resource,
      Supplier<Optional<AuthServerMetadata>> metadata,
      HttpFetcher http,
      long maxResponseBytes,
      Duration waitTimeout,
      ExpiringCache cache,
      boolean cacheIsLocal,
      Clock clock) {
    this.config = config;
    this.resource = resource;
    this.metadata = metadata;
    this.http = http.client();
    this.maxResponseBytes = maxResponseBytes;
    this.waitTimeout = waitTimeout;
    this.cache = cache;
    this.cacheIsLocal = cacheIsLocal;
    this.clock = clock;
  }

  @Override
  public Optional<TokenVerifier.Result> verifyNonBlocking(String token) {
    return cacheIsLocal ? cached(cacheKey(token), token) : Optional.empty();
  }

  @Override
  public TokenVerifier.Result verify(String token) {
    String key = cacheKey(token);
    Optional<TokenVerifier.Result> known = cached(key, token);
    if (known.isPresent()) {
      return known.get();
    }
    InFlight mine = new InFlight(token, new CompletableFuture<>());
    InFlight running = inFlight.putIfAbsent(key, mine);
    if (running != null && running.token().equals(token)) {
      return FetchGate.await(running.result(), waitTimeout)
          .orElseGet(() -> TokenVerifier.Result.unavailable("introspection timed out", RETRY));
    }
    if (running != null) {
      return introspect(key, token); // a hash collision: never share another token's answer
    }
    try {
      TokenVerifier.Result result = introspect(key, token);
      mine.result().complete(result);
      return result;
    } catch (RuntimeException e) {
      mine.result().complete(TokenVerifier.Result.unavailable("introspection failed", RETRY));
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  private Optional<TokenVerifier.Result> cached(String key, String token) {
    Optional<String> value;
    try {
      value = cache.get(key);
    } catch (RuntimeException e) {
      LOG.debug("introspection cache unavailable: {}", e.getClass().getSimpleName());
      return Optional.empty(); // a cache outage is a miss: ask the authorization server
    }
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.get().equals(INACTIVE)) {
      return Optional.of(TokenVerifier.Result.rejected(DenialReason.INACTIVE, null));
    }
    try {
      return Optional.of(
          fromResponse(
              token, StrictJson.parseObject(value.get().getBytes(StandardCharsets.UTF_8))));
    } catch (StrictJson.JsonRejected e) {
      return Optional.empty();
    }
  }

  private TokenVerifier.Result introspect(String key, String token) {
    Optional<String> url = config.endpoint();
    if (url.isEmpty()) {
      Optional<AuthServerMetadata> known = metadata.get();
      if (known.isEmpty()) {
        return TokenVerifier.Result.unavailable(
            "the metadata of " + config.issuer() + " is not available", RETRY);
      }
      url = known.get().introspectionEndpoint();
      if (url.isEmpty()) {
        return TokenVerifier.Result.misconfigured(
            "the metadata of "
                + config.issuer()
                + " names no introspection_endpoint: configure the endpoint");
      }
    }
    if (!SecureUrls.isHttpsOrLoopback(url.get())) {
      LOG.error(
          "refusing to send client credentials to the introspection endpoint {}: it must use https",
          url.get());
      return TokenVerifier.Result.misconfigured("the introspection endpoint is not https");
    }
    FormBody.Builder form =
        new FormBody.Builder().add("token", token).add("token_type_hint", "access_token");
    Request.Builder request;
    try {
      request = new Request.Builder().url(url.get()).header("Accept", "application/json");
    } catch (IllegalArgumentException e) {
      return TokenVerifier.Result.misconfigured("the introspection endpoint is not a valid URL");
    }
    String secret = config.clientSecret().orElse("");
    if (config.clientAuthentication() == Introspection.ClientAuthentication.BASIC) {
      request.header("Authorization", basic(config.clientId(), secret));
    } else {
      form.add("client_id", config.clientId());
      config.clientSecret().ifPresent(s -> form.add("client_secret", s));
    }
    byte[] raw;
    try (Response response = http.newCall(request.post(form.build()).build()).execute()) {
      if (response.code() != 200) {
        LOG.warn("introspection at {} answered HTTP {}", url.get(), response.code());
        return TokenVerifier.Result.unavailable(
            "introspection answered HTTP " + response.code(), RETRY);
      }
      BufferedSource source = response.body().source();
      if (source.request(maxResponseBytes + 1)) {
        return TokenVerifier.Result.unavailable("introspection response too large", RETRY);
      }
      raw = source.getBuffer().readByteArray();
    } catch (IOException e) {
      LOG.warn("introspection at {} failed: {}", url.get(), e.getClass().getSimpleName());
      return TokenVerifier.Result.unavailable("introspection is unreachable", RETRY);
    }
    JsonObject body;
    try {
      body = StrictJson.parseObject(raw);
    } catch (StrictJson.JsonRejected e) {
      return TokenVerifier.Result.rejected(
          DenialReason.REJECTED, "the introspection response is not a JSON object");
    }
    JsonElement active = body.get("active");
    if (active == null || !active.isJsonPrimitive() || !active.getAsJsonPrimitive().isBoolean()) {
      return TokenVerifier.Result.rejected(
          DenialReason.REJECTED, "the introspection response has no boolean active");
    }
    if (!active.getAsBoolean()) {
      remember(
          key,
          INACTIVE,
          clock.instant().plus(config.negativeCacheTtl()),
          config.negativeCacheTtl());
      return TokenVerifier.Result.rejected(DenialReason.INACTIVE, null);
    }
    TokenVerifier.Result result = fromResponse(token, body);
    if (result instanceof TokenVerified v && v.authInfo().expiresAt().isPresent()) {
      Instant until = clock.instant().plus(config.cacheTtl());
      Instant exp = v.authInfo().expiresAt().get();
      remember(key, body.toString(), exp.isBefore(until) ? exp : until, config.cacheTtl());
    }
    return result;
  }

  private void remember(String key, String value, Instant until, Duration ttl) {
    if (ttl.isZero()) {
      return;
    }
    try {
      cache.put(key, value, until);
    } catch (RuntimeException e) {
      LOG.debug("introspection cache unavailable: {}", e.getClass().getSimpleName());
    }
  }

  /** An active response as an identity; numbers are range-checked, wrong types refuse the token. */
  private TokenVerifier.Result fromResponse(String token, JsonObject body) {
    AuthInfo.Builder info =
        AuthInfo.builder(token, string(body, "iss").orElse(config.issuer()))
            .subject(string(body, "sub").orElse(null))
            .clientId(string(body, "client_id").orElse(null))
            .audiences(strings(body.get("aud")))
            .scopes(string(body, "scope").map(s -> List.of(s.trim().split(" +"))).orElse(List.of()))
            .claims(ClaimValues.toMap(body));
    for (String name : List.of("exp", "nbf", "iat")) {
      JsonElement e = body.get(name);
      if (e == null) {
        continue;
      }
      Optional<Long> seconds = NumericDate.seconds(e);
      if (seconds.isEmpty()) {
        return TokenVerifier.Result.rejected(
            DenialReason.INVALID_CLAIM, name + " must be a NumericDate");
      }
      Instant at = Instant.ofEpochSecond(seconds.get());
      switch (name) {
        case "exp" -> info.expiresAt(at);
        case "nbf" -> info.notBefore(at);
        default -> info.issuedAt(at);
      }
    }
    JsonElement cnf = body.get("cnf");
    if (cnf != null && !cnf.isJsonObject()) {
      return TokenVerifier.Result.rejected(DenialReason.INVALID_CLAIM, "cnf must be a JSON object");
    }
    return TokenVerifier.Result.verified(info.build());
  }

  /** RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and Base64-encoded. */
  static String basic(String clientId, String secret) {
    String pair =
        URLEncoder.encode(clientId, StandardCharsets.UTF_8)
            + ":"
            + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private String cacheKey(String token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      // Everything the answer depends on, each field length-prefixed so no two tuples hash alike.
      // A discovered endpoint is named by the issuer; a configured one may differ per resource.
      for (String field :
          new String[] {
            config.issuer(), config.endpoint().orElse(""), config.clientId(), resource, token
          }) {
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha.update(bytes);
      }
      return "introspection:"
          + Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static Optional<String> string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()
        ? Optional.of(e.getAsString())
        : Optional.empty();
  }

  private static List<String> strings(JsonElement e) {
    List<String> out = new ArrayList<>();
    if (e == null) {
      return out;
    }
    if (e.isJsonArray()) {
      e.getAsJsonArray()
          .forEach(
              v -> {
                if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
                  out.add(v.getAsString());
                }
              });
    } else if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
      out.add(e.getAsString());
    }
    return out;
  }
}
