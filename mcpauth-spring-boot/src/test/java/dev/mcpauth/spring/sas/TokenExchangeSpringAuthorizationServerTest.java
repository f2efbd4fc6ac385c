package dev.mcpauth.spring.sas;

import static dev.mcpauth.spring.sas.SpringAuthorizationServer.EXCHANGE_CLIENT;
import static dev.mcpauth.spring.sas.SpringAuthorizationServer.JWT_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthResult;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.ExchangedToken;
import dev.mcpauth.McpAuth;
import dev.mcpauth.RequestHeaders;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.TokenExchange;
import dev.mcpauth.TokenExchangeException;
import dev.mcpauth.spring.McpAuthAutoConfiguration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code mcpauth.token-exchange.*} properties and the {@link TokenExchange} bean against a real
 * Spring Authorization Server's RFC 8693 grant, over HTTP on loopback: the caller's token (verified
 * by the auto-configured {@link McpAuth}) is exchanged for one a second resource accepts, which
 * stands for the same subject and names the MCP server as {@code act}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class TokenExchangeSpringAuthorizationServerTest {
  private static final String MCP = "http://127.0.0.1:3001/mcp";
  private static final String DOWNSTREAM = "http://127.0.0.1:3002/downstream";
  private SpringAuthorizationServer sas;

  @BeforeAll
  void start() {
    sas = SpringAuthorizationServer.start();
  }

  @AfterAll
  void stop() {
    sas.close();
  }

  /** Only MCP Auth's auto-configuration, no web server. */
  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(McpAuthAutoConfiguration.class)
  static class OnlyMcpAuth {}

  /** Runs {@code test} in an application context with these properties. */
  private record Runner(Map<String, Object> properties) {
    void run(Consumer<ConfigurableApplicationContext> test) {
      try (ConfigurableApplicationContext context =
          new SpringApplicationBuilder(OnlyMcpAuth.class)
              .web(WebApplicationType.NONE)
              .properties(properties)
              .run()) {
        test.accept(context);
      }
    }
  }

  private Runner runner(String... more) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.main.banner-mode", "off");
    properties.put("mcpauth.resource", MCP);
    properties.put("mcpauth.authorization-servers[0].issuer", sas.issuer());
    properties.put("mcpauth.authorization-servers[0].type", "oauth");
    for (String pair : more) {
      int eq = pair.indexOf('=');
      properties.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return new Runner(properties);
  }

  private static AuthInfo authorized(McpAuth auth, String resource, String token) {
    AuthResult result =
        auth.bearerAuthFor(resource)
            .verify(RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token))));
    assertThat(result).isInstanceOf(AuthResult.Authorized.class);
    return ((AuthResult.Authorized) result).authInfo();
  }

  @Test
  void theTokenExchangeBeanExchangesTheCallersTokenAtSpringAuthorizationServer() {
    for (String method : List.of("client-secret-basic", "client-secret-post")) {
      runner(
              "mcpauth.token-exchange.client-id=" + EXCHANGE_CLIENT,
              "mcpauth.token-exchange.client-secret="
                  + SpringAuthorizationServer.secret(EXCHANGE_CLIENT),
              "mcpauth.token-exchange.client-authentication=" + method)
          .run(
              context -> {
                AuthInfo caller =
                    authorized(
                        context.getBean(McpAuth.class),
                        MCP,
                        sas.tokenFor(MCP, JWT_CLIENT, "read:notes").accessToken());
                TokenExchange exchange = context.getBean(TokenExchange.class);
                ExchangedToken token =
                    exchange.exchange(caller, TokenExchange.Target.resource(DOWNSTREAM));
                assertThat(token.token()).isNotEqualTo(caller.token());
                assertThat(
                        exchange
                            .exchange(caller, TokenExchange.Target.resource(DOWNSTREAM))
                            .token())
                    .as("cached for the same caller token and target")
                    .isEqualTo(token.token());
                try (McpAuth downstream =
                    McpAuth.builder()
                        .protectedResource(
                            ResourceServerConfig.builder(DOWNSTREAM)
                                .authorizationServer(
                                    AuthServerConfig.discover(
                                        sas.issuer(), AuthServerConfig.Type.OAUTH))
                                .build())
                        .build()) {
                  AuthInfo seen = authorized(downstream, DOWNSTREAM, token.token());
                  assertThat(seen.subject()).contains(JWT_CLIENT);
                  assertThat(seen.audiences()).containsExactly(DOWNSTREAM);
                  assertThat(seen.claim("act")).contains(Map.of("sub", EXCHANGE_CLIENT));
                }
              });
    }
  }

  @Test
  void aWrongSecretIsMisconfiguredAndATokenSasDidNotIssueIsRefused() {
    runner(
            "mcpauth.token-exchange.client-id=" + EXCHANGE_CLIENT,
            "mcpauth.token-exchange.client-secret=wrong")
        .run(
            context -> {
              AuthInfo caller =
                  authorized(
                      context.getBean(McpAuth.class),
                      MCP,
                      sas.tokenFor(MCP, JWT_CLIENT, "read:notes").accessToken());
              TokenExchangeException e =
                  org.assertj.core.api.Assertions.catchThrowableOfType(
                      TokenExchangeException.class,
                      () ->
                          context
                              .getBean(TokenExchange.class)
                              .exchange(caller, TokenExchange.Target.resource(DOWNSTREAM)));
              assertThat(e.kind()).isEqualTo(TokenExchangeException.Kind.MISCONFIGURED);
              assertThat(e.error()).contains("invalid_client");
            });
    runner(
            "mcpauth.token-exchange.client-id=" + EXCHANGE_CLIENT,
            "mcpauth.token-exchange.client-secret="
                + SpringAuthorizationServer.secret(EXCHANGE_CLIENT))
        .run(
            context -> {
              AuthInfo forged =
                  AuthInfo.builder("not-a-token-sas-issued", sas.issuer()).subject("x").build();
              TokenExchangeException e =
                  org.assertj.core.api.Assertions.catchThrowableOfType(
                      TokenExchangeException.class,
                      () ->
                          context
                              .getBean(TokenExchange.class)
                              .exchange(forged, TokenExchange.Target.resource(DOWNSTREAM)));
              assertThat(e.kind()).isEqualTo(TokenExchangeException.Kind.REFUSED);
              assertThat(e.error()).contains("invalid_grant");
            });
  }

  @Test
  void withoutAClientIdThereIsNoTokenExchangeBean() {
    runner().run(context -> assertThat(context.getBeanNamesForType(TokenExchange.class)).isEmpty());
  }
}
