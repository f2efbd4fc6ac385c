package dev.mcpauth.spring.webflux;

import dev.mcpauth.spring.McpAuthAutoConfiguration;
import dev.mcpauth.spring.McpAuthRoutes;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.server.WebFilter;

/**
 * WebFlux: registers the {@link McpAuthWebFilter} (metadata, MCP endpoint, protected routes) before
 * Spring Security's filter chain. {@link SpringAiWebFluxAutoConfiguration} bridges the identity to
 * Spring AI's MCP tools.
 */
@AutoConfiguration(after = McpAuthAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(WebFilter.class)
public class McpAuthWebFluxAutoConfiguration {

  /** Creates the auto-configuration. */
  public McpAuthWebFluxAutoConfiguration() {}

  /** The filter, finishing pending decisions on Reactor's {@code boundedElastic} scheduler. */
  @Bean
  @ConditionalOnBean(McpAuthRoutes.class)
  @ConditionalOnMissingBean
  public McpAuthWebFilter mcpAuthWebFilter(McpAuthRoutes routes) {
    return new McpAuthWebFilter(routes);
  }
}
