package dev.mcpauth.examples;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPIssuer;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPTokenRequestVerifier;
import com.nimbusds.oauth2.sdk.dpop.verifiers.InvalidDPoPProofException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token endpoint in front of mock-oauth2-server's: checks a DPoP proof if one is sent (RFC 9449
 * §5); answers client credentials, authorization codes and refresh tokens itself ({@link
 * TokenGrants}); passes the password, JWT bearer and token exchange grants on to mock-oauth2-server
 * (the checked DPoP key thumbprint goes with them to {@link ForwardedGrantTokens}); refuses any
 * other grant type; exchanges only a live token it issued (RFC 8693, else {@code invalid_grant});
 * then marks a bound token {@code DPoP} and swaps the JWT for an opaque string when one is wanted.
 * A client's mistake is a 400 with an OAuth error, never a 500.
 */
final class TokenEndpoint implements Route {
  private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);
  private static final String FORWARDED = "X-Dev-Token";

  /** The grant type of RFC 8693 token exchange. */
  static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

  /** The grants mock-oauth2-server answers (behind this route's DPoP and opaque handling). */
  private static final List<String> FORWARDED_GRANTS =
      List.of("password", "urn:ietf:params:oauth:grant-type:jwt-bearer", TOKEN_EXCHANGE);

  private final String marker;
  private final DevAuthorizationServer.TokenFormat format;
  private final Map<String, String> jwtOfOpaque;
  private final AtomicReference<HttpUrl> issuer;
  private final TokenGrants grants;
  private final OAuth2TokenProvider tokens;
  private final HttpClient http = HttpClient.newHttpClient();

  TokenEndpoint(
      String marker,
      DevAuthorizationServer.TokenFormat format,
      Map<String, String> jwtOfOpaque,
      AtomicReference<HttpUrl> issuer,
      TokenGrants grants,
      OAuth2TokenProvider tokens) {
    this.marker = marker;
    this.format = format;
    this.jwtOfOpaque = jwtOfOpaque;
    this.issuer = issuer;
    this.grants = grants;
    this.tokens = tokens;
  }

  @Override
  public boolean match(OAuth2HttpRequest request) {
    return request.getMethod().equals("POST")
        && request.getUrl().encodedPath().equals("/" + DevAuthorizationServer.ISSUER_ID + "/token")
        && !marker.equals(request.getHeaders().get(FORWARDED));
  }

  @Override
  public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
    try {
      return issue(request);
    } catch (OAuthProblem problem) {
      return problem.response();
    } catch (RuntimeException e) { // an exception here would drop the connection without an answer
      LOG.warn("the token endpoint failed: {}", e.toString());
      return OAuthProblem.json(500, "{\"error\":\"server_error\"}");
    }
  }

  private OAuth2HttpResponse issue(OAuth2HttpRequest request) {
    UrlEncodedForm form = UrlEncodedForm.parse(request.getBody());
    form.remove(ForwardedGrantTokens.JKT_PARAMETER); // only this route sets it
    String wanted = form.remove("token_format").orElse(null);
    boolean opaque =
        wanted == null
            ? format == DevAuthorizationServer.TokenFormat.OPAQUE
            : wanted.equals("opaque");
    String grantType =
        form.single("grant_type")
            .orElseThrow(() -> OAuthProblem.invalidRequest("grant_type is missing"));
    Optional<String> jkt = dpopKey(request.getHeaders().values("DPoP"));
    JsonObject issued;
    if (TokenGrants.answers(grantType)) {
      issued = grants.issue(grantType, form, request, jkt);
    } else if (!FORWARDED_GRANTS.contains(grantType)) {
      throw new OAuthProblem(
          400,
          "unsupported_grant_type",
          "grant_type must be one of authorization_code, refresh_token, client_credentials, "
              + String.join(", ", FORWARDED_GRANTS));
    } else {
      if (grantType.equals(TOKEN_EXCHANGE)) {
        liveSubjectToken(form);
      }
      jkt.ifPresent(k -> form.put(ForwardedGrantTokens.JKT_PARAMETER, k));
      for (String resource : form.all("resource")) {
        AuthorizeEndpoint.checkResource(resource);
      }
      HttpResponse<String> answer = forward(request, form);
      if (answer.statusCode() != 200) {
        return OAuthProblem.json(answer.statusCode(), answer.body());
      }
      issued = JsonParser.parseString(answer.body()).getAsJsonObject();
    }
    if (jkt.isPresent()) {
      issued.addProperty("token_type", "DPoP");
    }
    if (opaque) {
      String handle = Grants.randomHandle();
      jwtOfOpaque.put(handle, issued.get("access_token").getAsString());
      issued.addProperty("access_token", handle);
    }
    return OAuthProblem.json(200, issued.toString());
  }

  /**
   * RFC 8693: mock-oauth2-server copies the subject token's claims without checking it; here only a
   * live token this server issued (an opaque one by its JWT) is exchanged, else invalid_grant. The
   * form then carries the subject token's JWT.
   */
  private void liveSubjectToken(UrlEncodedForm form) {
    String subject = form.single("subject_token").orElse("");
    String jwt = jwtOfOpaque.getOrDefault(subject, subject);
    if (Introspect.verifiedClaims(tokens, issuer.get(), jwt).isEmpty()) {
      throw OAuthProblem.invalidGrant("the subject_token is not a live token of this server");
    }
    form.put("subject_token", jwt);
  }

  /** The checked key thumbprint of the request's DPoP proof, if it has one. */
  private Optional<String> dpopKey(List<String> proofs) {
    if (proofs.size() > 1) {
      throw new OAuthProblem(400, "invalid_dpop_proof", "one DPoP proof at most");
    }
    if (proofs.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI endpoint = URI.create(issuer.get() + "/token"); // the advertised token_endpoint
      return Optional.of(
          new DPoPTokenRequestVerifier(
                  new HashSet<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256)),
                  endpoint,
                  300,
                  null)
              .verify(new DPoPIssuer("dev-client"), SignedJWT.parse(proofs.get(0)))
              .getValue()
              .toString());
    } catch (ParseException | JOSEException | InvalidDPoPProofException e) {
      throw new OAuthProblem(
          400, "invalid_dpop_proof", "the DPoP proof is invalid: " + e.getMessage());
    }
  }

  /** mock-oauth2-server's answer to the form. */
  private HttpResponse<String> forward(OAuth2HttpRequest request, UrlEncodedForm form) {
    HttpRequest.Builder forward =
        HttpRequest.newBuilder(request.getUrl().uri())
            .header(FORWARDED, marker)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form.encode()));
    String authorization = request.getHeaders().get("Authorization");
    if (authorization != null) {
      forward.header("Authorization", authorization);
    }
    try {
      return http.send(forward.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("forwarding the token request failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
