package dev.mcpauth.testing;

import dev.mcpauth.AuthServerMetadata;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A loopback HTTP server that plays an authorization server's metadata and JWKS endpoints, with
 * faults on demand (status codes, garbage, delays). Counts requests per path so tests can assert
 * "no fetch".
 */
public final class FakeAuthorizationServer implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final Map<String, RecordedRequest> lastRequests = new ConcurrentHashMap<>();
  private volatile Function<String, MockResponse> responder =
      path -> new MockResponse.Builder().code(404).build();
  private volatile Function<RecordedRequest, MockResponse> requestResponder;
  private volatile String jwks = TestKeys.jwks(TestKeys.K1, TestKeys.EC1, TestKeys.ED1);

  public FakeAuthorizationServer() {
    this(0);
  }

  /**
   * Listens on 127.0.0.1:{@code port} (0 for any free port; a fixed one lets a test bring it back).
   */
  public FakeAuthorizationServer(int port) {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            lastRequests.put(path, request);
            Function<RecordedRequest, MockResponse> byRequest = requestResponder;
            if (byRequest != null && request.getMethod().equals("POST")) {
              return byRequest.apply(request);
            }
            return responder.apply(path);
          }
        });
    try {
      server.start(InetAddress.getByName("127.0.0.1"), port);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    serveNormally();
  }

  /** The issuer: http://127.0.0.1:PORT/as */
  public String issuer() {
    return "http://127.0.0.1:" + server.getPort() + "/as";
  }

  public String jwksUri() {
    return issuer() + "/jwks";
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  /** Metadata a validator accepts, pointing at this server's JWKS. */
  public String metadataJson(String issuer) {
    return "{\"issuer\":\""
        + issuer
        + "\",\"authorization_endpoint\":\""
        + issuer
        + "/authorize\","
        + "\"token_endpoint\":\""
        + issuer
        + "/token\",\"jwks_uri\":\""
        + jwksUri()
        + "\","
        + "\"response_types_supported\":[\"code\"],\"code_challenge_methods_supported\":[\"S256\"],"
        + "\"registration_endpoint\":\""
        + issuer
        + "/register\",\"x_vendor_extension\":{\"a\":1}}";
  }

  public AuthServerMetadata metadata() {
    return AuthServerConfigFixtures.parse(metadataJson(issuer()));
  }

  public void setJwks(String jwks) {
    this.jwks = jwks;
  }

  /** OIDC metadata at the append path, the JWKS at /as/jwks, everything else 404. */
  public void serveNormally() {
    responder =
        path -> {
          if (path.equals("/as/jwks")) {
            return json(200, jwks);
          }
          if (path.equals("/as/.well-known/openid-configuration")) {
            return json(200, metadataJson(issuer()));
          }
          return new MockResponse.Builder().code(404).build();
        };
  }

  public void respond(Function<String, MockResponse> responder) {
    this.responder = responder;
  }

  /**
   * Answers POST requests from their whole recorded request (an introspection endpoint reading the
   * token).
   */
  public void respondToRequest(Function<RecordedRequest, MockResponse> responder) {
    this.requestResponder = responder;
  }

  public static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  public int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  /** The last request received at {@code path}, if any. */
  public RecordedRequest lastRequest(String path) {
    return lastRequests.get(path);
  }

  public int totalHits() {
    return hits.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public void close() {
    server.close();
  }
}
