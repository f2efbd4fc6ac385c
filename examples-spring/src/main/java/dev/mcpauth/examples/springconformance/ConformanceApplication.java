package dev.mcpauth.examples.springconformance;

import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.examples.conformance.ConformanceFixtures;
import dev.mcpauth.spring.McpAuthCustomizer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * TEST FIXTURE: the MCP conformance suite's reference server as a Spring AI MCP server, the same
 * fixtures as the plain demo's {@code conformance} subcommand ({@link ConformanceFixtures}), for
 * the streamable (session) and the stateless server alike; MCP Auth from {@code
 * mcpauth-spring-boot} with the SEP-2350 fixture tokens and per-operation scopes.
 */
@SpringBootApplication
public class ConformanceApplication {

  /** The SEP-2350 fixture authorization server, token verifier and per-operation scopes. */
  @Bean
  McpAuthCustomizer conformanceFixtureAuth(@Value("${mcpauth.resource}") String resource) {
    return new McpAuthCustomizer() {
      @Override
      public void customizeResource(ResourceServerConfig.Builder config) {
        config
            .authorizationServer(ConformanceFixtures.authorizationServer())
            .tokenVerifier(ConformanceFixtures.tokenVerifier(resource))
            .scopesSupported(ConformanceFixtures.ALL_SCOPES.toArray(String[]::new))
            .resourceName("MCP conformance fixture (TEST FIXTURE)");
      }

      @Override
      public void customizeGate(McpGate.Builder gate) {
        ConformanceFixtures.scopes(gate);
      }
    };
  }

  /**
   * Logging and completions besides what Spring AI declares itself. (Spring AI 2.0.1 sets the
   * resources capability itself, without subscriptions: the SDK then answers resources/subscribe
   * with "method not found", listed in e2e/conformance/expected-failures.txt.)
   */
  @Bean
  McpSchema.ServerCapabilities.Builder capabilitiesBuilder() {
    return McpSchema.ServerCapabilities.builder().logging().completions().resources(true, false);
  }

  @Bean
  List<McpServerFeatures.SyncToolSpecification> conformanceTools() {
    return ConformanceFixtures.tools();
  }

  @Bean
  List<McpServerFeatures.SyncResourceSpecification> conformanceResources() {
    return ConformanceFixtures.resources();
  }

  @Bean
  List<McpServerFeatures.SyncResourceTemplateSpecification> conformanceTemplates() {
    return List.of(ConformanceFixtures.resourceTemplate());
  }

  @Bean
  List<McpServerFeatures.SyncPromptSpecification> conformancePrompts() {
    return ConformanceFixtures.prompts();
  }

  @Bean
  List<McpServerFeatures.SyncCompletionSpecification> conformanceCompletions() {
    return List.of(ConformanceFixtures.completion());
  }

  @Bean
  List<McpStatelessServerFeatures.SyncToolSpecification> conformanceStatelessTools() {
    return ConformanceFixtures.statelessTools();
  }

  @Bean
  List<McpStatelessServerFeatures.SyncResourceSpecification> conformanceStatelessResources() {
    return ConformanceFixtures.statelessResources();
  }

  @Bean
  List<McpStatelessServerFeatures.SyncResourceTemplateSpecification>
      conformanceStatelessTemplates() {
    return List.of(ConformanceFixtures.statelessResourceTemplate());
  }

  @Bean
  List<McpStatelessServerFeatures.SyncPromptSpecification> conformanceStatelessPrompts() {
    return ConformanceFixtures.statelessPrompts();
  }

  @Bean
  List<McpStatelessServerFeatures.SyncCompletionSpecification> conformanceStatelessCompletions() {
    return List.of(ConformanceFixtures.statelessCompletion());
  }
}
