package dev.mcpauth.spring.actuate;

import dev.mcpauth.McpAuth;
import dev.mcpauth.spring.McpAuthAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Observability when its libraries are present: refusal metrics with Micrometer, and an
 * {@code mcpAuth} health indicator with Spring Boot's health support (Actuator).
 */
@AutoConfiguration(after = McpAuthAutoConfiguration.class)
public class McpAuthActuatorAutoConfiguration {

  /** Creates the auto-configuration. */
  public McpAuthActuatorAutoConfiguration() {}

  /** Micrometer is on the classpath. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class Metrics {
    @Bean
    @ConditionalOnMissingBean
    McpAuthMetrics mcpAuthMetrics(ObjectProvider<MeterRegistry> registry) {
      return new McpAuthMetrics(registry);
    }
  }

  /** Spring Boot's health support is on the classpath. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  static class HealthCheck {
    @Bean
    @ConditionalOnBean(McpAuth.class)
    @ConditionalOnMissingBean(name = "mcpAuthHealthIndicator")
    HealthIndicator mcpAuthHealthIndicator(McpAuth mcpAuth) {
      return new McpAuthHealthIndicator(mcpAuth);
    }
  }
}
