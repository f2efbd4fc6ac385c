package dev.mcpauth.spring.webmvc;

import dev.mcpauth.spring.McpAuthAutoConfiguration;
import dev.mcpauth.spring.McpAuthRoutes;
import jakarta.servlet.DispatcherType;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * WebMVC: registers the {@link McpAuthServletFilter} (metadata, MCP endpoint, protected routes)
 * before Spring Security's filter chain. {@link SpringAiWebMvcAutoConfiguration} bridges the
 * identity to Spring AI's MCP tools.
 */
@AutoConfiguration(after = McpAuthAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({FilterRegistrationBean.class, DispatcherType.class})
public class McpAuthWebMvcAutoConfiguration {

  /** Creates the auto-configuration. */
  public McpAuthWebMvcAutoConfiguration() {}

  /** The filter, before Spring Security's chain, for every request dispatch. */
  @Bean
  @ConditionalOnBean(McpAuthRoutes.class)
  @ConditionalOnMissingBean(name = "mcpAuthFilterRegistration")
  public FilterRegistrationBean<McpAuthServletFilter> mcpAuthFilterRegistration(
      McpAuthRoutes routes, ObjectProvider<WebMvcMcpRoutes> mcpRoutes) {
    FilterRegistrationBean<McpAuthServletFilter> registration =
        new FilterRegistrationBean<>(
            new McpAuthServletFilter(
                routes, () -> Optional.ofNullable(mcpRoutes.getIfAvailable())));
    registration.setName("mcpAuthFilter");
    registration.setOrder(McpAuthServletFilter.ORDER);
    registration.setAsyncSupported(true);
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    return registration;
  }
}
