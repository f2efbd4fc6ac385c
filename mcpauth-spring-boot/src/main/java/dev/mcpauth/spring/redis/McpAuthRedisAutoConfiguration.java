package dev.mcpauth.spring.redis;

import dev.mcpauth.redis.RedisStores;
import dev.mcpauth.spring.McpAuthAutoConfiguration;
import dev.mcpauth.spring.McpAuthProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Shared state on Redis when {@code dev.mcpauth:mcpauth-redis} is on the classpath: {@code
 * mcpauth.store.url} (with {@code key-prefix}, {@code command-timeout}, {@code connect-timeout})
 * connects one {@link RedisStores} at startup, closed with the context, and a {@link
 * RedisStoresCustomizer} hands its stores to the {@code McpAuth}. An application's own {@link
 * RedisStores} bean is used instead of the property's. A Redis that is unreachable at startup fails
 * the start; later outages answer 503 with {@code Retry-After} and recover by themselves.
 */
@AutoConfiguration(before = McpAuthAutoConfiguration.class)
@ConditionalOnClass(RedisStores.class)
@ConditionalOnBooleanProperty(name = "mcpauth.enabled", matchIfMissing = true)
@EnableConfigurationProperties(McpAuthProperties.class)
public class McpAuthRedisAutoConfiguration {

  /** Creates the auto-configuration. */
  public McpAuthRedisAutoConfiguration() {}

  /** Connects to {@code mcpauth.store.url}. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(name = "mcpauth.store.url")
  public RedisStores mcpAuthRedisStores(McpAuthProperties properties) {
    McpAuthProperties.Store store = properties.getStore();
    return RedisStores.builder(store.getUrl())
        .keyPrefix(store.getKeyPrefix())
        .commandTimeout(store.getCommandTimeout())
        .connectTimeout(store.getConnectTimeout())
        .connect();
  }

  /** Uses the {@link RedisStores} bean for the {@code McpAuth} built from properties. */
  @Bean
  @ConditionalOnBean(RedisStores.class)
  @ConditionalOnMissingBean
  public RedisStoresCustomizer mcpAuthRedisStoresCustomizer(RedisStores stores) {
    return new RedisStoresCustomizer(stores);
  }
}
