package dev.mcpauth.spring.ai;

import dev.mcpauth.mcp.McpAuthContext;
import dev.mcpauth.spring.McpAuthRoutes;
import io.modelcontextprotocol.server.McpSyncListFilter;
import io.modelcontextprotocol.spec.McpSchema;
import org.springframework.ai.mcp.customizer.McpSyncServerCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * With {@code mcpauth.hide-tools=true}: {@code tools/list} of Spring AI's (stateful, synchronous)
 * MCP server shows a caller only the tools whose scopes the caller holds, as the core's {@link
 * dev.mcpauth.McpGate#mayCallTool} decides. Hiding is a courtesy: a call is refused with 403 at the
 * HTTP layer either way. Spring AI accepts a single {@link McpSyncServerCustomizer}, so the filter
 * is added by wrapping the application's (or Spring AI's own) customizer rather than by adding one.
 * Spring AI 2.0 offers no customizer for stateless servers: there tools are not hidden.
 */
@AutoConfiguration(
    afterName = "org.springframework.ai.mcp.server.common.autoconfigure.McpServerAutoConfiguration")
@ConditionalOnClass({McpSyncServerCustomizer.class, McpSyncListFilter.class})
@ConditionalOnBooleanProperty(name = "mcpauth.hide-tools")
public class SpringAiToolHidingAutoConfiguration {

  /** Creates the auto-configuration. */
  public SpringAiToolHidingAutoConfiguration() {}

  /** Adds the tool filter to whichever {@link McpSyncServerCustomizer} the server will use. */
  @Bean
  public static BeanPostProcessor mcpAuthToolHiding(ObjectProvider<McpAuthRoutes> routes) {
    McpSyncListFilter<McpSchema.Tool> filter =
        (context, tool) ->
            McpAuthContext.authInfo(context)
                .map(info -> routes.getObject().gate().mayCallTool(tool.name(), info))
                .orElse(false);
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof McpSyncServerCustomizer customizer) {
          return (McpSyncServerCustomizer)
              spec -> {
                customizer.customize(spec);
                spec.addToolFilter(filter);
              };
        }
        return bean;
      }
    };
  }

  /** A customizer to wrap when the application and Spring AI declare none (WebFlux). */
  @Bean
  @ConditionalOnMissingBean(McpSyncServerCustomizer.class)
  public McpSyncServerCustomizer mcpAuthToolHidingCustomizer() {
    return spec -> {};
  }
}
