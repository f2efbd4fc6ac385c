package dev.mcpauth.spring.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpauth.spring.McpAuthAutoConfiguration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Without {@code mcpauth-redis} on the class path, {@code mcpauth.store.url} fails the start
 * instead of being ignored; without the property, nothing of Redis is needed.
 */
class StoreWithoutRedisModuleTest {

  /** The test class path without the mcpauth-redis classes. */
  private static final class WithoutRedisModule extends ClassLoader {
    WithoutRedisModule() {
      super(StoreWithoutRedisModuleTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("dev.mcpauth.redis.")) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }
  }

  private static ConfigurableApplicationContext start(Map<String, Object> properties) {
    return new SpringApplicationBuilder(McpAuthAutoConfiguration.class)
        .resourceLoader(new DefaultResourceLoader(new WithoutRedisModule()))
        .web(WebApplicationType.NONE)
        .properties(Map.of("spring.main.banner-mode", "off"))
        .properties(properties)
        .run();
  }

  @Test
  void theStorePropertyWithoutTheModuleFailsTheStart() {
    assertThatThrownBy(
            () ->
                start(
                    Map.of(
                        "mcpauth.resource", "https://notes.example.test/mcp",
                        "mcpauth.store.url", "redis://127.0.0.1:1")))
        .hasStackTraceContaining(
            "mcpauth.store.url is set, but dev.mcpauth:mcpauth-redis is not on the classpath");
  }

  @Test
  void withoutThePropertyTheModuleIsNotNeeded() {
    try (ConfigurableApplicationContext app =
        start(Map.of("mcpauth.resource", "https://notes.example.test/mcp"))) {
      assertThat(app.getBeanNamesForType(RedisStoresCustomizer.class)).isEmpty();
    }
  }
}
