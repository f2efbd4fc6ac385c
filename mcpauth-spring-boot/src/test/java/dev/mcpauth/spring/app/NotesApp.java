package dev.mcpauth.spring.app;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.mcp.McpAuthContext;
import dev.mcpauth.spring.RequiredScopes;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.mcp.annotation.McpToolParam;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application the tests run: a Spring AI MCP server with annotated tools and a tool registered
 * as a specification bean, plus a REST route, protected by mcpauth.* properties only.
 */
@SpringBootApplication
public class NotesApp {

  /** Annotated tools: who is calling, and a write tool needing more scopes. */
  @Component
  public static class NotesTools {
    /** Reads the caller from the transport context, as documented. */
    @McpTool(name = "whoami", description = "Who is calling")
    public String whoami(McpTransportContext context) {
      AuthInfo who = McpAuthContext.authInfo(context).orElseThrow();
      return "sub=" + who.subject().orElse("") + " scopes=" + String.join(",", who.scopes());
    }

    /** Needs write:notes on top of the base scope. */
    @McpTool(name = "create_note", description = "Creates a note")
    @RequiredScopes("write:notes")
    public String createNote(@McpToolParam(description = "the text") String text) {
      return "created " + text;
    }
  }

  /** A REST route protected by mcpauth.protected-paths (servlet stack). */
  @RestController
  public static class NotesController {
    /** Lists notes. */
    @GetMapping("/notes")
    public Map<String, List<String>> notes() {
      return Map.of("notes", List.of("first"));
    }
  }

  /**
   * A tool registered as a specification bean (stateful servers), reading the caller from the
   * exchange. Spring AI 2.0 collects beans of type {@code List<SyncToolSpecification>}.
   */
  @Bean
  List<McpServerFeatures.SyncToolSpecification> specWhoami() {
    return List.of(
        McpServerFeatures.SyncToolSpecification.builder()
            .tool(
                McpSchema.Tool.builder(
                        "spec_whoami", Map.of("type", "object", "properties", Map.of()))
                    .build())
            .callHandler(
                (exchange, call) ->
                    McpSchema.CallToolResult.builder()
                        .addTextContent(
                            "spec sub="
                                + McpAuthContext.authInfo(exchange)
                                    .map(a -> a.subject().orElse(""))
                                    .orElse("none"))
                        .build())
            .build());
  }

  /** The same for stateless servers. */
  @Bean
  List<McpStatelessServerFeatures.SyncToolSpecification> statelessSpecWhoami() {
    return List.of(
        McpStatelessServerFeatures.SyncToolSpecification.builder()
            .tool(
                McpSchema.Tool.builder(
                        "spec_whoami", Map.of("type", "object", "properties", Map.of()))
                    .build())
            .callHandler(
                (context, call) ->
                    McpSchema.CallToolResult.builder()
                        .addTextContent(
                            "spec sub="
                                + McpAuthContext.authInfo(context)
                                    .map(a -> a.subject().orElse(""))
                                    .orElse("none"))
                        .build())
            .build());
  }

  /** A free loopback port (the resource identifier must name the port before the app starts). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts the app on {@code stack} ("webmvc" or "webflux") with these extra properties, without
   * Spring Security.
   */
  public static ConfigurableApplicationContext start(
      String stack, int port, Map<String, Object> properties) {
    return start(stack, port, properties, false);
  }

  /**
   * Starts the app on {@code stack} with these extra properties; Spring Security's
   * auto-configuration stays on only with {@code springSecurity} (then {@code more} configures it).
   */
  public static ConfigurableApplicationContext start(
      String stack,
      int port,
      Map<String, Object> properties,
      boolean springSecurity,
      Class<?>... more) {
    boolean mvc = stack.equals("webmvc");
    // server.shutdown=immediate: a graceful shutdown waits up to 30 s for a client's SSE stream
    // that is still open when a test closes the app.
    String exclude =
        (mvc ? OTHER_THAN_WEBMVC : OTHER_THAN_WEBFLUX) + (springSecurity ? "" : "," + SECURITY);
    SpringApplication app =
        new SpringApplicationBuilder(NotesApp.class)
            .sources(more)
            .web(mvc ? WebApplicationType.SERVLET : WebApplicationType.REACTIVE)
            .properties(
                Map.of(
                    "server.address",
                    "127.0.0.1",
                    "server.port",
                    port,
                    "spring.main.banner-mode",
                    "off",
                    "server.shutdown",
                    "immediate",
                    "spring.autoconfigure.exclude",
                    exclude))
            .properties(properties)
            .build();
    return app.run();
  }

  private static final String OTHER_THAN_WEBMVC =
      String.join(
          ",",
          "org.springframework.ai.mcp.server.webflux.autoconfigure.McpServerStreamableHttpWebFluxAutoConfiguration",
          "org.springframework.ai.mcp.server.webflux.autoconfigure.McpServerStatelessWebFluxAutoConfiguration",
          "org.springframework.ai.mcp.server.webflux.autoconfigure.McpServerSseWebFluxAutoConfiguration");
  private static final String SECURITY =
      String.join(
          ",",
          "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
          "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
          "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
          "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
          "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
          "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
          "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
          "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
          "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
          "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration",
          "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration",
          "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.reactive.ReactiveOAuth2ResourceServerWebSecurityAutoConfiguration");
  private static final String OTHER_THAN_WEBFLUX =
      String.join(
          ",",
          "org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerStreamableHttpWebMvcAutoConfiguration",
          "org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerStatelessWebMvcAutoConfiguration",
          "org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerSseWebMvcAutoConfiguration");
}
