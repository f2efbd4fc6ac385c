package dev.mcpauth.examples.spring;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * FOR DEVELOPMENT ONLY (the same server as the main demo's {@code
 * dev.mcpauth.examples.DevAuthorizationServer}; a copy, because that module is packaged as a shaded
 * jar that cannot sit inside a Spring Boot jar): an embedded OAuth 2.0 / OpenID Connect
 * authorization server (mock-oauth2-server) that issues RFC 9068 access tokens to any client: the
 * token's {@code aud} is the RFC 8707 {@code resource} the client asked for, its {@code scope} the
 * scope it asked for. It checks no password and no client secret. Never expose it beyond loopback.
 * It exchanges a live token it issued for one for another resource (RFC 8693: the subject token's
 * claims, {@code aud} the requested {@code resource}, {@code act} the exchanging client).
 */
public final class DevAuthorizationServer implements AutoCloseable {
  /** The issuer id (path segment) of the development authorization server. */
  public static final String ISSUER_ID = "dev";

  private final MockOAuth2Server server;

  private DevAuthorizationServer(MockOAuth2Server server) {
    this.server = server;
  }

  /**
   * Starts it on 127.0.0.1.
   *
   * @param port the port, 0 for any free one
   * @param defaultResource the audience when a token request names no resource
   */
  public static DevAuthorizationServer start(int port, String defaultResource) throws IOException {
    return start(port, defaultResource, "at+jwt");
  }

  /**
   * Starts it on 127.0.0.1, issuing tokens with this {@code typ} header ({@code JWT} for providers
   * whose userinfo endpoint must accept the access token, as in the who-am-i example).
   */
  public static DevAuthorizationServer start(int port, String defaultResource, String typ)
      throws IOException {
    Map<String, String> scopeOfCode = new ConcurrentHashMap<>();
    OAuth2TokenCallback callback = new ResourceBoundTokens(defaultResource, typ, scopeOfCode);
    OAuth2TokenProvider tokens = new OAuth2TokenProvider();
    AtomicReference<HttpUrl> issuer = new AtomicReference<>(); // known once the port is
    MockOAuth2Server server =
        new MockOAuth2Server(
            new OAuth2Config(false, null, null, false, tokens, Set.of(callback)),
            new LiveSubjectTokensOnly(tokens, issuer),
            new ScopeRememberingAuthorize(scopeOfCode));
    server.start(InetAddress.getByName("127.0.0.1"), port);
    issuer.set(server.issuerUrl(ISSUER_ID));
    return new DevAuthorizationServer(server);
  }

  /** The issuer identifier, e.g. {@code http://localhost:PORT/dev}. */
  public String issuer() {
    return server.issuerUrl(ISSUER_ID).toString();
  }

  /** The token endpoint. */
  public String tokenEndpoint() {
    return server.tokenEndpointUrl(ISSUER_ID).toString();
  }

  @Override
  public void close() {
    server.shutdown();
  }

  /**
   * mock-oauth2-server forgets the scope of an authorization request once it has issued the code;
   * this route, consulted before the server's own, lets the server answer the request and remembers
   * the scope under the code it issued.
   */
  private static final class ScopeRememberingAuthorize implements Route {
    private static final String ANSWERED = "X-Dev-Authorize";
    private final Map<String, String> scopeOfCode;
    private final HttpClient http =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    ScopeRememberingAuthorize(Map<String, String> scopeOfCode) {
      this.scopeOfCode = scopeOfCode;
    }

    @Override
    public boolean match(OAuth2HttpRequest request) {
      return request.getMethod().equals("GET")
          && request.getUrl().encodedPath().equals("/" + ISSUER_ID + "/authorize")
          && request.getHeaders().get(ANSWERED) == null;
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
      try {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(request.getUrl().uri()).header(ANSWERED, "1").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Headers.Builder headers = new Headers.Builder();
        answer
            .headers()
            .map()
            .forEach(
                (name, values) -> {
                  if (!name.startsWith(":")
                      && !name.equalsIgnoreCase("content-length")
                      && !name.equalsIgnoreCase("transfer-encoding")
                      && !name.equalsIgnoreCase("connection")) {
                    values.forEach(v -> headers.add(name, v));
                  }
                });
        answer
            .headers()
            .firstValue("Location")
            .map(HttpUrl::parse)
            .ifPresent(
                location -> {
                  String code = location.queryParameter("code");
                  String scope = request.getUrl().queryParameter("scope");
                  if (code != null && scope != null) {
                    scopeOfCode.put(code, scope);
                  }
                });
        return new OAuth2HttpResponse(headers.build(), answer.statusCode(), answer.body(), null);
      } catch (IOException e) {
        return new OAuth2HttpResponse(new Headers.Builder().build(), 500, "authorize failed", null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new OAuth2HttpResponse(new Headers.Builder().build(), 500, "interrupted", null);
      }
    }
  }

  /** The grant type of RFC 8693 token exchange. */
  private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

  /**
   * RFC 8693: mock-oauth2-server copies the subject token's claims without checking it; this route,
   * consulted first, answers invalid_grant unless the subject token is a live JWT this server
   * signed.
   */
  private static final class LiveSubjectTokensOnly implements Route {
    private final OAuth2TokenProvider tokens;
    private final AtomicReference<HttpUrl> issuer;

    LiveSubjectTokensOnly(OAuth2TokenProvider tokens, AtomicReference<HttpUrl> issuer) {
      this.tokens = tokens;
      this.issuer = issuer;
    }

    @Override
    public boolean match(OAuth2HttpRequest request) {
      if (!request.getMethod().equals("POST")
          || !request.getUrl().encodedPath().equals("/" + ISSUER_ID + "/token")) {
        return false;
      }
      Map<String, String> form = request.getFormParameters().getMap();
      return TOKEN_EXCHANGE.equals(form.get("grant_type")) && !live(form.get("subject_token"));
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
      return new OAuth2HttpResponse(
          new Headers.Builder()
              .add("Content-Type", "application/json")
              .add("Cache-Control", "no-store")
              .build(),
          400,
          "{\"error\":\"invalid_grant\",\"error_description\":\"the subject_token is not a live"
              + " token of this server\"}",
          null);
    }

    private boolean live(String jwt) {
      if (jwt == null) {
        return false;
      }
      try {
        SignedJWT parsed = SignedJWT.parse(jwt);
        JWK key = tokens.publicJwkSet(ISSUER_ID).getKeyByKeyId(parsed.getHeader().getKeyID());
        if (!(key instanceof RSAKey rsa) || !parsed.verify(new RSASSAVerifier(rsa))) {
          return false;
        }
        JWTClaimsSet claims = parsed.getJWTClaimsSet();
        return claims.getExpirationTime() != null
            && claims.getExpirationTime().after(new Date())
            && issuer.get().toString().equals(claims.getIssuer());
      } catch (ParseException | JOSEException e) {
        return false;
      }
    }
  }

  /** Tokens for the requested resource and scope. */
  private static final class ResourceBoundTokens implements OAuth2TokenCallback {
    private final String defaultResource;
    private final String typ;
    private final Map<String, String> scopeOfCode;

    ResourceBoundTokens(String defaultResource, String typ, Map<String, String> scopeOfCode) {
      this.defaultResource = defaultResource;
      this.typ = typ;
      this.scopeOfCode = scopeOfCode;
    }

    @Override
    public String issuerId() {
      return ISSUER_ID;
    }

    @Override
    public String subject(TokenRequest request) {
      String client = clientId(request);
      return request.getAuthorizationGrant().getType().getValue().equals("client_credentials")
          ? client
          : "alice";
    }

    @Override
    public String typeHeader(TokenRequest request) {
      return typ;
    }

    @Override
    public List<String> audience(TokenRequest request) {
      List<URI> resources = request.getResources();
      if (resources == null || resources.isEmpty()) {
        return List.of(defaultResource);
      }
      return resources.stream().map(URI::toString).collect(Collectors.toList());
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
      Map<String, Object> claims = new LinkedHashMap<>();
      // A code grant's token request carries no scope: it is the one of the authorization request.
      List<String> requested =
          request.getScope() != null ? request.getScope().toStringList() : List.of();
      if (request.getAuthorizationGrant() instanceof AuthorizationCodeGrant) {
        String code =
            ((AuthorizationCodeGrant) request.getAuthorizationGrant())
                .getAuthorizationCode()
                .getValue();
        String remembered =
            scopeOfCode.get(code); // asked twice: for the ID token and the access token
        requested = remembered == null ? requested : List.of(remembered.split(" "));
      }
      if (requested.isEmpty() && request.getAuthorizationGrant() instanceof TokenExchangeGrant te) {
        // an exchanged token keeps the subject token's scope unless a narrower one is asked for
        requested = subjectScope(te);
      }
      String scope =
          requested.isEmpty()
              ? "read:notes"
              : requested.stream()
                  .filter(s -> !s.isEmpty() && !s.equals("openid"))
                  .collect(Collectors.joining(" "));
      claims.put("scope", scope);
      claims.put("client_id", clientId(request));
      if (request.getAuthorizationGrant() instanceof TokenExchangeGrant) {
        claims.put("act", Map.of("sub", clientId(request))); // RFC 8693 §4.1: who acts for sub
      }
      return claims;
    }

    @Override
    public long tokenExpiry() {
      return 3600;
    }

    private static List<String> subjectScope(TokenExchangeGrant grant) {
      try {
        Object scope =
            SignedJWT.parse(grant.getSubjectToken().getValue()).getJWTClaimsSet().getClaim("scope");
        return scope instanceof String s && !s.isBlank() ? List.of(s.split(" ")) : List.of();
      } catch (ParseException e) {
        return List.of();
      }
    }

    private static String clientId(TokenRequest request) {
      ClientAuthentication auth = request.getClientAuthentication();
      ClientID id = auth != null ? auth.getClientID() : request.getClientID();
      return id == null ? "anonymous" : id.getValue();
    }
  }
}
