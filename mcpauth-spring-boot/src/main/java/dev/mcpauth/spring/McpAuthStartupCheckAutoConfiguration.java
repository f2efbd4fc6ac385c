package dev.mcpauth.spring;

import io.modelcontextprotocol.spec.McpServerTransportProviderBase;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Registers the {@link McpAuthStartupCheck} whenever the MCP SDK is on the classpath, whether or
 * not MCP Auth is enabled (turning it off is what the check warns about), and a warning for a
 * {@code mcpauth.resource} whose path or loopback port is not what the application serves.
 */
@AutoConfiguration(after = McpAuthAutoConfiguration.class)
@ConditionalOnClass(McpServerTransportProviderBase.class)
public class McpAuthStartupCheckAutoConfiguration {

  /** Creates the auto-configuration. */
  public McpAuthStartupCheckAutoConfiguration() {}

  /** The check, over every MCP transport bean of the application. */
  @Bean
  @ConditionalOnMissingBean
  public McpAuthStartupCheck mcpAuthStartupCheck(ListableBeanFactory beans, Environment env) {
    return new McpAuthStartupCheck(
        beans, env.getProperty("mcpauth.enabled", Boolean.class, Boolean.TRUE));
  }

  /**
   * Warns when {@code mcpauth.resource}'s path is not the MCP endpoint, or its port (on a loopback
   * host) not the one the application listens on.
   */
  @Bean
  static ApplicationListener<ApplicationReadyEvent> mcpAuthResourceAddressCheck() {
    return new ResourceAddressCheck();
  }
}
