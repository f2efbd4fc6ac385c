package dev.mcpauth.testing;

import com.google.gson.Gson;
import dev.mcpauth.AuthServerMetadata;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * The authorization server of the composition matrix, on loopback: its JWKS ({@link TestKeys#K1})
 * and an RFC 7662 introspection endpoint that knows every token it issued, JWT or opaque, and
 * answers it like a real server: {@code active} with the token's claims (including {@code cnf.jkt}
 * for a DPoP-bound token) while it has not expired, {@code {"active":false}} for an expired or
 * unknown token. Every response closes its connection, so the many short-lived {@link McpAuth}s of
 * a matrix leave no idle connections behind.
 */
public final class CompositionAuthServer implements AutoCloseable {
  /** Where introspection is served. */
  public static final String INTROSPECTION_PATH = "/as/introspect";

  private static final Gson GSON = new Gson();

  private final FakeAuthorizationServer as = new FakeAuthorizationServer();
  private final Clock clock;
  private final Map<String, Map<String, Object>> issued = new ConcurrentHashMap<>();

  /** What a token grants. */
  public record Grant(String audience, String scope, long expiresInSeconds, Optional<String> jkt) {
    /** {@code mcp:read} for {@code audience}, valid for five minutes, not bound. */
    public static Grant to(String audience) {
      return new Grant(audience, "mcp:read", 300, Optional.empty());
    }

    /** The same grant with another scope. */
    public Grant scope(String scope) {
      return new Grant(audience, scope, expiresInSeconds, jkt);
    }

    /** The same grant expiring {@code seconds} from now (negative: already expired). */
    public Grant expiresIn(long seconds) {
      return new Grant(audience, scope, seconds, jkt);
    }

    /** The same grant bound to a DPoP key ({@code cnf.jkt}). */
    public Grant boundTo(PublicJsonWebKey key) {
      return new Grant(audience, scope, expiresInSeconds, Optional.of(DpopProofs.jkt(key)));
    }
  }

  /** Starts serving; token times come from {@code clock}. */
  public CompositionAuthServer(Clock clock) {
    this.clock = clock;
    as.respond(
        path ->
            path.equals("/as/jwks")
                ? closing(200, TestKeys.jwks(TestKeys.K1))
                : new MockResponse.Builder().code(404).addHeader("Connection", "close").build());
    as.respondToRequest(this::introspect);
  }

  /** The issuer. */
  public String issuer() {
    return as.issuer();
  }

  /** Its metadata (issuer, endpoints, {@code jwks_uri}). */
  public AuthServerMetadata metadata() {
    return as.metadata();
  }

  /** The introspection endpoint's URL. */
  public String introspectionEndpoint() {
    return as.url(INTROSPECTION_PATH);
  }

  /** How many requests reached {@code path} ({@code /as/jwks}, {@link #INTROSPECTION_PATH}). */
  public int hits(String path) {
    return as.hits(path);
  }

  private Map<String, Object> claims(Grant grant) {
    long now = clock.instant().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", as.issuer());
    claims.put("aud", grant.audience());
    claims.put("sub", "alice");
    claims.put("client_id", "client-1");
    claims.put("scope", grant.scope());
    claims.put("iat", now + grant.expiresInSeconds() - 300);
    claims.put("exp", now + grant.expiresInSeconds());
    claims.put("jti", UUID.randomUUID().toString());
    grant.jkt().ifPresent(jkt -> claims.put("cnf", Map.of("jkt", jkt)));
    return claims;
  }

  /** A JWT signed with the server's key, known to its introspection endpoint. */
  public String jwt(Grant grant) {
    Map<String, Object> claims = claims(grant);
    Tokens.Builder builder = Tokens.valid(as.issuer(), grant.audience());
    claims.forEach(builder::claim);
    String token = builder.build();
    issued.put(token, claims);
    return token;
  }

  /**
   * A JWT with the server's {@code kid} but signed by an attacker's key; introspection does not
   * know it.
   */
  public String forgedJwt(Grant grant) {
    Tokens.Builder builder =
        Tokens.valid(as.issuer(), grant.audience()).signWith(TestKeys.ATTACKER);
    claims(grant).forEach(builder::claim);
    return builder.build();
  }

  /** An opaque token, known to the introspection endpoint only. */
  public String opaque(Grant grant) {
    String token = "opaque-" + UUID.randomUUID();
    issued.put(token, claims(grant));
    return token;
  }

  /** An opaque token nobody issued. */
  public static String unknownOpaque() {
    return "opaque-" + UUID.randomUUID();
  }

  private MockResponse introspect(RecordedRequest request) {
    if (!request.getUrl().encodedPath().equals(INTROSPECTION_PATH)) {
      return new MockResponse.Builder().code(404).addHeader("Connection", "close").build();
    }
    Map<String, Object> claims = issued.get(formValue(request.getBody().utf8(), "token"));
    if (claims == null
        || ((Number) claims.get("exp")).longValue() <= clock.instant().getEpochSecond()) {
      return closing(200, "{\"active\":false}");
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("active", true);
    answer.putAll(claims);
    return closing(200, GSON.toJson(answer));
  }

  private static String formValue(String form, String name) {
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  private static MockResponse closing(int code, String json) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .addHeader("Connection", "close")
        .body(json)
        .build();
  }

  @Override
  public void close() {
    as.close();
  }
}
