package dev.mcpauth.examples;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.HttpUrl;

/**
 * RFC 7662 introspection of both kinds of token, for any client that authenticates somehow (as the
 * rest of this server, it checks no secret): the token's claims, {@code cnf} included, when the
 * server signed it and it has not expired.
 */
final class Introspect implements Route {
  private final OAuth2TokenProvider tokens;
  private final Map<String, String> jwtOfOpaque;
  private final AtomicReference<HttpUrl> issuer;
  private final AtomicLong calls;

  Introspect(
      OAuth2TokenProvider tokens,
      Map<String, String> jwtOfOpaque,
      AtomicReference<HttpUrl> issuer,
      AtomicLong calls) {
    this.tokens = tokens;
    this.jwtOfOpaque = jwtOfOpaque;
    this.issuer = issuer;
    this.calls = calls;
  }

  @Override
  public boolean match(OAuth2HttpRequest request) {
    return request.getMethod().equals("POST")
        && request
            .getUrl()
            .encodedPath()
            .equals("/" + DevAuthorizationServer.ISSUER_ID + "/introspect");
  }

  @Override
  public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
    calls.incrementAndGet();
    String authorization = request.getHeaders().get("Authorization");
    if (authorization == null || authorization.isBlank()) {
      return OAuthProblem.json(401, "{\"error\":\"invalid_client\"}");
    }
    String token;
    try {
      token = UrlEncodedForm.parse(request.getBody()).single("token").orElse(null);
    } catch (OAuthProblem problem) {
      return problem.response();
    }
    if (token == null) {
      return OAuthProblem.json(400, "{\"error\":\"invalid_request\"}");
    }
    String jwt = jwtOfOpaque.getOrDefault(token, token);
    Optional<JWTClaimsSet> claims = verified(jwt);
    if (claims.isEmpty()) {
      return OAuthProblem.json(200, "{\"active\":false}");
    }
    JsonObject answer = JsonParser.parseString(claims.get().toString()).getAsJsonObject();
    answer.addProperty("active", true);
    answer.addProperty("token_type", claims.get().getClaim("cnf") != null ? "DPoP" : "Bearer");
    return OAuthProblem.json(200, answer.toString());
  }

  private Optional<JWTClaimsSet> verified(String jwt) {
    return verifiedClaims(tokens, issuer.get(), jwt);
  }

  /**
   * The claims of a JWT this server signed, from this issuer, not expired. (mock-oauth2-server's
   * own verification refuses {@code typ} {@code at+jwt}, the type its tokens here carry.)
   */
  static Optional<JWTClaimsSet> verifiedClaims(
      OAuth2TokenProvider tokens, HttpUrl issuer, String jwt) {
    try {
      SignedJWT parsed = SignedJWT.parse(jwt);
      JWK key =
          tokens
              .publicJwkSet(DevAuthorizationServer.ISSUER_ID)
              .getKeyByKeyId(parsed.getHeader().getKeyID());
      if (!(key instanceof RSAKey rsa) || !parsed.verify(new RSASSAVerifier(rsa))) {
        return Optional.empty();
      }
      JWTClaimsSet claims = parsed.getJWTClaimsSet();
      boolean fresh =
          claims.getExpirationTime() != null && claims.getExpirationTime().after(new Date());
      return fresh && issuer.toString().equals(claims.getIssuer())
          ? Optional.of(claims)
          : Optional.empty();
    } catch (ParseException | JOSEException e) {
      return Optional.empty();
    }
  }
}
