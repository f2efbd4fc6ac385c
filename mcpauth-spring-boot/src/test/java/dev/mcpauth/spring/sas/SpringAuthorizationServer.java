package dev.mcpauth.spring.sas;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.mcpauth.testing.DpopProofs;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jose4j.jwk.PublicJsonWebKey;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A real Spring Authorization Server ({@code spring-security-oauth2-authorization-server}, as the
 * reference documentation configures it) on 127.0.0.1 and a free port, for tests: its issuer is
 * {@code http://127.0.0.1:<port>}, it serves RFC 8414 metadata, its key set, and the token,
 * introspection and revocation endpoints. Clients (client credentials, {@code
 * client_secret_basic}):
 *
 * <ul>
 *   <li>{@link #JWT_CLIENT}: self-contained JWT access tokens (SAS's shape: {@code sub} and {@code
 *       aud} are the client id, {@code scope} an array, no {@code client_id} claim);
 *   <li>{@link #OPAQUE_CLIENT}: reference (opaque) tokens, checked by introspection;
 *   <li>{@link #RESOURCE_CLIENT}: the resource server's own client, which calls introspection;
 *   <li>{@link #EXCHANGE_CLIENT}: the MCP server's client for token exchange (RFC 8693), whose
 *       exchanged JWTs carry the requested {@code resource} as {@code aud} and {@code act}.
 * </ul>
 *
 * A token request with a {@code DPoP} proof gets a DPoP-bound token ({@code token_type} DPoP,
 * {@code cnf.jkt}), for either token format.
 *
 * <p>One addition, the token customizer an application writes because SAS has no RFC 8707 resource
 * indicators: a JWT requested with a {@code resource} parameter ({@link #tokenFor}) gets that
 * resource as its {@code aud}, a {@code client_id} claim and {@code typ: at+jwt} (RFC 9068).
 * Requests without it get SAS's default shape. One instance per test class: it starts in about a
 * second.
 */
public final class SpringAuthorizationServer implements AutoCloseable {
  /** The client whose access tokens are JWTs. */
  public static final String JWT_CLIENT = "notes-jwt";

  /** The client whose access tokens are opaque (reference) tokens. */
  public static final String OPAQUE_CLIENT = "notes-opaque";

  /** The resource server's client, which authenticates to the introspection endpoint. */
  public static final String RESOURCE_CLIENT = "notes-resource";

  /**
   * The MCP server's client for RFC 8693 token exchange ({@code client_secret_basic} or {@code
   * client_secret_post}), which exchanges other clients' access tokens.
   */
  public static final String EXCHANGE_CLIENT = "notes-exchange";

  /** The scopes the token clients may ask for. */
  public static final List<String> SCOPES = List.of("read:notes", "write:notes");

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Map<String, String> SECRETS =
      Map.of(
          JWT_CLIENT, "jwt-secret-" + UUID.randomUUID(),
          OPAQUE_CLIENT, "opaque-secret-" + UUID.randomUUID(),
          RESOURCE_CLIENT, "resource-secret-" + UUID.randomUUID(),
          EXCHANGE_CLIENT, "exchange-secret-" + UUID.randomUUID());

  private final ConfigurableApplicationContext context;
  private final String issuer;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();

  private SpringAuthorizationServer(ConfigurableApplicationContext context) {
    this.context = context;
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    this.issuer = "http://127.0.0.1:" + port;
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  public static SpringAuthorizationServer start() {
    return new SpringAuthorizationServer(
        new SpringApplicationBuilder(ServerConfiguration.class)
            .web(WebApplicationType.SERVLET)
            .properties(
                Map.of(
                    "server.address", "127.0.0.1",
                    "server.port", "0",
                    "spring.main.banner-mode", "off",
                    "spring.application.name", "spring-authorization-server"))
            .run());
  }

  /** The issuer identifier, exactly as tokens carry it in {@code iss}. */
  public String issuer() {
    return issuer;
  }

  /** The token endpoint (SAS's default path). */
  public String tokenEndpoint() {
    return issuer + "/oauth2/token";
  }

  /** The secret of one of the clients. */
  public static String secret(String clientId) {
    return Optional.ofNullable(SECRETS.get(clientId))
        .orElseThrow(() -> new IllegalArgumentException("no client " + clientId));
  }

  /** A Bearer access token for {@code clientId} with these scopes (client credentials grant). */
  public TokenResponse token(String clientId, String... scopes) {
    return tokenRequest(clientId, Optional.empty(), Map.of(), scopes);
  }

  /**
   * A Bearer JWT for {@code clientId} requested with the RFC 8707 {@code resource} parameter,
   * shaped by this server's resource-indicator customizer ({@code aud} = {@code resource}).
   */
  public TokenResponse tokenFor(String resource, String clientId, String... scopes) {
    return tokenRequest(clientId, Optional.empty(), Map.of("resource", resource), scopes);
  }

  /**
   * A DPoP-bound access token for {@code clientId}: the token request carries a proof signed by
   * {@code key}, so the token is bound to that key's thumbprint.
   */
  public TokenResponse dpopToken(String clientId, PublicJsonWebKey key, String... scopes) {
    String proof = DpopProofs.proof(key, "POST", tokenEndpoint(), "").without("ath").build();
    return tokenRequest(clientId, Optional.of(proof), Map.of(), scopes);
  }

  /** Revokes a token at the revocation endpoint, as its client (RFC 7009: 200 either way). */
  public void revoke(String clientId, String token) {
    HttpResponse<String> response =
        post("/oauth2/revoke", clientId, Map.of("token", token), Optional.empty());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("revocation answered " + response.statusCode());
    }
  }

  /** What the introspection endpoint says about a token, asked as {@link #RESOURCE_CLIENT}. */
  public JsonObject introspect(String token) {
    HttpResponse<String> response =
        post("/oauth2/introspect", RESOURCE_CLIENT, Map.of("token", token), Optional.empty());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("introspection answered " + response.statusCode());
    }
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  /** A plain GET on this server (for its metadata), with a bounded timeout. */
  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(issuer + path)).timeout(TIMEOUT).GET().build());
  }

  @Override
  public void close() {
    context.close();
  }

  private TokenResponse tokenRequest(
      String clientId, Optional<String> proof, Map<String, String> more, String... scopes) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("scope", String.join(" ", scopes));
    form.putAll(more);
    HttpResponse<String> response = post("/oauth2/token", clientId, form, proof);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "token request answered " + response.statusCode() + ": " + response.body());
    }
    JsonObject json = JsonParser.parseString(response.body()).getAsJsonObject();
    return new TokenResponse(
        json.get("access_token").getAsString(), json.get("token_type").getAsString(), json);
  }

  private HttpResponse<String> post(
      String path, String clientId, Map<String, String> form, Optional<String> dpopProof) {
    String body =
        form.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (encode(clientId) + ":" + encode(secret(clientId)))
                    .getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(issuer + path))
            .timeout(TIMEOUT)
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    dpopProof.ifPresent(p -> request.header("DPoP", p));
    return send(request.build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * A token endpoint's answer.
   *
   * @param accessToken the access token
   * @param tokenType {@code Bearer} or {@code DPoP}
   * @param json the whole response
   */
  public record TokenResponse(String accessToken, String tokenType, JsonObject json) {}

  /**
   * The authorization server's Spring configuration: only the embedded Tomcat, the dispatcher
   * servlet and the security filter's registration are auto-configured, so nothing else on the test
   * class path (MCP Auth, Spring AI) starts in this context.
   */
  @Configuration(proxyBeanMethods = false)
  @EnableWebSecurity
  @ImportAutoConfiguration({
    TomcatServletWebServerAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    SecurityFilterAutoConfiguration.class
  })
  static class ServerConfiguration {

    /** The authorization server's endpoints, as SAS's reference documentation configures them. */
    @Bean
    SecurityFilterChain authorizationServer(HttpSecurity http) {
      return http.oauth2AuthorizationServer(server -> {})
          .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
          .build();
    }

    /** The three clients described on {@link SpringAuthorizationServer}. */
    @Bean
    RegisteredClientRepository registeredClients() {
      return new InMemoryRegisteredClientRepository(
          client(JWT_CLIENT, OAuth2TokenFormat.SELF_CONTAINED),
          client(OPAQUE_CLIENT, OAuth2TokenFormat.REFERENCE),
          client(RESOURCE_CLIENT, OAuth2TokenFormat.REFERENCE),
          RegisteredClient.from(client(EXCHANGE_CLIENT, OAuth2TokenFormat.SELF_CONTAINED))
              .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
              .authorizationGrantType(AuthorizationGrantType.TOKEN_EXCHANGE)
              .build());
    }

    private static RegisteredClient client(String id, OAuth2TokenFormat format) {
      RegisteredClient.Builder client =
          RegisteredClient.withId(UUID.randomUUID().toString())
              .clientId(id)
              .clientSecret("{noop}" + secret(id))
              .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
              .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
              .tokenSettings(
                  TokenSettings.builder()
                      .accessTokenFormat(format)
                      .accessTokenTimeToLive(Duration.ofMinutes(5))
                      .build());
      if (!id.equals(RESOURCE_CLIENT)) {
        SCOPES.forEach(client::scope);
      }
      return client.build();
    }

    /**
     * RFC 8707 and RFC 9068 for a JWT requested with a {@code resource} parameter (an absolute
     * URI): {@code aud} becomes that resource, and the token names its client and its type. It runs
     * after SAS's own customizer (which adds {@code cnf} to DPoP-bound tokens).
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> resourceIndicators() {
      return context -> {
        if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
            && context.getAuthorizationGrant()
                instanceof OAuth2TokenExchangeAuthenticationToken exchange
            && !exchange.getResources().isEmpty()) {
          // RFC 8693 with RFC 8707 resource: aud is the requested resource, client_id the client
          // that exchanged, act that client acting for sub (RFC 8693 §4.1)
          context.getJwsHeader().type("at+jwt");
          context
              .getClaims()
              .audience(List.copyOf(exchange.getResources()))
              .claim("client_id", context.getRegisteredClient().getClientId())
              .claim("act", Map.of("sub", context.getRegisteredClient().getClientId()));
          return;
        }
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
            || !(context.getAuthorizationGrant()
                instanceof OAuth2AuthorizationGrantAuthenticationToken grant)
            || !(grant.getAdditionalParameters().get("resource") instanceof String resource)
            || !URI.create(resource).isAbsolute()) {
          return;
        }
        context.getJwsHeader().type("at+jwt");
        context
            .getClaims()
            .audience(List.of(resource))
            .claim("client_id", context.getRegisteredClient().getClientId());
      };
    }

    /**
     * SAS's in-memory authorizations, with one addition for token exchange: SAS exchanges only a
     * token whose authorization records a {@link java.security.Principal} (the user of an
     * authorization-code login), and a client-credentials authorization records none, so it would
     * refuse every subject token here with invalid_grant. This stand-in for a login records the
     * authorization's principal name (the client id) as that principal.
     */
    @Bean
    OAuth2AuthorizationService authorizations() {
      InMemoryOAuth2AuthorizationService memory = new InMemoryOAuth2AuthorizationService();
      String principal = java.security.Principal.class.getName();
      return new OAuth2AuthorizationService() {
        @Override
        public void save(OAuth2Authorization authorization) {
          memory.save(
              authorization.getAttribute(principal) != null
                  ? authorization
                  : OAuth2Authorization.from(authorization)
                      .attribute(
                          principal,
                          UsernamePasswordAuthenticationToken.authenticated(
                              authorization.getPrincipalName(), null, List.of()))
                      .build());
        }

        @Override
        public void remove(OAuth2Authorization authorization) {
          memory.remove(authorization);
        }

        @Override
        public OAuth2Authorization findById(String id) {
          return memory.findById(id);
        }

        @Override
        public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
          return memory.findByToken(token, tokenType);
        }
      };
    }

    /** The signing key: a fresh RSA key per server. */
    @Bean
    JWKSource<SecurityContext> jwkSource() {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        RSAKey key =
            new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                .privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID(UUID.randomUUID().toString())
                .build();
        return new ImmutableJWKSet<>(new JWKSet(key));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The default endpoint paths; the issuer is taken from each request (127.0.0.1:port). */
    @Bean
    AuthorizationServerSettings authorizationServerSettings() {
      return AuthorizationServerSettings.builder().build();
    }
  }
}
