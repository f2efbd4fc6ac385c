package dev.mcpauth.examples;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Client ID metadata documents (draft-ietf-oauth-client-id-metadata-document, the MCP 2025-11-25
 * preferred registration): a {@code client_id} that is a URL names a JSON document there, fetched
 * when the client authorizes and checked: its {@code client_id} is the URL, it lists the redirect
 * URIs, and the client authenticates with nothing ({@code none}).
 *
 * <p>Fetches are bounded ({@link #MAX_BYTES}, {@link #TIMEOUT}, no redirects). The URL must be
 * https with a path, or, for clients and tests on this machine, http on a loopback host; it never
 * carries user info or a fragment.
 */
final class ClientMetadataDocuments {
  /** The largest document read: 5 KB, as the draft suggests. */
  static final int MAX_BYTES = 5 * 1024;

  /** Connect and read timeout of one fetch: 5 s. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** Whether {@code clientId} is meant as a metadata document URL. */
  static boolean isUrl(String clientId) {
    return clientId.startsWith("https://") || clientId.startsWith("http://");
  }

  /**
   * The redirect URIs of the document at {@code url}.
   *
   * @throws OAuthProblem {@code invalid_client} saying what is wrong with the URL or the document
   */
  List<String> redirectUris(String url) {
    URI uri = checkedUrl(url);
    JsonObject document = fetch(uri);
    JsonElement id = document.get("client_id");
    if (id == null || !id.isJsonPrimitive() || !id.getAsString().equals(url)) {
      throw invalid(url, "its client_id is not the URL it is served at");
    }
    JsonElement method = document.get("token_endpoint_auth_method");
    if (method != null && !(method.isJsonPrimitive() && method.getAsString().equals("none"))) {
      throw invalid(url, "token_endpoint_auth_method must be none (no shared secret with a URL)");
    }
    if (document.has("client_secret")) {
      throw invalid(url, "it carries a client_secret");
    }
    JsonElement uris = document.get("redirect_uris");
    List<String> redirectUris = new ArrayList<>();
    if (uris != null && uris.isJsonArray()) {
      for (JsonElement e : uris.getAsJsonArray()) {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
          redirectUris.add(e.getAsString());
        }
      }
    }
    if (redirectUris.isEmpty()) {
      throw invalid(url, "it lists no redirect_uris");
    }
    return List.copyOf(redirectUris);
  }

  private static URI checkedUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalid(url, "it is not a URL");
    }
    boolean https = "https".equals(uri.getScheme());
    if (!https && !RedirectUris.isLoopback(uri.getHost())) {
      throw invalid(url, "a client_id URL must be https (or http on a loopback host)");
    }
    if (uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawFragment() != null
        || uri.getRawPath() == null
        || uri.getRawPath().length() <= 1
        || uri.getRawPath().contains("/./")
        || uri.getRawPath().contains("/../")) {
      throw invalid(url, "a client_id URL needs a host and a path, and no user info or fragment");
    }
    return uri;
  }

  private JsonObject fetch(URI uri) {
    HttpRequest request =
        HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").build();
    try {
      HttpResponse<InputStream> answer =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = answer.body()) {
        if (answer.statusCode() != 200) {
          throw invalid(uri.toString(), "fetching it answered " + answer.statusCode());
        }
        byte[] bytes = readWithin(body);
        if (bytes.length > MAX_BYTES) {
          throw invalid(uri.toString(), "it is larger than " + MAX_BYTES + " bytes");
        }
        JsonElement parsed = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
        if (!parsed.isJsonObject()) {
          throw invalid(uri.toString(), "it is not a JSON object");
        }
        return parsed.getAsJsonObject();
      }
    } catch (JsonParseException e) {
      throw invalid(uri.toString(), "it is not JSON");
    } catch (IOException e) {
      throw invalid(
          uri.toString(), "it could not be fetched (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw invalid(uri.toString(), "fetching it was interrupted");
    }
  }

  /** Reads at most {@link #MAX_BYTES} + 1 bytes, within {@link #TIMEOUT} (a slow body is cut). */
  private static byte[] readWithin(InputStream body) throws IOException, InterruptedException {
    CompletableFuture<byte[]> read =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return body.readNBytes(MAX_BYTES + 1);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    try {
      return read.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    } catch (TimeoutException e) {
      body.close();
      throw new IOException("timed out", e);
    }
  }

  private static OAuthProblem invalid(String url, String why) {
    return new OAuthProblem(
        400, "invalid_client", "the client metadata document at " + url + " is unusable: " + why);
  }
}
