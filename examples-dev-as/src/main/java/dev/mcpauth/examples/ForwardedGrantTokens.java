package dev.mcpauth.examples;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import java.net.URI;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

/**
 * The tokens of the grants mock-oauth2-server handles itself (client credentials, password, JWT
 * bearer, token exchange): for the requested resource and scope, authenticated now, with the {@code
 * acr} and {@code roles} the token request asks for ({@link Issuance#acr}). An exchanged token (RFC
 * 8693) keeps the subject token's scope unless one is asked for, and names the exchanging client in
 * {@code act}.
 */
final class ForwardedGrantTokens implements OAuth2TokenCallback {
  /** The private form parameter carrying a checked DPoP key thumbprint to this callback. */
  static final String JKT_PARAMETER = "x_dev_dpop_jkt";

  private final String defaultResource;
  private final String typ;

  ForwardedGrantTokens(String defaultResource, String typ) {
    this.defaultResource = defaultResource;
    this.typ = typ;
  }

  @Override
  public String issuerId() {
    return DevAuthorizationServer.ISSUER_ID;
  }

  @Override
  public String subject(TokenRequest request) {
    return issuance(request).subject();
  }

  @Override
  public String typeHeader(TokenRequest request) {
    return typ;
  }

  @Override
  public List<String> audience(TokenRequest request) {
    return issuance(request).audience();
  }

  @Override
  public Map<String, Object> addClaims(TokenRequest request) {
    Map<String, Object> claims = issuance(request).claims();
    if (request.getAuthorizationGrant() instanceof TokenExchangeGrant) {
      claims.put("act", Map.of("sub", clientId(request))); // RFC 8693 §4.1: who acts for sub
    }
    return claims;
  }

  @Override
  public long tokenExpiry() {
    return IssuanceTokens.LIFETIME_SECONDS;
  }

  private Issuance issuance(TokenRequest request) {
    String client = clientId(request);
    boolean machine =
        request.getAuthorizationGrant().getType().getValue().equals("client_credentials");
    List<URI> resources = request.getResources();
    List<String> audience =
        resources == null || resources.isEmpty()
            ? List.of(defaultResource)
            : resources.stream().map(URI::toString).collect(Collectors.toList());
    List<String> acrValues = new ArrayList<>(Issuance.words(parameter(request, "acr_values")));
    List<String> requested =
        request.getScope() != null ? request.getScope().toStringList() : List.of();
    if (requested.isEmpty() && request.getAuthorizationGrant() instanceof TokenExchangeGrant te) {
      // an exchanged token keeps the subject token's scope unless a narrower one is asked for
      requested = subjectScope(te);
    }
    return new Issuance(
        machine ? client : "alice",
        client,
        audience,
        Issuance.grantedScope(requested),
        Issuance.acr(Optional.ofNullable(parameter(request, "acr")), acrValues),
        Instant.now().getEpochSecond(),
        Issuance.words(parameter(request, "roles")),
        Optional.ofNullable(parameter(request, JKT_PARAMETER)));
  }

  /** The scope of the subject token (checked live by {@link TokenEndpoint}), else none. */
  private static List<String> subjectScope(TokenExchangeGrant grant) {
    try {
      Object scope =
          SignedJWT.parse(grant.getSubjectToken().getValue()).getJWTClaimsSet().getClaim("scope");
      return scope instanceof String s && !s.isBlank() ? Issuance.words(s) : List.of();
    } catch (ParseException e) {
      return List.of();
    }
  }

  /** A custom token request parameter sent once, else null. */
  private static String parameter(TokenRequest request, String name) {
    List<String> values = request.getCustomParameters().get(name);
    return values == null || values.size() != 1 ? null : values.get(0);
  }

  private static String clientId(TokenRequest request) {
    ClientAuthentication auth = request.getClientAuthentication();
    ClientID id = auth != null ? auth.getClientID() : request.getClientID();
    return id == null ? "anonymous" : id.getValue();
  }
}
