package dev.mcpauth.examples.spring;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthResult;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.ExchangedToken;
import dev.mcpauth.HttpResponse;
import dev.mcpauth.McpAuth;
import dev.mcpauth.RequestHeaders;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.TokenExchange;
import dev.mcpauth.TokenExchangeException;
import dev.mcpauth.mcp.McpAuthContext;
import dev.mcpauth.spring.McpAuthCustomizer;
import dev.mcpauth.spring.McpAuthProperties;
import io.modelcontextprotocol.common.McpTransportContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Spring demo's downstream API, as in the main demo: {@code GET /downstream/whoami} is the
 * resource {@code <origin>/downstream} (its own audience and RFC 9728 metadata, added to the
 * auto-configured {@link McpAuth} by a {@link McpAuthCustomizer}), and the tool {@code
 * whoami_downstream} calls it with a token exchanged for the caller's by the auto-configured {@link
 * TokenExchange} ({@code mcpauth.token-exchange.*}).
 */
@Configuration(proxyBeanMethods = false)
public class DownstreamApi {
  private static final Gson GSON = new Gson();

  /** The downstream resource next to {@code mcpauth.resource}: same origin, path /downstream. */
  static String resource(McpAuthProperties properties) {
    URI mcp = URI.create(properties.getResource());
    return mcp.getScheme() + "://" + mcp.getRawAuthority() + "/downstream";
  }

  /** Adds the downstream resource, trusting the same authorization servers. */
  @Bean
  McpAuthCustomizer downstreamResource(McpAuthProperties properties) {
    return new McpAuthCustomizer() {
      @Override
      public void customizeMcpAuth(McpAuth.Builder builder) {
        ResourceServerConfig.Builder downstream =
            ResourceServerConfig.builder(resource(properties))
                .resourceName("Downstream API (MCP Auth for Java Spring demo)");
        for (McpAuthProperties.AuthorizationServer server : properties.getAuthorizationServers()) {
          downstream.authorizationServer(
              switch (server.getType()) {
                case AUTO -> AuthServerConfig.discover(server.getIssuer());
                case OAUTH ->
                    AuthServerConfig.discover(server.getIssuer(), AuthServerConfig.Type.OAUTH);
                case OIDC ->
                    AuthServerConfig.discover(server.getIssuer(), AuthServerConfig.Type.OIDC);
              });
        }
        builder.protectedResource(downstream.build());
      }
    };
  }

  /**
   * {@code GET /downstream/whoami}: the core decides (the downstream resource's verification), this
   * controller only writes its answer. Verification may fetch keys, so it runs off the event loop
   * on WebFlux.
   */
  @RestController
  public static class WhoamiController {
    private final McpAuth mcpAuth;
    private final String resource;

    /** The controller of the downstream resource. */
    public WhoamiController(McpAuth mcpAuth, McpAuthProperties properties) {
      this.mcpAuth = mcpAuth;
      this.resource = resource(properties);
    }

    /** The caller's {@code sub}, {@code aud} and {@code act}, or the refusal. */
    @GetMapping("/downstream/whoami")
    public Mono<ResponseEntity<String>> whoami(
        @RequestHeader(name = "Authorization", required = false) List<String> authorization) {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      if (authorization != null) {
        headers.put("Authorization", new ArrayList<>(authorization));
      }
      return Mono.fromCallable(
              () -> {
                AuthResult result =
                    mcpAuth.bearerAuthFor(resource).verify(RequestHeaders.of(headers));
                if (result instanceof AuthResult.Authorized authorized) {
                  return ResponseEntity.ok()
                      .header("Content-Type", "application/json")
                      .body(whoamiJson(authorized.authInfo()));
                }
                HttpResponse denied = ((AuthResult.Denied) result).response();
                ResponseEntity.BodyBuilder answer = ResponseEntity.status(denied.status());
                denied.headers().forEach(answer::header);
                return answer.body(denied.body());
              })
          .subscribeOn(Schedulers.boundedElastic());
    }
  }

  /** The body of {@code /downstream/whoami}. */
  static String whoamiJson(AuthInfo caller) {
    JsonObject json = new JsonObject();
    json.addProperty("sub", caller.subject().orElse(null));
    json.add("aud", GSON.toJsonTree(caller.audiences()));
    caller.claim("act").ifPresent(act -> json.add("act", GSON.toJsonTree(act)));
    return json.toString();
  }

  /** The MCP tool that calls the downstream API as the caller. */
  @Component
  public static class WhoamiDownstreamTool {
    private final ObjectProvider<TokenExchange> exchange;
    private final String resource;

    /** The tool, with the auto-configured token exchange if {@code mcpauth.token-exchange.*}. */
    public WhoamiDownstreamTool(
        ObjectProvider<TokenExchange> exchange, McpAuthProperties properties) {
      this.exchange = exchange;
      this.resource = resource(properties);
    }

    /** Exchanges the caller's token (RFC 8693) and calls {@code /downstream/whoami} with it. */
    @McpTool(
        name = "whoami_downstream",
        description =
            "Calls the downstream API as the caller, with a token exchanged for the caller's"
                + " (RFC 8693), and returns who the downstream API saw: sub, aud, act.")
    public String whoamiDownstream(McpTransportContext context) {
      TokenExchange tokens = exchange.getIfAvailable();
      if (tokens == null) {
        throw new IllegalStateException(
            "token exchange is not configured: set mcpauth.token-exchange.client-id and"
                + " client-secret");
      }
      AuthInfo caller = McpAuthContext.authInfo(context).orElseThrow();
      try {
        ExchangedToken token = tokens.exchange(caller, TokenExchange.Target.resource(resource));
        HttpResponse answer = tokens.get(token, resource + "/whoami");
        if (answer.status() != 200) {
          throw new IllegalStateException("the downstream API answered HTTP " + answer.status());
        }
        return answer.body();
      } catch (TokenExchangeException e) {
        throw new IllegalStateException(
            switch (e.kind()) {
              case UNAVAILABLE -> "the authorization server is unavailable, try again later";
              case REFUSED -> "the authorization server refused: " + e.error().orElse("refused");
              case MISCONFIGURED -> "token exchange is misconfigured: " + e.getMessage();
            });
      }
    }
  }
}
