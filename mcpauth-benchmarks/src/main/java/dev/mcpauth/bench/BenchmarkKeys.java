package dev.mcpauth.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;

/** A key per algorithm, tokens signed with it, and a loopback JWKS endpoint serving the public key. */
final class BenchmarkKeys implements AutoCloseable {
  final String alg;
  final PublicJsonWebKey key;
  final HttpServer jwksServer;
  final String issuer;
  final java.util.concurrent.atomic.AtomicInteger jwksHits = new java.util.concurrent.atomic.AtomicInteger();
  private volatile byte[] jwks;

  BenchmarkKeys(String alg) throws Exception {
    this.alg = alg;
    switch (alg) {
      case "RS256":
      case "PS256":
        key = RsaJwkGenerator.generateJwk(2048);
        break;
      case "ES256":
        key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        break;
      case "EdDSA":
        key = OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_ED25519);
        break;
      default:
        throw new IllegalArgumentException(alg);
    }
    key.setKeyId("bench-" + alg);
    publish(key);
    jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    jwksServer.createContext("/jwks", exchange -> {
      jwksHits.incrementAndGet();
      byte[] jwks = this.jwks;
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, jwks.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(jwks);
      }
    });
    jwksServer.start();
    issuer = "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/as";
  }

  /** Serves these public keys from now on (a rotation). */
  void publish(PublicJsonWebKey... keys) {
    StringBuilder b = new StringBuilder("{\"keys\":[");
    for (int i = 0; i < keys.length; i++) {
      b.append(i == 0 ? "" : ",").append(keys[i].toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    }
    jwks = b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Authorization server metadata for this issuer, publishing this JWKS. */
  dev.mcpauth.AuthServerMetadata metadata() {
    return dev.mcpauth.AuthServerMetadata.builder(issuer)
        .authorizationEndpoint(issuer + "/authorize").tokenEndpoint(issuer + "/token")
        .jwksUri(jwksUri()).responseTypesSupported("code").codeChallengeMethodsSupported("S256")
        .registrationEndpoint(issuer + "/register").build();
  }

  String jwksUri() {
    return "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks";
  }

  /** A typical RFC 9068 access token for {@code resource}, valid for an hour. */
  String token(String resource, String subject) throws Exception {
    return token(key, resource, subject);
  }

  /** A token for {@code resource} with more claims ({@code extraClaims} starts with a comma). */
  String token(String resource, String subject, String extraClaims) throws Exception {
    return token(key, resource, subject, extraClaims);
  }

  /** A token signed with {@code signer} (whose kid goes into the header). */
  String token(PublicJsonWebKey signer, String resource, String subject) throws Exception {
    return token(signer, resource, subject, "");
  }

  private String token(PublicJsonWebKey signer, String resource, String subject, String extraClaims)
      throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String header = "{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\",\"kid\":\"" + signer.getKeyId() + "\"}";
    String claims = "{\"iss\":\"" + issuer + "\",\"sub\":\"" + subject + "\",\"aud\":\"" + resource + "\","
        + "\"client_id\":\"bench-client\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + ","
        + "\"jti\":\"" + java.util.UUID.randomUUID() + "\",\"scope\":\"mcp:read mcp:write read:notes\""
        + extraClaims + "}";
    String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
    Signature s = signature(alg);
    s.initSign(signer.getPrivateKey());
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64(s.sign());
  }

  /** The JCA signature object JOSE {@code alg} maps to (with PSS parameters set). */
  static Signature signature(String alg) throws Exception {
    switch (alg) {
      case "RS256":
        return Signature.getInstance("SHA256withRSA");
      case "PS256": {
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        return s;
      }
      case "ES256":
        return Signature.getInstance("SHA256withECDSAinP1363Format");
      default:
        return Signature.getInstance("EdDSA");
    }
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public void close() throws IOException {
    jwksServer.stop(0);
  }
}
