package dev.mcpauth.examples;

import com.google.gson.JsonObject;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.HttpUrl;

/**
 * The grants this server answers itself: client credentials (RFC 6749 §4.4; any secret), the
 * authorization code grant (§4.1.3, PKCE RFC 7636 §4.6) and the refresh token grant (§6) for the
 * codes {@link AuthorizeEndpoint} issues. The code's client, redirect URI and code verifier must
 * match. A refresh token is issued only when {@code offline_access} was asked for (OpenID Connect
 * Core §11), so a client that keeps refresh tokens still steps up through a new authorization (a
 * refresh grant keeps the original authentication and, by RFC 6749 §6, its scope). A refresh grant
 * that names a wider {@code scope} gets it: a development convenience that a production server
 * refuses. Tokens keep the {@code auth_time} and {@code acr} of the login.
 */
final class TokenGrants {
  private final Grants grants;
  private final OAuth2TokenProvider tokens;
  private final String defaultResource;
  private final String typ;

  TokenGrants(Grants grants, OAuth2TokenProvider tokens, String defaultResource, String typ) {
    this.grants = grants;
    this.tokens = tokens;
    this.defaultResource = defaultResource;
    this.typ = typ;
  }

  /**
   * Answers a token request of {@code grantType} {@code authorization_code} or {@code
   * refresh_token}.
   *
   * @param jkt the key thumbprint of the request's checked DPoP proof
   * @throws OAuthProblem for the client's mistakes
   */
  JsonObject issue(
      String grantType, UrlEncodedForm form, OAuth2HttpRequest request, Optional<String> jkt) {
    String authorization = request.getHeaders().get("Authorization");
    String clientId = TokenRequestClient.id(form, authorization);
    HttpUrl issuer = HttpUrl.get(AuthorizeEndpoint.issuer(request));
    return switch (grantType) {
      case "authorization_code" -> code(form, clientId, issuer, jkt);
      case "refresh_token" -> refresh(form, clientId, issuer, jkt);
      case "client_credentials" -> clientCredentials(form, clientId, authorization, issuer, jkt);
      default -> throw new IllegalArgumentException("not answered here: " + grantType);
    };
  }

  /** The grant types {@link #issue} answers. */
  static boolean answers(String grantType) {
    return Set.of("authorization_code", "refresh_token", "client_credentials").contains(grantType);
  }

  /**
   * A token for the client itself ({@code sub} = its id), authenticated now, for the scope,
   * resources, {@code acr} and {@code roles} the request names. Like mock-oauth2-server, it wants
   * the client to authenticate (HTTP Basic, or a {@code client_secret} or {@code client_assertion}
   * in the form) but checks no secret.
   */
  private JsonObject clientCredentials(
      UrlEncodedForm form,
      String clientId,
      String authorization,
      HttpUrl issuer,
      Optional<String> jkt) {
    if (!TokenRequestClient.authenticates(form, authorization)) {
      throw new OAuthProblem(
          401,
          "invalid_client",
          "client_credentials needs client authentication: HTTP Basic (any secret works here), or"
              + " client_secret in the form");
    }
    List<String> acrValues = Issuance.words(form.single("acr_values").orElse(null));
    Grants.Grant now =
        new Grants.Grant(
            clientId,
            clientId,
            Issuance.words(form.single("scope").orElse(null)),
            List.of(),
            "",
            Optional.empty(),
            Issuance.acr(Optional.empty(), acrValues),
            List.of(),
            System.currentTimeMillis() / 1000,
            Optional.empty(),
            Optional.empty());
    return tokens(form, now, now.scope(), issuer, jkt);
  }

  private JsonObject code(
      UrlEncodedForm form, String clientId, HttpUrl issuer, Optional<String> jkt) {
    String code =
        form.single("code").orElseThrow(() -> OAuthProblem.invalidRequest("code is missing"));
    Grants.Grant grant =
        grants
            .redeemCode(code)
            .orElseThrow(
                () -> OAuthProblem.invalidGrant("the code is unknown, used already or expired"));
    if (!grant.clientId().equals(clientId)) {
      throw OAuthProblem.invalidGrant("the code was issued to another client");
    }
    if (!form.single("redirect_uri").orElse("").equals(grant.redirectUri())) {
      throw OAuthProblem.invalidGrant("redirect_uri is not the one of the authorization request");
    }
    Optional<String> verifier = form.single("code_verifier");
    if (grant.codeChallenge().isPresent()) {
      if (verifier.isEmpty()) {
        throw OAuthProblem.invalidGrant("code_verifier is missing (a code_challenge was sent)");
      }
      if (!s256(verifier.get()).equals(grant.codeChallenge().get())) {
        throw OAuthProblem.invalidGrant("code_verifier does not match the code_challenge");
      }
    } else if (verifier.isPresent()) {
      throw OAuthProblem.invalidGrant("code_verifier sent, but no code_challenge was");
    }
    Grants.Grant bound = grant.withJkt(jkt);
    JsonObject answer = tokens(form, bound, grant.scope(), issuer, jkt);
    if (grant.scope().contains("offline_access")) {
      answer.addProperty("refresh_token", grants.issueRefreshToken(bound));
    }
    if (grant.scope().contains("openid")) {
      answer.addProperty("id_token", idToken(bound, issuer));
    }
    return answer;
  }

  private JsonObject refresh(
      UrlEncodedForm form, String clientId, HttpUrl issuer, Optional<String> jkt) {
    String token =
        form.single("refresh_token")
            .orElseThrow(() -> OAuthProblem.invalidRequest("refresh_token is missing"));
    Grants.Grant grant =
        grants
            .refreshed(token)
            .orElseThrow(() -> OAuthProblem.invalidGrant("the refresh token is unknown"));
    if (!grant.clientId().equals(clientId)) {
      throw OAuthProblem.invalidGrant("the refresh token was issued to another client");
    }
    if (grant.jkt().isPresent() && !grant.jkt().equals(jkt)) {
      throw OAuthProblem.invalidGrant(
          "the refresh token is bound to a DPoP key: send a proof signed with it (RFC 9449 §5)");
    }
    List<String> asked =
        form.single("scope").map(Issuance::words).orElse(new ArrayList<>(grant.scope()));
    LinkedHashSet<String> union = new LinkedHashSet<>(grant.scope());
    union.addAll(asked);
    grants.update(token, grant.withScope(new ArrayList<>(union)));
    JsonObject answer = tokens(form, grant, asked, issuer, jkt);
    answer.addProperty("refresh_token", token);
    return answer;
  }

  private JsonObject tokens(
      UrlEncodedForm form,
      Grants.Grant grant,
      List<String> scope,
      HttpUrl issuer,
      Optional<String> jkt) {
    List<String> resources = form.all("resource");
    for (String resource : resources) {
      AuthorizeEndpoint.checkResource(resource);
    }
    if (resources.isEmpty()) {
      resources = grant.resources().isEmpty() ? List.of(defaultResource) : grant.resources();
    }
    List<String> granted = Issuance.grantedScope(scope);
    Issuance issuance =
        new Issuance(
            grant.subject(),
            grant.clientId(),
            resources,
            granted,
            acr(form, grant),
            grant.authTime(),
            form.single("roles").map(Issuance::words).orElse(grant.roles()),
            jkt);
    String accessToken =
        tokens
            .accessToken(
                new TokenRequest(
                    issuer.uri(),
                    new ClientID(grant.clientId()),
                    new RefreshTokenGrant(new RefreshToken())),
                issuer,
                new IssuanceTokens(issuance, typ),
                null)
            .serialize();
    JsonObject answer = new JsonObject();
    answer.addProperty("access_token", accessToken);
    answer.addProperty("token_type", "Bearer");
    answer.addProperty("expires_in", IssuanceTokens.LIFETIME_SECONDS);
    answer.addProperty("scope", String.join(" ", granted));
    return answer;
  }

  /**
   * The token request's {@code acr}, else {@code mfa} when its {@code acr_values} or the login
   * asked for it (RFC 9470), else what the login got ({@link Issuance#acr}).
   */
  private static String acr(UrlEncodedForm form, Grants.Grant grant) {
    List<String> values = new ArrayList<>(Issuance.words(form.single("acr_values").orElse(null)));
    values.add(grant.acr());
    return Issuance.acr(
        form.single("acr"), values.contains(Issuance.MFA) ? values : List.of(grant.acr()));
  }

  private String idToken(Grants.Grant grant, HttpUrl issuer) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", issuer.toString());
    claims.put("sub", grant.subject());
    claims.put("aud", grant.clientId());
    claims.put("azp", grant.clientId());
    claims.put("auth_time", grant.authTime());
    claims.put("acr", grant.acr());
    grant.nonce().ifPresent(n -> claims.put("nonce", n));
    return tokens
        .jwt(
            claims,
            Duration.ofSeconds(IssuanceTokens.LIFETIME_SECONDS),
            DevAuthorizationServer.ISSUER_ID)
        .serialize();
  }

  private static String s256(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}
