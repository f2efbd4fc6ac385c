package dev.mcpauth;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RFC 8693 token request at a token endpoint and the classification of its answer: a usable
 * {@link ExchangedToken}, or a {@link TokenExchangeException} of the right kind. Logs name the
 * endpoint and the status, never a token or a secret. Thread-safe.
 */
final class TokenExchangeCall {
  private static final Logger LOG = LoggerFactory.getLogger(TokenExchangeCall.class);

  /** Error codes that mean the configuration, not this caller's grant, is wrong. */
  private static final Set<String> CONFIGURATION_ERRORS =
      Set.of("invalid_client", "unauthorized_client", "unsupported_grant_type");

  private static final Set<String> ACCEPTED_TOKEN_TYPES =
      Set.of(TokenExchange.ACCESS_TOKEN_TYPE, "urn:ietf:params:oauth:token-type:jwt");

  private final OkHttpClient http;
  private final long maxResponseBytes;
  private final Clock clock;

  TokenExchangeCall(OkHttpClient http, long maxResponseBytes, Clock clock) {
    this.http = http;
    this.maxResponseBytes = maxResponseBytes;
    this.clock = clock;
  }

  ExchangedToken exchange(
      String endpoint,
      TokenExchange.Client client,
      String subjectToken,
      TokenExchange.Target target) {
    FormBody.Builder form =
        new FormBody.Builder()
            .add("grant_type", TokenExchange.GRANT_TYPE)
            .add("subject_token", subjectToken)
            .add("subject_token_type", TokenExchange.ACCESS_TOKEN_TYPE)
            .add("requested_token_type", TokenExchange.ACCESS_TOKEN_TYPE);
    target.resources().forEach(r -> form.add("resource", r));
    target.audiences().forEach(a -> form.add("audience", a));
    if (!target.scopes().isEmpty()) {
      form.add("scope", String.join(" ", target.scopes()));
    }
    Request.Builder request;
    try {
      request = new Request.Builder().url(endpoint).header("Accept", "application/json");
    } catch (IllegalArgumentException e) {
      throw TokenExchangeException.misconfigured("the token endpoint is not a valid URL");
    }
    switch (client.method()) {
      case CLIENT_SECRET_BASIC ->
          request.header(
              "Authorization", IntrospectionTokenVerifier.basic(client.id(), client.secret()));
      case CLIENT_SECRET_POST ->
          form.add("client_id", client.id()).add("client_secret", client.secret());
      case PRIVATE_KEY_JWT ->
          form.add("client_id", client.id())
              .add("client_assertion_type", ClientAssertion.TYPE)
              .add("client_assertion", client.assertion().orElseThrow().create(endpoint, clock));
    }
    int status;
    String retryAfter;
    byte[] raw;
    try (Response response = http.newCall(request.post(form.build()).build()).execute()) {
      status = response.code();
      retryAfter = response.header("Retry-After");
      BufferedSource source = response.body().source();
      if (source.request(maxResponseBytes + 1)) {
        LOG.warn("token exchange at {}: the answer exceeds {} bytes", endpoint, maxResponseBytes);
        throw TokenExchangeException.unavailable("the token endpoint's answer is too large");
      }
      raw = source.getBuffer().readByteArray();
    } catch (IOException e) {
      LOG.warn("token exchange at {} failed: {}", endpoint, e.getClass().getSimpleName());
      throw TokenExchangeException.unavailable(
          "the token endpoint "
              + endpoint
              + " is unreachable ("
              + e.getClass().getSimpleName()
              + ")");
    }
    Optional<JsonObject> body = parse(raw);
    if (status == 200) {
      return issued(endpoint, body, target);
    }
    Optional<String> error = body.flatMap(b -> string(b, "error"));
    LOG.warn(
        "token exchange at {} answered HTTP {}{}",
        endpoint,
        status,
        error.map(e -> " " + e).orElse(""));
    if (status >= 500 || status == 429) {
      return fail(
          TokenExchangeException.Kind.UNAVAILABLE,
          error,
          "the token endpoint answered HTTP " + status,
          retryAfter(retryAfter));
    }
    if (error.isPresent() && CONFIGURATION_ERRORS.contains(error.get())) {
      return fail(
          TokenExchangeException.Kind.MISCONFIGURED,
          error,
          "the authorization server refused this client: " + error.get(),
          null);
    }
    if ((status == 400 || status == 401 || status == 403) && error.isPresent()) {
      return fail(
          TokenExchangeException.Kind.REFUSED,
          error,
          "the authorization server refused the exchange: " + error.get(),
          null);
    }
    return fail(
        TokenExchangeException.Kind.MISCONFIGURED,
        error,
        "the token endpoint answered HTTP " + status + " without an OAuth error: is it one?",
        null);
  }

  private static ExchangedToken fail(
      TokenExchangeException.Kind kind, Optional<String> error, String message, Duration retry) {
    throw new TokenExchangeException(kind, error.orElse(null), message, retry);
  }

  private ExchangedToken issued(
      String endpoint, Optional<JsonObject> parsed, TokenExchange.Target target) {
    if (parsed.isEmpty()) {
      LOG.warn("token exchange at {}: the answer is not a JSON object", endpoint);
      throw TokenExchangeException.unavailable("the token endpoint's answer is not JSON");
    }
    JsonObject body = parsed.get();
    Optional<String> token = string(body, "access_token").filter(t -> !t.isEmpty());
    Optional<String> type = string(body, "token_type");
    if (token.isEmpty() || type.isEmpty()) {
      LOG.warn("token exchange at {}: no access_token or token_type", endpoint);
      throw TokenExchangeException.unavailable(
          "the token endpoint's answer has no access_token or token_type");
    }
    if (!type.get().toLowerCase(Locale.ROOT).equals("bearer")) {
      throw TokenExchangeException.misconfigured(
          "the token endpoint issued a token of type "
              + type.get()
              + "; only Bearer tokens can be sent downstream");
    }
    String issuedType = string(body, "issued_token_type").orElse(TokenExchange.ACCESS_TOKEN_TYPE);
    if (!ACCEPTED_TOKEN_TYPES.contains(issuedType)) {
      throw TokenExchangeException.misconfigured(
          "the token endpoint issued a " + issuedType + ", not an access token");
    }
    Instant expiresAt = null;
    JsonElement expiresIn = body.get("expires_in");
    if (expiresIn != null && !expiresIn.isJsonNull()) {
      Optional<Long> seconds = NumericDate.seconds(expiresIn);
      if (seconds.isEmpty() || seconds.get() <= 0) {
        throw TokenExchangeException.unavailable(
            "the token endpoint's expires_in is not a positive number");
      }
      expiresAt = clock.instant().plusSeconds(seconds.get());
    }
    List<String> scopes =
        string(body, "scope")
            .map(s -> Arrays.stream(s.trim().split(" +")).filter(v -> !v.isEmpty()).toList())
            .orElse(target.scopes());
    return new ExchangedToken(
        token.get(),
        type.get(),
        issuedType,
        expiresAt,
        scopes,
        target.resources(),
        target.audiences());
  }

  private static Optional<JsonObject> parse(byte[] raw) {
    try {
      return Optional.of(StrictJson.parseObject(raw));
    } catch (StrictJson.JsonRejected e) {
      return Optional.empty();
    }
  }

  private static Optional<String> string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()
        ? Optional.of(e.getAsString())
        : Optional.empty();
  }

  private static Duration retryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds >= 0 && seconds <= 3600 ? Duration.ofSeconds(seconds) : null;
    } catch (NumberFormatException e) {
      return null; // an HTTP date or garbage: no advice
    }
  }
}
