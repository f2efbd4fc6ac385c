package dev.mcpauth.examples;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPIssuer;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPTokenRequestVerifier;
import com.nimbusds.oauth2.sdk.dpop.verifiers.InvalidDPoPProofException;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
 * FOR DEVELOPMENT ONLY: an embedded OAuth 2.0 / OpenID Connect authorization server
 * (mock-oauth2-server) that issues RFC 9068 access tokens to any client: the token's {@code aud} is
 * the RFC 8707 {@code resource} the client asked for, its {@code scope} the scope it asked for. It
 * checks no password and no client secret. Never expose it beyond loopback.
 *
 * <p>Beyond mock-oauth2-server it answers only under its own issuer (404 elsewhere, so a typo in an
 * issuer is noticed); binds a token to the key of a DPoP proof sent with the token request (RFC
 * 9449 §5: {@code cnf.jkt}, {@code token_type} {@code DPoP}); issues opaque tokens when asked
 * ({@code token_format=opaque}, or by default with {@link TokenFormat#OPAQUE}); and introspects
 * both kinds (RFC 7662, with {@code cnf}) for any authenticated client; and exchanges a live token
 * it issued, of either kind, for one for another resource (RFC 8693: the subject token's claims,
 * {@code aud} the requested {@code resource}, {@code act} the exchanging client).
 */
public final class DevAuthorizationServer implements AutoCloseable {
  /** The issuer id (path segment) of the development authorization server. */
  public static final String ISSUER_ID = "dev";

  /** Which access tokens it issues when the token request does not say ({@code token_format}). */
  public enum TokenFormat {
    /** RFC 9068 JWTs. */
    JWT,
    /** Random opaque strings, meaningful only to its introspection endpoint. */
    OPAQUE
  }

  /** Opaque tokens remembered at most. */
  private static final int MAX_OPAQUE_TOKENS = 10_000;

  /** The private form parameter carrying a checked DPoP key thumbprint to the token callback. */
  private static final String JKT_PARAMETER = "x_dev_dpop_jkt";

  private final MockOAuth2Server server;
  private final AtomicLong introspections;

  private DevAuthorizationServer(MockOAuth2Server server, AtomicLong introspections) {
    this.server = server;
    this.introspections = introspections;
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
    return start(port, defaultResource, typ, TokenFormat.JWT);
  }

  /**
   * Starts it on 127.0.0.1, issuing {@code format} tokens unless a token request asks otherwise.
   */
  public static DevAuthorizationServer start(
      int port, String defaultResource, String typ, TokenFormat format) throws IOException {
    Map<String, AuthorizationRequest> requestOfCode = new ConcurrentHashMap<>();
    Map<String, String> jwtOfOpaque =
        Collections.synchronizedMap(
            new LinkedHashMap<>() {
              private static final long serialVersionUID = 1L;

              @Override
              protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size()
                    > MAX_OPAQUE_TOKENS; // the oldest opaque tokens are forgotten (then inactive)
              }
            });
    String forwarded = randomString();
    OAuth2TokenProvider tokens = new OAuth2TokenProvider();
    OAuth2TokenCallback callback = new ResourceBoundTokens(defaultResource, typ, requestOfCode);
    AtomicReference<HttpUrl> issuer = new AtomicReference<>(); // known once the port is
    AtomicLong introspections = new AtomicLong();
    MockOAuth2Server server =
        new MockOAuth2Server(
            new OAuth2Config(false, null, null, false, tokens, Set.of(callback)),
            new OwnIssuerOnly(),
            new ScopeRememberingAuthorize(requestOfCode),
            new BoundOrOpaqueTokens(forwarded, format, jwtOfOpaque, issuer, tokens),
            new Introspect(tokens, jwtOfOpaque, issuer, introspections));
    server.start(InetAddress.getByName("127.0.0.1"), port);
    issuer.set(server.issuerUrl(ISSUER_ID));
    return new DevAuthorizationServer(server, introspections);
  }

  private static String randomString() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static OAuth2HttpResponse json(int status, String body) {
    return new OAuth2HttpResponse(
        new Headers.Builder()
            .add("Content-Type", "application/json")
            .add("Cache-Control", "no-store")
            .build(),
        status,
        body,
        null);
  }

  /** The issuer identifier, e.g. {@code http://localhost:PORT/dev}. */
  public String issuer() {
    return server.issuerUrl(ISSUER_ID).toString();
  }

  /** The token endpoint. */
  public String tokenEndpoint() {
    return server.tokenEndpointUrl(ISSUER_ID).toString();
  }

  /**
   * How many introspection requests this server has answered so far (to show that a shared cache
   * spares it).
   */
  public long introspectionRequests() {
    return introspections.get();
  }

  /** The RFC 7662 introspection endpoint (any client id and secret are accepted). */
  public String introspectionEndpoint() {
    return server.issuerUrl(ISSUER_ID) + "/introspect";
  }

  /** Answers 404 outside its own issuer's paths: another path is not an issuer here. */
  private static final class OwnIssuerOnly implements Route {
    @Override
    public boolean match(OAuth2HttpRequest request) {
      String path = request.getUrl().encodedPath();
      return !path.equals("/" + ISSUER_ID) && !path.startsWith("/" + ISSUER_ID + "/");
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
      return json(
          404,
          "{\"error\":\"not_found\",\"error_description\":\"the only issuer here is /"
              + ISSUER_ID
              + "\"}");
    }
  }

  /**
   * The token endpoint in front of mock-oauth2-server's: checks a DPoP proof if one is sent (and
   * passes its key thumbprint on to the token callback), lets the server issue the JWT, then marks
   * a bound token {@code DPoP} and swaps the JWT for an opaque string when one is wanted.
   */
  private static final class BoundOrOpaqueTokens implements Route {
    private static final String FORWARDED = "X-Dev-Token";
    private final String marker;
    private final TokenFormat format;
    private final Map<String, String> jwtOfOpaque;
    private final AtomicReference<HttpUrl> issuer;
    private final OAuth2TokenProvider tokens;
    private final HttpClient http = HttpClient.newHttpClient();

    BoundOrOpaqueTokens(
        String marker,
        TokenFormat format,
        Map<String, String> jwtOfOpaque,
        AtomicReference<HttpUrl> issuer,
        OAuth2TokenProvider tokens) {
      this.marker = marker;
      this.format = format;
      this.jwtOfOpaque = jwtOfOpaque;
      this.issuer = issuer;
      this.tokens = tokens;
    }

    @Override
    public boolean match(OAuth2HttpRequest request) {
      return request.getMethod().equals("POST")
          && request.getUrl().encodedPath().equals("/" + ISSUER_ID + "/token")
          && !marker.equals(request.getHeaders().get(FORWARDED));
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
      try {
        return issue(request);
      } catch (
          RuntimeException e) { // an exception here would drop the connection without an answer
        return json(500, "{\"error\":\"server_error\"}");
      }
    }

    private OAuth2HttpResponse issue(OAuth2HttpRequest request) {
      Map<String, String> form = new LinkedHashMap<>();
      for (String pair : (request.getBody() == null ? "" : request.getBody()).split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          form.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      form.remove(JKT_PARAMETER); // only this route sets it
      if (TOKEN_EXCHANGE.equals(form.get("grant_type"))) {
        // RFC 8693: mock-oauth2-server copies the subject token's claims without checking it; here
        // only a live token this server issued (an opaque one by its JWT) is exchanged.
        String subject = form.getOrDefault("subject_token", "");
        Optional<JWTClaimsSet> claims =
            verifiedClaims(tokens, issuer.get(), jwtOfOpaque.getOrDefault(subject, subject));
        if (claims.isEmpty()) {
          return json(
              400,
              "{\"error\":\"invalid_grant\",\"error_description\":\"the subject_token is not a"
                  + " live token of this server\"}");
        }
        form.put("subject_token", jwtOfOpaque.getOrDefault(subject, subject));
      }
      String wanted = form.remove("token_format");
      boolean opaque = wanted == null ? format == TokenFormat.OPAQUE : wanted.equals("opaque");
      List<String> proofs = request.getHeaders().values("DPoP");
      if (proofs.size() > 1) {
        return json(
            400,
            "{\"error\":\"invalid_dpop_proof\",\"error_description\":\"one DPoP proof at most\"}");
      }
      if (proofs.size() == 1) {
        try {
          URI endpoint = URI.create(issuer.get() + "/token"); // the advertised token_endpoint
          String jkt =
              new DPoPTokenRequestVerifier(
                      new HashSet<>(
                          Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256)),
                      endpoint,
                      300,
                      null)
                  .verify(new DPoPIssuer("dev-client"), SignedJWT.parse(proofs.get(0)))
                  .getValue()
                  .toString();
          form.put(JKT_PARAMETER, jkt);
        } catch (ParseException | JOSEException | InvalidDPoPProofException e) {
          JsonObject error = new JsonObject();
          error.addProperty("error", "invalid_dpop_proof");
          error.addProperty("error_description", "the DPoP proof is invalid: " + e.getMessage());
          return json(400, error.toString());
        }
      }
      String body =
          form.entrySet().stream()
              .map(
                  e ->
                      URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                          + "="
                          + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
              .collect(Collectors.joining("&"));
      HttpRequest.Builder forward =
          HttpRequest.newBuilder(request.getUrl().uri())
              .header(FORWARDED, marker)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      String authorization = request.getHeaders().get("Authorization");
      if (authorization != null) {
        forward.header("Authorization", authorization);
      }
      try {
        HttpResponse<String> answer =
            http.send(forward.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
          return json(answer.statusCode(), answer.body());
        }
        JsonObject issued = JsonParser.parseString(answer.body()).getAsJsonObject();
        if (form.containsKey(JKT_PARAMETER)) {
          issued.addProperty("token_type", "DPoP");
        }
        if (opaque) {
          String handle = randomString();
          jwtOfOpaque.put(handle, issued.get("access_token").getAsString());
          issued.addProperty("access_token", handle);
        }
        return json(200, issued.toString());
      } catch (IOException e) {
        return json(500, "{\"error\":\"server_error\"}");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return json(500, "{\"error\":\"server_error\"}");
      }
    }
  }

  /**
   * RFC 7662 introspection of both kinds of token, for any client that authenticates somehow (as
   * the rest of this server, it checks no secret): the token's claims, {@code cnf} included, when
   * the server signed it and it has not expired.
   */
  private static final class Introspect implements Route {
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
          && request.getUrl().encodedPath().equals("/" + ISSUER_ID + "/introspect");
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
      calls.incrementAndGet();
      String authorization = request.getHeaders().get("Authorization");
      if (authorization == null || authorization.isBlank()) {
        return json(401, "{\"error\":\"invalid_client\"}");
      }
      String token = request.getFormParameters().get("token");
      if (token == null) {
        return json(400, "{\"error\":\"invalid_request\"}");
      }
      String jwt = jwtOfOpaque.getOrDefault(token, token);
      Optional<JWTClaimsSet> claims = verified(jwt);
      if (claims.isEmpty()) {
        return json(200, "{\"active\":false}");
      }
      JsonObject answer = JsonParser.parseString(claims.get().toString()).getAsJsonObject();
      answer.addProperty("active", true);
      answer.addProperty("token_type", claims.get().getClaim("cnf") != null ? "DPoP" : "Bearer");
      return json(200, answer.toString());
    }

    private Optional<JWTClaimsSet> verified(String jwt) {
      return verifiedClaims(tokens, issuer.get(), jwt);
    }
  }

  /** The grant type of RFC 8693 token exchange. */
  private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

  /**
   * The claims of a JWT this server signed, from this issuer, not expired. (mock-oauth2-server's
   * own verification refuses {@code typ} {@code at+jwt}, the type its tokens here carry.)
   */
  private static Optional<JWTClaimsSet> verifiedClaims(
      OAuth2TokenProvider tokens, HttpUrl issuer, String jwt) {
    try {
      SignedJWT parsed = SignedJWT.parse(jwt);
      JWK key = tokens.publicJwkSet(ISSUER_ID).getKeyByKeyId(parsed.getHeader().getKeyID());
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
      List<String> jkt = request.getCustomParameters().get(JKT_PARAMETER);
      if (jkt != null && jkt.size() == 1) {
        claims.put("cnf", Map.of("jkt", jkt.get(0))); // RFC 9449 §6.1
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
