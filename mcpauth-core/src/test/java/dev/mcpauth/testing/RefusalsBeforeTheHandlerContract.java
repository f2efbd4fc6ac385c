package dev.mcpauth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What only an adapter-level setup can observe (issue 14 item 10, issue 19 items 3 and 6), the same
 * on every adapter: a refused request never reaches the MCP handler ({@link #handlerCalls} counts
 * what does), and a CORS preflight never runs a protected route ({@link #protectedRouteCalls}). A
 * subclass starts, per test, an MCP endpoint at {@code <base>/mcp} trusting {@link #as} (allowed
 * origin {@code https://app.test}, base scope {@code mcp:read}) and a protected route {@code
 * <base>/notes} answering {@code secret notes}. The HTTP-observable behaviour of these and the
 * other review findings runs against every demo server in the cross-stack adversarial suite ({@code
 * examples}: {@code AdversarialSuite}).
 */
public abstract class RefusalsBeforeTheHandlerContract {
  protected final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** Requests that reached the MCP handler (transport or tool). */
  protected final AtomicInteger handlerCalls = new AtomicInteger();

  /** Requests that reached the protected route's own code. */
  protected final AtomicInteger protectedRouteCalls = new AtomicInteger();

  /** The trusted authorization server. */
  protected FakeAuthorizationServer as;

  /** {@code http://127.0.0.1:<port>}. */
  protected String base;

  /** {@code <base>/mcp}, the resource identifier. */
  protected String resource;

  /** Whether the MCP transport keeps sessions (a call then goes in an initialized session). */
  protected abstract boolean sessions();

  // 14.10: a disallowed Origin is 403, with or without a token, and never reaches the transport.
  @Test
  void aDisallowedOriginIs403() throws Exception {
    String token = token("mcp:read");
    int before = handlerCalls.get();
    for (String origin : List.of("https://evil.test", "null", "http://127.0.0.1.evil.test")) {
      assertThat(post(token, initializeBody(), Map.of("Origin", origin)).statusCode())
          .as(origin)
          .isEqualTo(403);
      assertThat(post(null, initializeBody(), Map.of("Origin", origin)).statusCode())
          .as(origin)
          .isEqualTo(403);
    }
    assertThat(handlerCalls.get()).isEqualTo(before);
    assertThat(post(token, initializeBody(), Map.of("Origin", "https://app.test")).statusCode())
        .isEqualTo(200);
    assertThat(post(token, initializeBody(), Map.of("Origin", base)).statusCode()).isEqualTo(200);
  }

  // 19.3: a CORS preflight without a token is answered before any protected code, on both kinds of
  // route.
  @Test
  void aCorsPreflightNeverReachesProtectedCode() throws Exception {
    int transportBefore = handlerCalls.get();
    HttpResponse<String> mcp = preflight(resource, "https://app.test");
    assertThat(mcp.statusCode()).isEqualTo(204);
    assertThat(mcp.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
        .contains("Authorization");
    assertThat(preflight(resource, "https://evil.test").statusCode()).isEqualTo(403);
    assertThat(handlerCalls.get()).isEqualTo(transportBefore);

    HttpResponse<String> notes = preflight(base + "/notes", "https://app.test");
    assertThat(notes.statusCode()).isEqualTo(204);
    assertThat(notes.body()).doesNotContain("secret");
    assertThat(protectedRouteCalls.get()).isZero();
    assertThat(get(base + "/notes", Map.of()).statusCode()).isEqualTo(401);
    assertThat(protectedRouteCalls.get()).isZero();
    assertThat(get(base + "/notes", Map.of("Authorization", "Bearer " + token("mcp:read"))).body())
        .isEqualTo("secret notes");
  }

  // 19.6: a name or uri that is present but not a string is 400, not "no tool".
  @Test
  void aNonStringToolNameIs400() throws Exception {
    String token = token("mcp:read");
    Map<String, String> session = session(token);
    int before = handlerCalls.get();
    for (String params :
        List.of(
            "{\"name\":42,\"arguments\":{}}",
            "{\"name\":{\"x\":1}}",
            "{\"name\":null}",
            "{\"name\":[\"create_note\"]}")) {
      HttpResponse<String> r =
          post(
              token,
              "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":" + params + "}",
              session);
      assertThat(r.statusCode()).as(params).isEqualTo(400);
      assertThat(r.body()).as(params).doesNotContain("created");
    }
    HttpResponse<String> uri =
        post(
            token,
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"resources/read\",\"params\":"
                + "{\"uri\":7}}",
            session);
    assertThat(uri.statusCode()).isEqualTo(400);
    assertThat(handlerCalls.get()).isEqualTo(before);
  }

  /** The session header to send: a fresh session's id on a transport with sessions, else none. */
  protected Map<String, String> session(String token) throws Exception {
    if (!sessions()) {
      return Map.of();
    }
    HttpResponse<String> init = post(token, initializeBody(), Map.of());
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertThat(
            post(
                    token,
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                    Map.of("Mcp-Session-Id", session))
                .statusCode())
        .isEqualTo(202);
    return Map.of("Mcp-Session-Id", session);
  }

  protected static String initializeBody() {
    return "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"hardening\",\"version\":\"1\"}}}";
  }

  protected String token(String scope) {
    return Tokens.valid(as.issuer(), resource).claim("scope", scope).build();
  }

  protected HttpResponse<String> post(String token, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(resource))
            .timeout(Duration.ofSeconds(20))
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (!headers.containsKey("Content-Type")) {
      b.header("Content-Type", "application/json");
    }
    headers.forEach(b::header);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  protected HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  protected HttpResponse<String> preflight(String url, String origin) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization, content-type")
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
