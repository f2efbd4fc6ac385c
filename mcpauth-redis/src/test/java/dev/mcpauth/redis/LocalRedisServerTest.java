package dev.mcpauth.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Without redis-server the Redis tests fail loudly, saying how to get it: they never skip. */
class LocalRedisServerTest {

  @Test
  void withoutRedisServerOnThePathTheTestsFailWithAnInstallHint() throws Exception {
    Path empty = Files.createTempDirectory("no-redis-here");
    LocalRedisServer server = LocalRedisServer.searchingOnly(empty.toString());

    assertThatThrownBy(() -> server.beforeAll(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("redis-server is not on the PATH")
        .hasMessageContaining("apt-get install -y redis-server");
  }
}
