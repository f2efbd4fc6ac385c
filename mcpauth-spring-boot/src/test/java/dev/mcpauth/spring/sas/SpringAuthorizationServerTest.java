package dev.mcpauth.spring.sas;

import static dev.mcpauth.spring.sas.SpringAuthorizationServer.JWT_CLIENT;
import static dev.mcpauth.spring.sas.SpringAuthorizationServer.OPAQUE_CLIENT;
import static dev.mcpauth.spring.sas.SpringAuthorizationServer.RESOURCE_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mcpauth.spring.app.NotesApp;
import dev.mcpauth.testing.DpopProofs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * MCP Auth's Spring Boot auto-configuration (WebMVC) in front of a real Spring Authorization Server
 * ({@link SpringAuthorizationServer}), over HTTP on loopback: JWT, opaque (introspected) and
 * DPoP-bound tokens as SAS really issues them, with the resource configured as the "Spring
 * Authorization Server" row of docs/configure-server.md says ({@code mcpauth.audience} = the client
 * ids, because SAS puts {@code aud = [client_id]}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class SpringAuthorizationServerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String NOT_ACTIVE = "The access token is not active.";
  private static final String NEEDS_PROOF =
      "The access token is bound to a key and must be presented with a DPoP proof.";
  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
          + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
          + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
  private SpringAuthorizationServer sas;
  private ConfigurableApplicationContext configured;
  private ConfigurableApplicationContext strict;
  private String base;
  private String strictBase;

  @BeforeAll
  void start() {
    sas = SpringAuthorizationServer.start();
    int port = NotesApp.freePort();
    base = "http://127.0.0.1:" + port;
    Map<String, Object> properties = resourceProperties(base);
    // The documented SAS profile: accept the client ids SAS puts into aud.
    properties.put("mcpauth.audience", JWT_CLIENT + "," + OPAQUE_CLIENT);
    // Mixed mode: JWTs verified locally, opaque tokens introspected as notes-resource. No cache of
    // active results, so a revocation is seen on the next request.
    properties.put("mcpauth.introspection.issuer", sas.issuer());
    properties.put("mcpauth.introspection.client-id", RESOURCE_CLIENT);
    properties.put(
        "mcpauth.introspection.client-secret", SpringAuthorizationServer.secret(RESOURCE_CLIENT));
    properties.put("mcpauth.introspection.cache-ttl", "0s");
    properties.put("mcpauth.dpop.enabled", "true");
    configured = NotesApp.start("webmvc", port, properties, false, CallerController.class);

    int strictPort = NotesApp.freePort();
    strictBase = "http://127.0.0.1:" + strictPort;
    strict =
        NotesApp.start(
            "webmvc", strictPort, resourceProperties(strictBase), false, CallerController.class);
  }

  @AfterAll
  void stop() {
    if (strict != null) {
      strict.close();
    }
    if (configured != null) {
      configured.close();
    }
    if (sas != null) {
      sas.close();
    }
  }

  private Map<String, Object> resourceProperties(String origin) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spring.ai.mcp.server.protocol", "STREAMABLE");
    p.put("mcpauth.resource", origin + "/mcp");
    p.put("mcpauth.authorization-servers[0].issuer", sas.issuer());
    p.put("mcpauth.authorization-servers[0].type", "OAUTH");
    p.put("mcpauth.scopes-supported", "read:notes,write:notes");
    p.put("mcpauth.required-scopes", "read:notes");
    p.put("mcpauth.protected-paths[0].pattern", "/sas/read");
    p.put("mcpauth.protected-paths[0].scopes", "read:notes");
    p.put("mcpauth.protected-paths[1].pattern", "/sas/write");
    p.put("mcpauth.protected-paths[1].scopes", "write:notes");
    return p;
  }

  // --- 0. discovery -------------------------------------------------------------------------

  @Test
  void theResourceAdvertisesSasAndSasServesRfc8414MetadataWithIntrospectionAndDpop() {
    JsonObject prm =
        json(send(get(base + "/.well-known/oauth-protected-resource/mcp").build()).body());
    assertThat(prm.getAsJsonArray("authorization_servers").get(0).getAsString())
        .isEqualTo(sas.issuer());

    HttpResponse<String> metadata = sas.get("/.well-known/oauth-authorization-server");
    assertThat(metadata.statusCode()).isEqualTo(200);
    JsonObject as = json(metadata.body());
    assertThat(as.get("issuer").getAsString()).isEqualTo(sas.issuer());
    assertThat(as.get("introspection_endpoint").getAsString())
        .isEqualTo(sas.issuer() + "/oauth2/introspect");
    assertThat(as.get("dpop_signing_alg_values_supported").toString()).contains("ES256");
  }

  // --- 1. JWT access tokens -----------------------------------------------------------------

  @Test
  void aSasJwtIsAcceptedWithTheDocumentedAudienceAndTheRouteSeesTheCaller() {
    String token = sas.token(JWT_CLIENT, "read:notes").accessToken();
    // SAS's real shape: aud (a single string) and sub are the client id, scope an array, no
    // client_id or azp: no claim but aud names the client.
    JsonObject claims = payload(token);
    assertThat(claims.get("aud").getAsString()).isEqualTo(JWT_CLIENT);
    assertThat(claims.get("sub").getAsString()).isEqualTo(JWT_CLIENT);
    assertThat(claims.get("scope").isJsonArray()).isTrue();
    assertThat(claims.has("client_id") || claims.has("azp")).isFalse();
    // and no typ header: not the RFC 9068 profile (requireAccessTokenProfile() would refuse it)
    assertThat(header(token).has("typ")).isFalse();

    HttpResponse<String> ok =
        send(get(base + "/sas/read").header("Authorization", "Bearer " + token).build());
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    JsonObject caller = json(ok.body());
    assertThat(caller.get("issuer").getAsString()).isEqualTo(sas.issuer());
    assertThat(caller.get("subject").getAsString()).isEqualTo(JWT_CLIENT);
    assertThat(caller.get("clientId").getAsString()).isEqualTo("");
    assertThat(caller.get("scopes").toString()).isEqualTo("[\"read:notes\"]");
  }

  @Test
  void theSameJwtIsRefusedByAResourceWithTheStrictDefaults() {
    String token = sas.token(JWT_CLIENT, "read:notes").accessToken();
    HttpResponse<String> refused =
        send(get(strictBase + "/sas/read").header("Authorization", "Bearer " + token).build());
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(challenge(refused))
        .isEqualTo(
            "Bearer error=\"invalid_token\", error_description=\"The access token was not issued for"
                + " this resource.\", resource_metadata=\""
                + strictBase
                + "/.well-known/oauth-protected-resource/mcp\"");
  }

  @Test
  void aSasJwtWithoutTheWriteScopeGets403NamingTheScope() {
    String token = sas.token(JWT_CLIENT, "read:notes").accessToken();
    HttpResponse<String> refused =
        send(post(base + "/sas/write").header("Authorization", "Bearer " + token).build());
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(challenge(refused))
        .isEqualTo(
            "Bearer error=\"insufficient_scope\", scope=\"write:notes\", resource_metadata=\""
                + metadataUrl()
                + "\", "
                + dpopChallenge());

    String writer = sas.token(JWT_CLIENT, "read:notes", "write:notes").accessToken();
    HttpResponse<String> ok =
        send(post(base + "/sas/write").header("Authorization", "Bearer " + writer).build());
    assertThat(ok.statusCode()).isEqualTo(200);
  }

  @Test
  void theMcpEndpointAcceptsASasJwtAndAToolNeedingMoreScopesIs403() {
    String token = sas.token(JWT_CLIENT, "read:notes").accessToken();
    HttpResponse<String> anonymous = send(mcp(null, INITIALIZE).build());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(challenge(anonymous))
        .isEqualTo(
            "Bearer resource_metadata=\""
                + metadataUrl()
                + "\", scope=\"read:notes\", "
                + dpopChallenge());

    HttpResponse<String> initialized =
        send(mcp(null, INITIALIZE).header("Authorization", "Bearer " + token).build());
    assertThat(initialized.statusCode()).as(initialized.body()).isEqualTo(200);
    String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpResponse<String> ack =
        send(
            mcp(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .header("Authorization", "Bearer " + token)
                .build());
    assertThat(ack.statusCode()).isEqualTo(202);

    HttpResponse<String> whoami =
        send(mcp(session, toolCall("whoami")).header("Authorization", "Bearer " + token).build());
    assertThat(whoami.statusCode()).isEqualTo(200);
    assertThat(whoami.body()).contains("sub=" + JWT_CLIENT + " scopes=read:notes");

    HttpResponse<String> write =
        send(
            mcp(session, toolCall("create_note"))
                .header("Authorization", "Bearer " + token)
                .build());
    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(challenge(write))
        .startsWith(
            "Bearer error=\"insufficient_scope\", scope=\"read:notes write:notes\", resource_metadata=\""
                + metadataUrl()
                + "\"");
  }

  @Test
  void withTheResourceIndicatorCustomizerTheStrictDefaultsAcceptSasJwtsForThisResourceOnly() {
    String token = sas.tokenFor(strictBase + "/mcp", JWT_CLIENT, "read:notes").accessToken();
    assertThat(header(token).get("typ").getAsString()).isEqualTo("at+jwt");
    HttpResponse<String> ok =
        send(get(strictBase + "/sas/read").header("Authorization", "Bearer " + token).build());
    assertThat(ok.statusCode()).as(challenge(ok)).isEqualTo(200);
    JsonObject caller = json(ok.body());
    assertThat(caller.get("clientId").getAsString()).isEqualTo(JWT_CLIENT);
    assertThat(caller.get("audiences").toString()).isEqualTo("[\"" + strictBase + "/mcp\"]");

    String elsewhere = sas.tokenFor(base + "/mcp", JWT_CLIENT, "read:notes").accessToken();
    HttpResponse<String> refused =
        send(get(strictBase + "/sas/read").header("Authorization", "Bearer " + elsewhere).build());
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(challenge(refused))
        .startsWith(
            "Bearer error=\"invalid_token\", error_description=\"The access token was not issued for"
                + " this resource.\"");
  }

  // --- 2. opaque tokens, introspected -------------------------------------------------------

  @Test
  void anOpaqueSasTokenIsAcceptedThroughSasIntrospection() {
    String token = sas.token(OPAQUE_CLIENT, "read:notes").accessToken();
    assertThat(token).doesNotContain(".");

    HttpResponse<String> ok =
        send(get(base + "/sas/read").header("Authorization", "Bearer " + token).build());
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    JsonObject caller = json(ok.body());
    assertThat(caller.get("issuer").getAsString()).isEqualTo(sas.issuer());
    assertThat(caller.get("subject").getAsString()).isEqualTo(OPAQUE_CLIENT);
    // introspection names the client (client_id), which the JWT does not
    assertThat(caller.get("clientId").getAsString()).isEqualTo(OPAQUE_CLIENT);
    assertThat(caller.get("scopes").toString()).isEqualTo("[\"read:notes\"]");

    HttpResponse<String> refused =
        send(post(base + "/sas/write").header("Authorization", "Bearer " + token).build());
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(challenge(refused))
        .startsWith("Bearer error=\"insufficient_scope\", scope=\"write:notes\"");
  }

  @Test
  void anOpaqueTokenRevokedAtSasIsRefusedOnTheNextRequest() {
    String token = sas.token(OPAQUE_CLIENT, "read:notes").accessToken();
    HttpRequest request =
        get(base + "/sas/read").header("Authorization", "Bearer " + token).build();
    assertThat(send(request).statusCode()).isEqualTo(200);

    sas.revoke(OPAQUE_CLIENT, token);
    assertThat(sas.introspect(token).get("active").getAsBoolean()).isFalse();

    HttpResponse<String> refused = send(request);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(challenge(refused)).isEqualTo(invalidToken(NOT_ACTIVE));
  }

  @Test
  void aGarbageOpaqueTokenIs401InvalidToken() {
    HttpResponse<String> refused =
        send(
            get(base + "/sas/read")
                .header("Authorization", "Bearer not-a-sas-token-" + UUID.randomUUID())
                .build());
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(challenge(refused)).isEqualTo(invalidToken(NOT_ACTIVE));
  }

  // --- 3. DPoP-bound tokens -----------------------------------------------------------------

  @Test
  void aDpopBoundSasJwtIsAcceptedWithAProofOfItsKey() {
    PublicJsonWebKey key = newKey();
    SpringAuthorizationServer.TokenResponse issued = sas.dpopToken(JWT_CLIENT, key, "read:notes");
    assertThat(issued.tokenType()).isEqualTo("DPoP");
    String token = issued.accessToken();
    assertThat(payload(token).getAsJsonObject("cnf").get("jkt").getAsString())
        .isEqualTo(DpopProofs.jkt(key));

    HttpResponse<String> ok =
        send(withDpop(get(base + "/sas/read"), key, "GET", "/sas/read", token));
    assertThat(ok.statusCode()).as(challenge(ok)).isEqualTo(200);
    assertThat(json(ok.body()).getAsJsonObject("cnf").get("jkt").getAsString())
        .isEqualTo(DpopProofs.jkt(key));
  }

  @Test
  void aDpopBoundSasJwtSentAsBearerIsRefused() {
    PublicJsonWebKey key = newKey();
    String token = sas.dpopToken(JWT_CLIENT, key, "read:notes").accessToken();
    HttpResponse<String> refused =
        send(get(base + "/sas/read").header("Authorization", "Bearer " + token).build());
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(challenge(refused)).isEqualTo(invalidToken(NEEDS_PROOF));
  }

  @Test
  void aDpopBoundSasJwtWithAProofOfAnotherKeyIsRefused() {
    PublicJsonWebKey key = newKey();
    String token = sas.dpopToken(JWT_CLIENT, key, "read:notes").accessToken();
    HttpResponse<String> refused =
        send(withDpop(get(base + "/sas/read"), newKey(), "GET", "/sas/read", token));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(challenge(refused)).isEqualTo(wrongProofKey());
  }

  @Test
  void aDpopBoundOpaqueTokenCarriesCnfInIntrospectionAndNeedsAProofOfItsKey() {
    PublicJsonWebKey key = newKey();
    SpringAuthorizationServer.TokenResponse issued =
        sas.dpopToken(OPAQUE_CLIENT, key, "read:notes");
    assertThat(issued.tokenType()).isEqualTo("DPoP");
    String token = issued.accessToken();
    assertThat(sas.introspect(token).getAsJsonObject("cnf").get("jkt").getAsString())
        .isEqualTo(DpopProofs.jkt(key));

    HttpResponse<String> ok =
        send(withDpop(get(base + "/sas/read"), key, "GET", "/sas/read", token));
    assertThat(ok.statusCode()).as(challenge(ok)).isEqualTo(200);
    assertThat(json(ok.body()).get("clientId").getAsString()).isEqualTo(OPAQUE_CLIENT);

    HttpResponse<String> bearer =
        send(get(base + "/sas/read").header("Authorization", "Bearer " + token).build());
    assertThat(bearer.statusCode()).isEqualTo(401);
    assertThat(challenge(bearer)).isEqualTo(invalidToken(NEEDS_PROOF));
    HttpResponse<String> otherKey =
        send(withDpop(get(base + "/sas/read"), newKey(), "GET", "/sas/read", token));
    assertThat(otherKey.statusCode()).isEqualTo(401);
    assertThat(challenge(otherKey)).isEqualTo(wrongProofKey());
  }

  /** The configured resource's 401 for a token it refuses, with both schemes offered. */
  private String invalidToken(String description) {
    return "Bearer error=\"invalid_token\", error_description=\""
        + description
        + "\", resource_metadata=\""
        + metadataUrl()
        + "\", "
        + dpopChallenge();
  }

  /** The configured resource's 401 for a DPoP proof signed by a key the token is not bound to. */
  private String wrongProofKey() {
    return "Bearer resource_metadata=\""
        + metadataUrl()
        + "\", DPoP error=\"invalid_token\", error_description=\"The access token is not bound to"
        + " the DPoP proof's key.\", algs=\"RS256 PS256 ES256 EdDSA Ed25519\", resource_metadata=\""
        + metadataUrl()
        + "\"";
  }

  /** The configured resource accepts DPoP, so each of its challenges also offers that scheme. */
  private String dpopChallenge() {
    return "DPoP algs=\"RS256 PS256 ES256 EdDSA Ed25519\", resource_metadata=\""
        + metadataUrl()
        + "\"";
  }

  private String metadataUrl() {
    return base + "/.well-known/oauth-protected-resource/mcp";
  }

  // --- helpers --------------------------------------------------------------------------------

  private HttpRequest withDpop(
      HttpRequest.Builder request, PublicJsonWebKey key, String method, String path, String token) {
    return request
        .header("Authorization", "DPoP " + token)
        .header("DPoP", DpopProofs.proof(key, method, base + path, token).build())
        .build();
  }

  private HttpRequest.Builder mcp(String session, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/mcp"))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-06-18");
    }
    return request;
  }

  private static String toolCall(String tool) {
    return "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":{\"text\":\"hello\"}}}";
  }

  private static HttpRequest.Builder get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET();
  }

  private static HttpRequest.Builder post(String url) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(TIMEOUT)
        .POST(HttpRequest.BodyPublishers.noBody());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String challenge(HttpResponse<String> response) {
    return String.join(" | ", response.headers().allValues("WWW-Authenticate"));
  }

  private static JsonObject json(String body) {
    return JsonParser.parseString(body).getAsJsonObject();
  }

  private static JsonObject header(String jwt) {
    String[] parts = jwt.split("\\.");
    return json(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
  }

  private static JsonObject payload(String jwt) {
    String[] parts = jwt.split("\\.");
    return json(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }

  private static PublicJsonWebKey newKey() {
    try {
      return EcJwkGenerator.generateJwk(EllipticCurves.P256);
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }
}
