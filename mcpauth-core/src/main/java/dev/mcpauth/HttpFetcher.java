package dev.mcpauth;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/** GETs a JSON document within {@link FetchLimits}, without following redirects. Thread-safe. */
final class HttpFetcher {

  /** A fetched body and the caching lifetime the server asked for, if any. */
  record Fetched(byte[] body, Duration maxAge) {}

  /** Why a fetch failed, in words that never include a token (these URLs carry none). */
  static final class FetchFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    FetchFailure(String message, int status, Throwable cause) {
      super(message, cause);
      this.status = status;
    }

    /** The HTTP status, or 0 when no response arrived. */
    int status() {
      return status;
    }
  }

  private final OkHttpClient client;

  /** The configured client (no redirects, the fetch timeouts), for the introspection POST. */
  OkHttpClient client() {
    return client;
  }

  private final long maxBytes;

  HttpFetcher(OkHttpClient base, FetchLimits limits) {
    this.client =
        base.newBuilder()
            .followRedirects(false)
            .followSslRedirects(false)
            .connectTimeout(limits.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(limits.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .callTimeout(limits.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .build();
    this.maxBytes = limits.maxResponseBytes();
  }

  Fetched get(String url) throws FetchFailure {
    Request request;
    try {
      request = new Request.Builder().url(url).header("Accept", "application/json").get().build();
    } catch (IllegalArgumentException e) {
      throw new FetchFailure("invalid URL " + url, 0, e);
    }
    try (Response response = client.newCall(request).execute()) {
      if (response.code() != 200) {
        throw new FetchFailure(
            "GET " + url + " answered HTTP " + response.code(), response.code(), null);
      }
      ResponseBody body = response.body();
      if (body.contentLength() > maxBytes) {
        throw new FetchFailure(
            "GET " + url + " body exceeds " + maxBytes + " bytes", response.code(), null);
      }
      BufferedSource source = body.source();
      if (source.request(maxBytes + 1)) {
        throw new FetchFailure(
            "GET " + url + " body exceeds " + maxBytes + " bytes", response.code(), null);
      }
      byte[] bytes = source.getBuffer().readByteArray();
      return new Fetched(bytes, maxAge(response.header("Cache-Control")));
    } catch (IOException e) {
      throw new FetchFailure(
          "GET "
              + url
              + " failed: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage()),
          0,
          e);
    }
  }

  /**
   * {@code max-age} from Cache-Control (RFC 9111 §5.2.2.1), or null; {@code no-store}/{@code
   * no-cache} give zero.
   */
  static Duration maxAge(String cacheControl) {
    if (cacheControl == null) {
      return null;
    }
    Duration result = null;
    for (String directive : cacheControl.split(",")) {
      String d = directive.trim().toLowerCase(Locale.ROOT);
      if (d.equals("no-store") || d.equals("no-cache")) {
        return Duration.ZERO;
      }
      if (d.startsWith("max-age=")) {
        String v = d.substring("max-age=".length()).replace("\"", "");
        try {
          long seconds = Long.parseLong(v);
          if (seconds >= 0) {
            result = Duration.ofSeconds(seconds);
          }
        } catch (NumberFormatException ignored) {
          // a malformed max-age is treated as absent
        }
      }
    }
    return result;
  }
}
