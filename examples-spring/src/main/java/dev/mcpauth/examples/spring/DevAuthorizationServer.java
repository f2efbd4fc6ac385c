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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    Map<String, AuthorizationRequest> requestOfCode = new ConcurrentHashMap<>();
    OAuth2TokenCallback callback = new ResourceBoundTokens(defaultResource, typ, requestOfCode);
    OAuth2TokenProvider tokens = new OAuth2TokenProvider();
    AtomicReference<HttpUrl> issuer = new AtomicReference<>(); // known once the port is
    MockOAuth2Server server =
        new MockOAuth2Server(
            new OAuth2Config(false, null, null, false, tokens, Set.of(callback)),
            new LiveSubjectTokensOnly(tokens, issuer),
            new ScopeRememberingAuthorize(requestOfCode));
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
   * What an authorization request asked for beyond what mock-oauth2-server keeps: its {@code
   * scope}, its RFC 9470 {@code acr_values} and this server's own {@code roles} parameter (each may
   * be null).
   */
  private record AuthorizationRequest(String scope, String acrValues, String roles) {}

  /**
   * mock-oauth2-server forgets the scope of an authorization request once it has issued the code;
   * this route, consulted before the server's own, lets the server answer the request and remembers
   * the scope, {@code acr_values} and {@code roles} under the code it issued.
   */
  private static final class ScopeRememberingAuthorize implements Route {
    private static final String ANSWERED = "X-Dev-Authorize";
    private final Map<String, AuthorizationRequest> requestOfCode;
    private final HttpClient http =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    ScopeRememberingAuthorize(Map<String, AuthorizationRequest> requestOfCode) {
      this.requestOfCode = requestOfCode;
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
                  HttpUrl asked = request.getUrl();
                  if (code != null) {
                    requestOfCode.put(
                        code,
                        new AuthorizationRequest(
                            asked.queryParameter("scope"),
                            asked.queryParameter("acr_values"),
                            asked.queryParameter("roles")));
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

  /**
   * Tokens for the requested resource and scope, with the authentication claims an RFC 9470 step-up
   * and claim rules look at: {@code auth_time} (now: every token is a fresh login here), {@code
   * acr} and {@code amr} ({@code mfa} when asked for, else {@code pwd}), and {@code roles} when
   * asked for.
   */
  private static final class ResourceBoundTokens implements OAuth2TokenCallback {
    /** The authentication context granted when {@code mfa} is asked for (RFC 9470 §3). */
    private static final String MFA = "mfa";

    /** The authentication context granted otherwise: a password, as far as a client can tell. */
    private static final String PASSWORD = "pwd";

    private final String defaultResource;
    private final String typ;
    private final Map<String, AuthorizationRequest> requestOfCode;

    ResourceBoundTokens(
        String defaultResource, String typ, Map<String, AuthorizationRequest> requestOfCode) {
      this.defaultResource = defaultResource;
      this.typ = typ;
      this.requestOfCode = requestOfCode;
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
      AuthorizationRequest asked = new AuthorizationRequest(null, null, null);
      if (request.getAuthorizationGrant() instanceof AuthorizationCodeGrant) {
        String code =
            ((AuthorizationCodeGrant) request.getAuthorizationGrant())
                .getAuthorizationCode()
                .getValue();
        // asked twice: for the ID token and the access token
        asked = requestOfCode.getOrDefault(code, asked);
        requested = asked.scope() == null ? requested : List.of(asked.scope().split(" "));
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
      claims.put("auth_time", Instant.now().getEpochSecond());
      String acr = acr(request, asked);
      claims.put("acr", acr);
      claims.put("amr", acr.equals(MFA) ? List.of(PASSWORD, "otp") : List.of(PASSWORD));
      List<String> roles = words(parameter(request, "roles").orElse(asked.roles()));
      if (!roles.isEmpty()) {
        claims.put("roles", roles);
      }
      return claims;
    }

    @Override
    public long tokenExpiry() {
      return 3600;
    }

    /**
     * The token request's {@code acr} if it names one; else {@code mfa} when the token or
     * authorization request's {@code acr_values} contains it (RFC 9470 step-up), else the first
     * value asked for, else {@code pwd}.
     */
    private static String acr(TokenRequest request, AuthorizationRequest asked) {
      Optional<String> explicit = parameter(request, "acr").filter(a -> !a.isBlank());
      if (explicit.isPresent()) {
        return explicit.get().strip();
      }
      List<String> values = new ArrayList<>(words(parameter(request, "acr_values").orElse(null)));
      values.addAll(words(asked.acrValues()));
      return values.contains(MFA) ? MFA : values.isEmpty() ? PASSWORD : values.get(0);
    }

    /** A custom token request parameter sent once. */
    private static Optional<String> parameter(TokenRequest request, String name) {
      List<String> values = request.getCustomParameters().get(name);
      return values == null || values.size() != 1 ? Optional.empty() : Optional.of(values.get(0));
    }

    private static List<String> words(String spaceSeparated) {
      return spaceSeparated == null
          ? List.of()
          : Arrays.stream(spaceSeparated.strip().split("\\s+"))
              .filter(w -> !w.isEmpty())
              .collect(Collectors.toList());
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
