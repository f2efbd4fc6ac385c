package dev.mcpauth.spring.redis;

import dev.mcpauth.redis.RedisStores;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Java configuration of the shared state: the application's own {@link RedisStores} bean. */
@Configuration(proxyBeanMethods = false)
public class OwnRedisStores {
  /** Stores with a key prefix of the application's choosing. */
  @Bean(destroyMethod = "close")
  RedisStores ownStores(@Value("${test.redis.url}") String url) {
    return RedisStores.builder(url).keyPrefix("own:").connect();
  }
}
