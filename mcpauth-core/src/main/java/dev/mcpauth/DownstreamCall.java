package dev.mcpauth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The downstream request of {@link TokenExchange#send}: checks that the URL is within what the
 * token was issued for before anything is sent, never follows a redirect (the client has them off),
 * and caps the answer. Logs name the URL without its query, never the token. Thread-safe.
 */
final class DownstreamCall {
  private static final Logger LOG = LoggerFactory.getLogger(DownstreamCall.class);
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

  private final OkHttpClient http;
  private final long maxResponseBytes;

  DownstreamCall(OkHttpClient http, long maxResponseBytes) {
    this.http = http;
    this.maxResponseBytes = maxResponseBytes;
  }

  HttpResponse send(
      ExchangedToken token, String method, String url, String contentType, String body) {
    String authorization = token.authorizationFor(url); // throws outside the token's targets
    String verb = method == null ? "" : method.toUpperCase(Locale.ROOT);
    if (!METHODS.contains(verb)) {
      throw new IllegalArgumentException("method must be one of " + METHODS);
    }
    RequestBody payload = null;
    if (body != null) {
      payload =
          RequestBody.create(
              body.getBytes(StandardCharsets.UTF_8),
              contentType == null ? null : MediaType.parse(contentType));
    } else if (verb.equals("POST") || verb.equals("PUT") || verb.equals("PATCH")) {
      payload = RequestBody.create(new byte[0], null);
    }
    if (payload != null && (verb.equals("GET") || verb.equals("HEAD"))) {
      throw new IllegalArgumentException(verb + " has no body");
    }
    Request request =
        new Request.Builder()
            .url(url)
            .header("Authorization", authorization)
            .method(verb, payload)
            .build();
    String where = DownstreamUrls.withoutQuery(url);
    try (Response response = http.newCall(request).execute()) {
      BufferedSource source = response.body().source();
      if (source.request(maxResponseBytes + 1)) {
        throw TokenExchangeException.unavailable(
            verb + " " + where + ": the answer exceeds " + maxResponseBytes + " bytes");
      }
      String text = source.getBuffer().readString(StandardCharsets.UTF_8);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String name : response.headers().names()) {
        headers.put(name, String.join(", ", response.headers(name)));
      }
      return new HttpResponse(response.code(), headers, text);
    } catch (IOException e) {
      LOG.warn("{} {} failed: {}", verb, where, e.getClass().getSimpleName());
      throw TokenExchangeException.unavailable(
          verb + " " + where + " is unreachable (" + e.getClass().getSimpleName() + ")");
    }
  }
}
