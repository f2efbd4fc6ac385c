package dev.mcpauth.spring.actuate;

import dev.mcpauth.McpAuth;
import dev.mcpauth.spring.McpAuthAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * With Spring Boot's health support (Actuator) on the classpath: the {@code mcpAuth} health
 * indicator.
 */
@AutoConfiguration(after = McpAuthAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
public class McpAuthHealthAutoConfiguration {

  /** Creates the auto-configuration. */
  public McpAuthHealthAutoConfiguration() {}

  /** The indicator, named {@code mcpAuth}. */
  @Bean
  @ConditionalOnBean(McpAuth.class)
  @ConditionalOnMissingBean(name = "mcpAuthHealthIndicator")
  public HealthIndicator mcpAuthHealthIndicator(McpAuth mcpAuth) {
    return new McpAuthHealthIndicator(mcpAuth);
  }
}
