package dev.mcpauth.spring.redis;

import dev.mcpauth.McpAuth;
import dev.mcpauth.redis.RedisStores;
import dev.mcpauth.spring.McpAuthCustomizer;
import java.util.Objects;

/**
 * Puts the library's shared state on Redis: the DPoP {@code jti} replay check, the introspection
 * cache and the MCP session bindings of the {@link McpAuth} built from the {@code mcpauth.*}
 * properties use the stores of one {@link RedisStores}. The {@code mcpauth.store.url} property
 * declares this customizer; in Java configuration, declare a {@link RedisStores} bean (it is then
 * used, and closed with the context) or this customizer yourself:
 *
 * <pre>{@code
 * @Bean(destroyMethod = "close")
 * RedisStores redis() {
 *   return RedisStores.builder("redis://redis.internal:6379").keyPrefix("notes:").connect();
 * }
 * }</pre>
 */
public final class RedisStoresCustomizer implements McpAuthCustomizer {
  private final RedisStores stores;

  /** A customizer using {@code stores}; closing them stays with their owner. */
  public RedisStoresCustomizer(RedisStores stores) {
    this.stores = Objects.requireNonNull(stores, "stores");
  }

  @Override
  public void customizeMcpAuth(McpAuth.Builder builder) {
    builder.sharedStore(stores);
  }
}
