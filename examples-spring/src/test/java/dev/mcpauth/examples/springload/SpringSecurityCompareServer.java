package dev.mcpauth.examples.springload;

import com.sun.net.httpserver.HttpServer;
import dev.mcpauth.examples.spring.SpringDemo;
import dev.mcpauth.examples.spring.SpringDemoOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The Spring Security comparison for {@code load/run.sh spring-security-compare}: one JVM, one
 * loopback authorization server (RFC 8414 metadata and a JWKS, one RS256 key), one set of tokens,
 * and the Spring demo ({@code NotesApplication}, Spring AI MCP server on WebMVC) four times, each
 * on its own port, whose {@code GET /notes} is
 *
 * <ul>
 *   <li>{@code none}: unprotected ({@code mcpauth.enabled=false}, no Spring Security);
 *   <li>{@code mcpauth}: protected by MCP Auth ({@code mcpauth.protected-paths}, read:notes), as
 *       the demo ships, verified-token cache on;
 *   <li>{@code mcpauth-nocache}: the same with {@code mcpauth.cache.enabled=false};
 *   <li>{@code springsecurity}: protected by Spring Security's {@code oauth2ResourceServer(o ->
 *       o.jwt(...))} and its Nimbus decoder on the same JWKS, RS256 only, with Spring Security's
 *       RFC 9068 validator ({@code JwtValidators.createAtJwtValidator()}: typ at+jwt, the same
 *       issuer and audience, lifetime) and {@code SCOPE_read:notes} ({@code
 *       mcpauth.enabled=false}). Spring Boot's default validators accept only typ JWT, so they
 *       would refuse these tokens.
 * </ul>
 *
 * <p>Before it says it is ready, it checks that both protected variants answer alike: 401 without a
 * token, 200 with a valid one, 401 for another audience and 403 without read:notes. Writes {@code
 * tokens.txt}, {@code port-NAME} for each variant and then {@code port} (the ready mark) into
 * {@code --out}; serves until killed. Spring Security is a test dependency of this module (without
 * Spring Boot's security auto-configuration), so the demo jar does not carry it.
 */
public final class SpringSecurityCompareServer {
  private SpringSecurityCompareServer() {}

  /**
   * Spring Security's resource server on {@code GET /notes}, as a Spring Boot app would have it.
   */
  @Configuration(proxyBeanMethods = false)
  @EnableWebSecurity
  public static class ResourceServerSecurity {
    /** The filter chain: {@code /notes} needs {@code SCOPE_read:notes}, all else a valid token. */
    @Bean
    public SecurityFilterChain notesSecurity(HttpSecurity http, Environment env) throws Exception {
      NimbusJwtDecoder decoder =
          NimbusJwtDecoder.withJwkSetUri(env.getRequiredProperty("bench.jwks-uri"))
              .jwsAlgorithm(SignatureAlgorithm.RS256)
              .build();
      // RFC 9068 access tokens (typ at+jwt), as MCP Auth checks them: issuer, audience, lifetime.
      decoder.setJwtValidator(
          JwtValidators.createAtJwtValidator()
              .issuer(env.getRequiredProperty("bench.issuer"))
              .audience(env.getRequiredProperty("bench.audience"))
              .build());
      http.authorizeHttpRequests(
              a ->
                  a.requestMatchers("/notes")
                      .hasAuthority("SCOPE_read:notes")
                      .anyRequest()
                      .authenticated())
          .oauth2ResourceServer(o -> o.jwt(jwt -> jwt.decoder(decoder)));
      return http.build();
    }
  }

  /** Entry point: {@code --tokens N}, {@code --out DIR}. */
  public static void main(String[] args) throws Exception {
    int tokenCount = 2000;
    Path out = Path.of(".");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--tokens" -> tokenCount = Integer.parseInt(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
    key.setKeyId("bench-RS256");
    HttpServer as =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    String base = "http://127.0.0.1:" + as.getAddress().getPort();
    String issuer = base + "/as";
    SpringLoadServer.serve(
        as, "/jwks", "{\"keys\":[" + key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}");
    SpringLoadServer.serve(
        as,
        "/.well-known/oauth-authorization-server/as",
        "{\"issuer\":\""
            + issuer
            + "\",\"authorization_endpoint\":\""
            + issuer
            + "/authorize\",\"token_endpoint\":\""
            + issuer
            + "/token\",\"jwks_uri\":\""
            + base
            + "/jwks\",\"response_types_supported\":[\"code\"],"
            + "\"code_challenge_methods_supported\":[\"S256\"]}");
    as.start();
    // One resource identifier (the token audience) for every variant, so one set of tokens serves
    // all.
    String resource = "http://localhost:" + freePort() + "/mcp";
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < tokenCount; i++) {
      tokens.add(SpringLoadServer.token(key, issuer, resource, "user-" + i));
    }
    Map<String, Object> off = Map.of("mcpauth.enabled", false);
    Map<String, Object> security =
        Map.of(
            "mcpauth.enabled",
            false,
            "bench.issuer",
            issuer,
            "bench.jwks-uri",
            base + "/jwks",
            "bench.audience",
            resource);
    Map<String, SpringDemo> demos = new LinkedHashMap<>();
    demos.put("none", start(issuer, resource, off));
    demos.put("mcpauth", start(issuer, resource, Map.of("mcpauth.cache.enabled", true)));
    demos.put("mcpauth-nocache", start(issuer, resource, Map.of("mcpauth.cache.enabled", false)));
    demos.put("springsecurity", start(issuer, resource, security, ResourceServerSecurity.class));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  demos.values().forEach(SpringDemo::close);
                  as.stop(0);
                }));
    check(demos, tokens.get(0), key, issuer, resource);
    Files.write(out.resolve("tokens.txt"), tokens, StandardCharsets.US_ASCII);
    for (Map.Entry<String, SpringDemo> d : demos.entrySet()) {
      Files.writeString(out.resolve("port-" + d.getKey()), Integer.toString(d.getValue().port()));
    }
    Files.writeString(out.resolve("port"), Integer.toString(demos.get("none").port()));
    new CountDownLatch(1).await();
  }

  private static SpringDemo start(
      String issuer, String resource, Map<String, Object> properties, Class<?>... sources)
      throws Exception {
    return SpringDemo.start(
        SpringDemoOptions.parse(
            List.of(
                "--port",
                String.valueOf(freePort()),
                "--issuer",
                issuer,
                "--type",
                "oauth",
                "--resource",
                resource,
                "--stack",
                "webmvc")),
        List.of(),
        properties,
        sources);
  }

  /** Both protected variants must accept and refuse the same requests, or the race is unfair. */
  private static void check(
      Map<String, SpringDemo> demos,
      String valid,
      RsaJsonWebKey key,
      String issuer,
      String resource)
      throws Exception {
    String otherAudience = SpringLoadServer.token(key, issuer, "https://other.example/mcp", "x");
    String noScope = SpringLoadServer.token(key, issuer, resource, "x", "mcp:read");
    HttpClient http = HttpClient.newHttpClient();
    for (Map.Entry<String, SpringDemo> d : demos.entrySet()) {
      URI notes = URI.create("http://127.0.0.1:" + d.getValue().port() + "/notes");
      boolean open = d.getKey().equals("none");
      int withToken = status(http, notes, valid);
      int without = status(http, notes, null);
      int audience = status(http, notes, otherAudience);
      int scope = status(http, notes, noScope);
      System.out.printf(
          "check %s: valid %d, no token %d, other audience %d, without read:notes %d%n",
          d.getKey(), withToken, without, audience, scope);
      boolean ok =
          open
              ? withToken == 200 && without == 200
              : withToken == 200 && without == 401 && audience == 401 && scope == 403;
      if (!ok) {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(notes).header("Authorization", "Bearer " + valid).build(),
                HttpResponse.BodyHandlers.discarding());
        throw new IllegalStateException(
            "variant "
                + d.getKey()
                + " does not answer as expected; a valid token got "
                + r.statusCode()
                + " "
                + r.headers().firstValue("WWW-Authenticate").orElse(""));
      }
    }
  }

  private static int status(HttpClient http, URI uri, String token) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(uri).GET();
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
