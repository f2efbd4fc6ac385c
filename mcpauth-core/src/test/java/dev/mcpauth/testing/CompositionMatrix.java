package dev.mcpauth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthResult;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.DenialReason;
import dev.mcpauth.DpopSettings;
import dev.mcpauth.Introspection;
import dev.mcpauth.McpAuth;
import dev.mcpauth.MutableClock;
import dev.mcpauth.RequestHeaders;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.TokenPolicy;
import dev.mcpauth.testing.CompositionAuthServer.Grant;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * One test per composition (issue 13 §8): {JWT, introspection, mixed} × {Bearer, DPoP} × {token
 * cache on, off} × {keys warm, cold}. For every combination the same list of requests runs against
 * a fresh {@link McpAuth} per case, and each request must end the same way in every combination
 * where it should: the same valid token (and proof) is authorized, and the refusals carry the same
 * status, challenge error and typed reason. The core test runs it through {@link BearerAuth}; each
 * adapter's test runs it over real HTTP with {@link #runOverHttp}, so the definition lives here
 * once.
 *
 * <p>"Cache off" turns off the verified-token cache and introspection caching. "Cold" means the
 * resource has fetched nothing yet; in the core and on Undertow's I/O thread it is decided with
 * {@link BearerAuth#verifyNonBlocking}, so the first token check is {@link AuthResult.Pending}.
 * "Warm" means one other token was verified first, so the signing keys are cached.
 */
public final class CompositionMatrix implements AutoCloseable {
  /** Which token check the resource uses. */
  public enum Mode {
    JWT,
    INTROSPECTION,
    MIXED
  }

  /** How tokens are presented: plain Bearer, or DPoP-bound with a proof (replay check on). */
  public enum Scheme {
    BEARER,
    DPOP
  }

  /** Whether verified tokens and introspection answers are remembered. */
  public enum TokenCache {
    ON,
    OFF
  }

  /** Whether the signing keys were fetched before the first request. */
  public enum Keys {
    WARM,
    COLD
  }

  /** One combination. */
  public record Combination(Mode mode, Scheme scheme, TokenCache cache, Keys keys) {
    @Override
    public String toString() {
      return mode + " " + scheme + " cache " + cache + " keys " + keys;
    }
  }

  /** The body a protected handler answers an authorized request with (see {@link #describe}). */
  public static final String AUTHORIZED_BODY = "subject=alice scopes=mcp:read";

  /** The JSON-RPC body every request carries (the MCP servlet filter reads it). */
  public static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

  /**
   * The first case of every combination: the valid token, the same request again (a replayed proof
   * under DPoP), then the token with a new proof.
   */
  public static final String VALID_CASE =
      "the valid token, then the same request, then a new proof";

  /** The scope the protected route requires. */
  public static final String ROUTE_SCOPE = "mcp:read";

  private static final PublicJsonWebKey CLIENT = TestKeys.ec("client");
  private static final PublicJsonWebKey OTHER = TestKeys.ec("other");
  private static final String OTHER_RESOURCE = "https://other.test/mcp";

  private final MutableClock clock = MutableClock.atSystemTime();
  private final CompositionAuthServer as = new CompositionAuthServer(clock);
  private final ExecutorService executor;
  private final OkHttpClient http =
      new OkHttpClient.Builder()
          .retryOnConnectionFailure(false)
          .readTimeout(Duration.ofSeconds(20))
          .build();

  /** Starts the authorization server and the executor every {@link McpAuth} fetches on. */
  public CompositionMatrix() {
    AtomicInteger threads = new AtomicInteger();
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "composition-fetch-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** All 24 combinations. */
  public static List<Combination> all() {
    List<Combination> all = new ArrayList<>();
    for (Mode mode : Mode.values()) {
      for (Scheme scheme : Scheme.values()) {
        for (TokenCache cache : TokenCache.values()) {
          for (Keys keys : Keys.values()) {
            all.add(new Combination(mode, scheme, cache, keys));
          }
        }
      }
    }
    return all;
  }

  /** For {@code @MethodSource("dev.mcpauth.testing.CompositionMatrix#combinations")}. */
  public static Stream<Combination> combinations() {
    return all().stream();
  }

  /** What a protected handler answers: who called, with which scopes. */
  public static String describe(AuthInfo info) {
    return "subject=" + info.subject().orElse("") + " scopes=" + String.join(" ", info.scopes());
  }

  /** The authorization server (for hit counts). */
  public CompositionAuthServer authorizationServer() {
    return as;
  }

  // ---- expectations -----------------------------------------------------------------------------

  /** How a request must end: authorized as alice, or refused for {@code reason}. */
  public record Expected(Optional<DenialReason> reason) {
    static Expected authorized() {
      return new Expected(Optional.empty());
    }

    static Expected denied(DenialReason reason) {
      return new Expected(Optional.of(reason));
    }

    /** 200, or the refusal's status. */
    public int status() {
      return reason.map(r -> r == DenialReason.INSUFFICIENT_SCOPE ? 403 : 401).orElse(200);
    }

    /**
     * The challenge's {@code error}, empty for a request without credentials (and when authorized).
     */
    Optional<String> challengeError() {
      return reason
          .filter(r -> r != DenialReason.MISSING_CREDENTIALS)
          .map(
              r ->
                  switch (r) {
                    case INSUFFICIENT_SCOPE -> "insufficient_scope";
                    case DPOP_PROOF_REPLAYED -> "invalid_dpop_proof";
                    default -> "invalid_token";
                  });
    }

    /** Checks a core decision. */
    public void check(String where, AuthResult result) {
      if (reason.isEmpty()) {
        assertThat(result).as(where).isInstanceOf(AuthResult.Authorized.class);
        assertThat(describe(((AuthResult.Authorized) result).authInfo()))
            .as(where)
            .isEqualTo(AUTHORIZED_BODY);
        return;
      }
      assertThat(result).as(where).isInstanceOf(AuthResult.Denied.class);
      AuthResult.Denied denied = (AuthResult.Denied) result;
      assertThat(denied.reason()).as(where).isEqualTo(reason.get());
      checkHttp(where, denied.status(), denied.wwwAuthenticate(), denied.body());
    }

    /** Checks a response as an adapter wrote it. */
    public void checkHttp(String where, int status, Optional<String> wwwAuthenticate, String body) {
      assertThat(status).as(where + " (body %s)", body).isEqualTo(status());
      if (reason.isEmpty()) {
        assertThat(body).as(where).isEqualTo(AUTHORIZED_BODY);
        return;
      }
      assertThat(wwwAuthenticate).as(where + ": WWW-Authenticate").isPresent();
      assertThat(wwwAuthenticate.get()).as(where).contains("resource_metadata=\"");
      if (challengeError().isPresent()) {
        assertThat(wwwAuthenticate.get())
            .as(where)
            .contains("error=\"" + challengeError().get() + "\"");
        assertThat(body)
            .as(where)
            .contains("\"error\":\"" + challengeError().get() + "\"")
            .contains("\"error_description\":\"" + reason.get().description() + "\"");
      } else {
        assertThat(wwwAuthenticate.get()).as(where).doesNotContain("error=");
        assertThat(body).as(where).contains("\"error\":\"unauthorized\"");
      }
    }
  }

  /** One request: its credential headers (the method is POST, the body {@link #PING}). */
  public record Step(String name, Map<String, List<String>> headers, Expected expected) {
    /** Whether it presents a token. */
    public boolean hasCredentials() {
      return headers.containsKey("Authorization");
    }

    /** The core's view of it, as adapters build it. */
    public RequestHeaders requestHeaders(String path) {
      return RequestHeaders.of(headers).withRequestLine("POST", path);
    }
  }

  /** Requests that run in order against one fresh {@link McpAuth}. */
  public record Case(String name, List<Step> steps) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The requests of a combination, for a resource served at {@code resource}. */
  public List<Case> cases(Combination c, String resource) {
    boolean dpop = c.scheme() == Scheme.DPOP;
    boolean introspected = c.mode() == Mode.INTROSPECTION;
    Grant base = dpop ? Grant.to(resource).boundTo(CLIENT) : Grant.to(resource);
    List<Case> cases = new ArrayList<>();

    String token = as.jwt(base);
    Map<String, List<String>> first = present(c, resource, token, CLIENT);
    cases.add(
        new Case(
            VALID_CASE,
            List.of(
                new Step("first", first, Expected.authorized()),
                new Step(
                    "the same request again",
                    first,
                    dpop
                        ? Expected.denied(DenialReason.DPOP_PROOF_REPLAYED)
                        : Expected.authorized()),
                new Step(
                    "the token again with a new proof",
                    present(c, resource, token, CLIENT),
                    Expected.authorized()))));
    cases.add(
        new Case(
            "no credentials",
            List.of(
                new Step(
                    "no Authorization",
                    Map.of(),
                    Expected.denied(DenialReason.MISSING_CREDENTIALS)))));
    cases.add(
        single(
            "a token for another resource",
            present(
                c,
                resource,
                as.jwt(dpop ? Grant.to(OTHER_RESOURCE).boundTo(CLIENT) : Grant.to(OTHER_RESOURCE)),
                CLIENT),
            DenialReason.AUDIENCE_MISMATCH));
    // An introspection endpoint answers "inactive" for what a JWT verifier calls expired or forged.
    cases.add(
        single(
            "an expired token",
            present(c, resource, as.jwt(base.expiresIn(-120)), CLIENT),
            introspected ? DenialReason.INACTIVE : DenialReason.EXPIRED));
    cases.add(
        single(
            "a forged signature",
            present(c, resource, as.forgedJwt(base), CLIENT),
            introspected ? DenialReason.INACTIVE : DenialReason.INVALID_SIGNATURE));
    cases.add(
        single(
            "a token without the route's scope",
            present(c, resource, as.jwt(base.scope("mcp:write")), CLIENT),
            DenialReason.INSUFFICIENT_SCOPE));
    cases.add(
        single(
            "a bound token sent as Bearer without a proof",
            bearer(as.jwt(Grant.to(resource).boundTo(CLIENT))),
            DenialReason.BOUND_TOKEN_WITHOUT_PROOF));
    if (dpop) {
      cases.add(
          single(
              "a proof by another key than the bound one",
              withProof(resource, as.jwt(base), OTHER),
              DenialReason.BINDING_MISMATCH));
      cases.add(
          single(
              "an unbound token with a proof",
              withProof(resource, as.jwt(Grant.to(resource)), CLIENT),
              DenialReason.TOKEN_NOT_BOUND));
    }
    // Opaque tokens: introspected in introspection and mixed mode, not even a JWT for the JWT
    // verifier.
    String opaque = as.opaque(base);
    cases.add(
        c.mode() == Mode.JWT
            ? single(
                "an opaque token",
                present(c, resource, opaque, CLIENT),
                DenialReason.MALFORMED_TOKEN)
            : new Case(
                "an opaque token",
                List.of(
                    new Step("first", present(c, resource, opaque, CLIENT), Expected.authorized()),
                    new Step(
                        "again with a new proof",
                        present(c, resource, opaque, CLIENT),
                        Expected.authorized()))));
    cases.add(
        single(
            "an opaque token nobody issued",
            present(c, resource, CompositionAuthServer.unknownOpaque(), CLIENT),
            c.mode() == Mode.JWT ? DenialReason.MALFORMED_TOKEN : DenialReason.INACTIVE));
    return cases;
  }

  private static Case single(String name, Map<String, List<String>> headers, DenialReason reason) {
    return new Case(name, List.of(new Step("only", headers, Expected.denied(reason))));
  }

  private static Map<String, List<String>> present(
      Combination c, String resource, String token, PublicJsonWebKey proofKey) {
    return c.scheme() == Scheme.DPOP ? withProof(resource, token, proofKey) : bearer(token);
  }

  private static Map<String, List<String>> bearer(String token) {
    return Map.of("Authorization", List.of("Bearer " + token));
  }

  private static Map<String, List<String>> withProof(
      String resource, String token, PublicJsonWebKey key) {
    return Map.of(
        "Authorization",
        List.of("DPoP " + token),
        "DPoP",
        List.of(DpopProofs.proof(key, "POST", resource, token).build()));
  }

  // ---- the resource of a combination ------------------------------------------------------------

  /** A resource configured for one combination, and its route requiring {@link #ROUTE_SCOPE}. */
  public record Installed(Combination combination, McpAuth mcpAuth, BearerAuth auth)
      implements AutoCloseable {
    @Override
    public void close() {
      mcpAuth.close();
    }
  }

  /**
   * A fresh {@link McpAuth} protecting {@code resource} as the combination says; with warm keys,
   * one other valid request has been verified already.
   */
  public Installed install(Combination c, String resource) {
    TokenPolicy.Builder policy = TokenPolicy.builder();
    if (c.scheme() == Scheme.DPOP) {
      policy.dpop(DpopSettings.builder().replayCheck().build());
    }
    Introspection.Builder introspection =
        Introspection.builder(as.issuer())
            .endpoint(as.introspectionEndpoint())
            .clientCredentials("mcp-server", "s3cret");
    if (c.cache() == TokenCache.OFF) {
      policy.noTokenCache();
      introspection.cacheTtl(Duration.ZERO).negativeCacheTtl(Duration.ZERO);
    }
    ResourceServerConfig.Builder config =
        ResourceServerConfig.builder(resource)
            .authorizationServer(
                AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, as.metadata()))
            .scopesSupported("mcp:read", "mcp:write")
            .tokenPolicy(policy.build());
    if (c.mode() == Mode.INTROSPECTION) {
      config.introspection(introspection.build());
    } else if (c.mode() == Mode.MIXED) {
      config.introspectOpaqueTokens(introspection.build());
    }
    McpAuth mcpAuth =
        McpAuth.builder().clock(clock).executor(executor).protectedResource(config.build()).build();
    Installed installed = new Installed(c, mcpAuth, mcpAuth.bearerAuth(ROUTE_SCOPE));
    if (c.keys() == Keys.WARM) {
      Grant grant =
          c.scheme() == Scheme.DPOP ? Grant.to(resource).boundTo(CLIENT) : Grant.to(resource);
      Step warmUp =
          new Step("warm-up", present(c, resource, as.jwt(grant), CLIENT), Expected.authorized());
      warmUp
          .expected()
          .check(c + ": warm-up", installed.auth().verify(warmUp.requestHeaders(path(resource))));
    }
    return installed;
  }

  /** The path of {@code resource}, as the request line carries it. */
  public static String path(String resource) {
    return URI.create(resource).getRawPath();
  }

  // ---- over HTTP --------------------------------------------------------------------------------

  /** An extra check on one HTTP exchange (for example, which thread decided it). */
  public interface ExchangeCheck {
    /** Called after the step's expectation held. */
    void check(String where, Case k, int stepIndex, HttpResult response);
  }

  /** Runs one case against a resource. */
  public interface CaseRunner {
    /** Sends the case's steps, in order, to {@code installed}. */
    void run(Installed installed, Case k) throws Exception;
  }

  /**
   * Runs every case of {@code c}: with cold keys each case gets a fresh resource, so each case's
   * first request is the cold one; with warm keys all cases share one resource that verified a
   * token already.
   */
  public void forEachCase(Combination c, String resource, CaseRunner runner) throws Exception {
    forEachCase(c, resource, k -> true, runner);
  }

  /** Same, for the cases {@code which} selects. */
  public void forEachCase(Combination c, String resource, Predicate<Case> which, CaseRunner runner)
      throws Exception {
    List<Case> cases = cases(c, resource).stream().filter(which).toList();
    if (c.keys() == Keys.WARM) {
      try (Installed installed = install(c, resource)) {
        for (Case k : cases) {
          runner.run(installed, k);
        }
      }
      return;
    }
    for (Case k : cases) {
      try (Installed installed = install(c, resource)) {
        runner.run(installed, k);
      }
    }
  }

  /**
   * Runs every case of {@code c} over HTTP against a server protecting {@code resource}: before
   * each case, {@code serve} must make the server use that case's {@link Installed} resource.
   */
  public void runOverHttp(
      Combination c, String resource, Consumer<Installed> serve, ExchangeCheck extra)
      throws Exception {
    runOverHttp(c, resource, k -> true, serve, extra);
  }

  /** Same, for the cases {@code which} selects. */
  public void runOverHttp(
      Combination c,
      String resource,
      Predicate<Case> which,
      Consumer<Installed> serve,
      ExchangeCheck extra)
      throws Exception {
    forEachCase(
        c,
        resource,
        which,
        (installed, k) -> {
          serve.accept(installed);
          for (int i = 0; i < k.steps().size(); i++) {
            Step step = k.steps().get(i);
            String where = c + " / " + k.name() + " / " + step.name();
            HttpResult response = send(resource, step);
            step.expected()
                .checkHttp(
                    where, response.status(), response.header("WWW-Authenticate"), response.body());
            extra.check(where, k, i, response);
          }
        });
  }

  /** A response as the client saw it. */
  public record HttpResult(int status, Headers headers, String body) {
    /** The first value of header {@code name}. */
    public Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name));
    }
  }

  /**
   * POSTs {@link #PING} to {@code url} with the step's headers, on a connection of its own (a
   * server may close a connection after refusing a request whose body it never read; reusing it
   * would make the next request fail at random).
   */
  public HttpResult send(String url, Step step) throws IOException {
    Request.Builder request =
        new Request.Builder()
            .url(url)
            .header("Accept", "application/json, text/event-stream")
            .header("Connection", "close")
            .post(RequestBody.create(PING, MediaType.get("application/json")));
    step.headers().forEach((name, values) -> values.forEach(v -> request.addHeader(name, v)));
    try (Response response = http.newCall(request.build()).execute()) {
      return new HttpResult(response.code(), response.headers(), response.body().string());
    }
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    executor.shutdownNow();
    as.close();
  }
}
