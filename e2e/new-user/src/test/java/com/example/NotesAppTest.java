package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's promise, checked from outside the library's build: the copied getting-started protects
 * /notes. A small OpenID provider on loopback (discovery and keys) issues the tokens.
 */
class NotesAppTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private HttpServer provider;
  private RsaJsonWebKey key;
  private String issuer;
  private Javalin app;
  private int port;

  @BeforeEach
  void start() throws Exception {
    key = RsaJwkGenerator.generateJwk(2048);
    key.setKeyId("k1");
    provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    issuer = "http://127.0.0.1:" + provider.getAddress().getPort() + "/idp";
    String metadata = "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\","
        + "\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\","
        + "\"response_types_supported\":[\"code\"],\"code_challenge_methods_supported\":[\"S256\"]}";
    String jwks = "{\"keys\":[" + key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}";
    provider.createContext("/idp/.well-known/openid-configuration", exchange -> reply(exchange, metadata));
    provider.createContext("/idp/jwks", exchange -> reply(exchange, jwks));
    provider.start();
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    app = NotesApp.start(issuer, port);
  }

  @AfterEach
  void stop() {
    app.stop();
    provider.stop(0);
  }

  private static void reply(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private String token(String scope) throws Exception {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setAudience("http://localhost:" + port + "/notes");
    claims.setSubject("alice");
    claims.setExpirationTimeMinutesInTheFuture(5);
    claims.setIssuedAtToNow();
    claims.setClaim("scope", scope);
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key.getPrivateKey());
    jws.setKeyIdHeaderValue("k1");
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    jws.setHeader("typ", "at+jwt");
    return jws.getCompactSerialization();
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(20));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theReadmeGettingStartedProtectsNotes() throws Exception {
    HttpResponse<String> anonymous = get("/notes", null);
    assertEquals(401, anonymous.statusCode());
    assertEquals("Bearer resource_metadata=\"http://localhost:" + port
        + "/.well-known/oauth-protected-resource/notes\", scope=\"read:notes\"",
        anonymous.headers().firstValue("WWW-Authenticate").orElseThrow());

    HttpResponse<String> metadata = get("/.well-known/oauth-protected-resource/notes", null);
    assertEquals(200, metadata.statusCode());
    assertTrue(metadata.body().contains("\"authorization_servers\":[\"" + issuer + "\"]"), metadata.body());

    HttpResponse<String> reader = get("/notes", token("read:notes"));
    assertEquals(200, reader.statusCode(), reader.body());
    assertEquals("{\"notes\":[],\"owner\":\"alice\"}", reader.body());

    HttpResponse<String> noScope = get("/notes", token("profile"));
    assertEquals(403, noScope.statusCode());
  }
}
