package dev.mcpauth.spring.actuate;

import dev.mcpauth.spring.McpAuthAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * With Micrometer on the classpath: the core's decisions and fetches as counters ({@link
 * McpAuthMetrics}), an {@code McpAuthListener} bean that the {@code McpAuth} built from properties
 * picks up.
 */
@AutoConfiguration(before = McpAuthAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
public class McpAuthMetricsAutoConfiguration {

  /** Creates the auto-configuration. */
  public McpAuthMetricsAutoConfiguration() {}

  /** The counters, registered in the application's registry. */
  @Bean
  @ConditionalOnMissingBean
  public McpAuthMetrics mcpAuthMetrics(ObjectProvider<MeterRegistry> registry) {
    return new McpAuthMetrics(registry);
  }
}
