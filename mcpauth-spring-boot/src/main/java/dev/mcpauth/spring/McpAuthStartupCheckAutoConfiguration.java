package dev.mcpauth.spring;

import io.modelcontextprotocol.spec.McpServerTransportProviderBase;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Registers the {@link McpAuthStartupCheck} whenever the MCP SDK is on the classpath, whether or
 * not MCP Auth is enabled (turning it off is what the check warns about).
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
}
