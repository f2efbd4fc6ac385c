package dev.mcpauth.examples;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.HttpUrl;

/**
 * FOR DEVELOPMENT ONLY: an embedded OAuth 2.0 / OpenID Connect authorization server
 * (mock-oauth2-server) that issues RFC 9068 access tokens to any client: the token's {@code aud} is
 * the RFC 8707 {@code resource} the client asked for, its {@code scope} the scope it asked for. It
 * checks no password and no client secret. Never expose it beyond loopback.
 *
 * <p>What MCP clients need with their default settings: dynamic client registration (RFC 7591,
 * {@code registration_endpoint}) and client-id metadata documents ({@code
 * client_id_metadata_document_supported}); an authorization endpoint that logs alice in at once,
 * without requiring {@code openid}, with S256 PKCE, and that answers a client's mistake with a 400
 * OAuth error, never a stack trace; refresh tokens only for {@code offline_access}, so step-up goes
 * through a new authorization ({@link TokenGrants}).
 *
 * <p>Every access token carries {@code auth_time}, {@code acr} and {@code amr} ({@code mfa} when
 * asked for through {@code acr_values} or a token request's {@code acr}, else {@code pwd}), and
 * {@code roles} when a token or authorization request has a space-separated {@code roles} parameter
 * ({@link Issuance}).
 *
 * <p>Beyond that it answers only under its own issuer (404 elsewhere, so a typo in an issuer is
 * noticed); binds a token to the key of a DPoP proof sent with the token request (RFC 9449 §5:
 * {@code cnf.jkt}, {@code token_type} {@code DPoP}); issues opaque tokens when asked ({@code
 * token_format=opaque}, or by default with {@link TokenFormat#OPAQUE}); and introspects both kinds
 * (RFC 7662, with {@code cnf}) for any authenticated client; and exchanges a live token it issued,
 * of either kind, for one for another resource (RFC 8693: the subject token's claims, {@code aud}
 * the requested {@code resource}, the subject token's scope unless a narrower one is asked for,
 * {@code act} the exchanging client).
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

  /**
   * The logger with which mock-oauth2-server reports every request it answers with an OAuth error
   * (a client's mistake in the grants it still handles): at ERROR, with a stack trace. The client
   * gets the error; the console needs no trace. Turned off for slf4j-simple here (unless set
   * already); the Spring demo turns it off for Logback.
   */
  public static final String MOCK_ERROR_LOGGER =
      "no.nav.security.mock.oauth2.http.OAuth2HttpRequestHandler";

  /** Opaque tokens remembered at most. */
  private static final int MAX_OPAQUE_TOKENS = 10_000;

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
    System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log." + MOCK_ERROR_LOGGER, "off");
    Clock clock = Clock.systemUTC();
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
    String forwarded = Grants.randomHandle();
    OAuth2TokenProvider tokens = new OAuth2TokenProvider();
    AtomicReference<HttpUrl> issuer = new AtomicReference<>(); // known once the port is
    AtomicLong introspections = new AtomicLong();
    Grants grants = new Grants(clock);
    ClientRegistry clients = new ClientRegistry(clock, new ClientMetadataDocuments());
    MockWebServerWrapper http = new MockWebServerWrapper();
    MockOAuth2Server server =
        new MockOAuth2Server(
            new OAuth2Config(
                false,
                null,
                null,
                false,
                tokens,
                Set.of(new ForwardedGrantTokens(defaultResource, typ)),
                http),
            new OwnIssuerOnly(),
            new ServerMetadata(forwarded),
            new RegistrationEndpoint(clients),
            new AuthorizeEndpoint(clients, grants, clock),
            new TokenEndpoint(
                forwarded,
                format,
                jwtOfOpaque,
                issuer,
                new TokenGrants(grants, tokens, defaultResource, typ),
                tokens),
            new Introspect(tokens, jwtOfOpaque, issuer, introspections));
    server.start(InetAddress.getByName("127.0.0.1"), port);
    http.getMockWebServer()
        .setDispatcher(
            new BrowserOrigins(new MalformedRequests(http.getMockWebServer().getDispatcher())));
    issuer.set(server.issuerUrl(ISSUER_ID));
    return new DevAuthorizationServer(server, introspections);
  }

  /** The issuer identifier, e.g. {@code http://localhost:PORT/dev}. */
  public String issuer() {
    return server.issuerUrl(ISSUER_ID).toString();
  }

  /** The port it listens on (127.0.0.1). */
  public int port() {
    return server.baseUrl().port();
  }

  /** The authorization endpoint. */
  public String authorizationEndpoint() {
    return issuer() + "/authorize";
  }

  /** The token endpoint. */
  public String tokenEndpoint() {
    return server.tokenEndpointUrl(ISSUER_ID).toString();
  }

  /** The RFC 7591 dynamic client registration endpoint (open to any client). */
  public String registrationEndpoint() {
    return issuer() + "/register";
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

  @Override
  public void close() {
    server.shutdown();
  }
}
