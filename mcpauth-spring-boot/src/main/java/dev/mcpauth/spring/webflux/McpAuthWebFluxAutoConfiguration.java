package dev.mcpauth.spring.webflux;

import dev.mcpauth.spring.McpAuthAutoConfiguration;
import dev.mcpauth.spring.McpAuthRoutes;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.server.WebFilter;
import reactor.core.scheduler.Schedulers;

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
  public McpAuthWebFilter mcpAuthWebFilter(
      McpAuthRoutes routes, ObjectProvider<WebFluxMcpRoutes> mcpRoutes) {
    return new McpAuthWebFilter(
        routes, () -> Optional.ofNullable(mcpRoutes.getIfAvailable()), Schedulers.boundedElastic());
  }
}
