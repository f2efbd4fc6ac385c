package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Forwarded MCP responses are never stored by a shared cache (issue 26 §3). */
class ForwardedCachingTest {

  @Test
  void cacheControlWhenTheTransportSetNothingThenPrivate() {
    assertThat(McpGate.forwardedCacheControl(List.of())).isEqualTo("private");
  }

  @Test
  void cacheControlWhenTheTransportSaidNoStoreOrPrivateThenItsValueStands() {
    assertThat(McpGate.forwardedCacheControl(List.of("no-store"))).isEqualTo("no-store");
    assertThat(McpGate.forwardedCacheControl(List.of("no-cache, No-Store")))
        .isEqualTo("no-cache, No-Store");
    assertThat(McpGate.forwardedCacheControl(List.of("PRIVATE, max-age=5")))
        .isEqualTo("PRIVATE, max-age=5");
  }

  @Test
  void cacheControlWhenTheTransportAllowedSharedCachingThenPrivateReplacesPublic() {
    assertThat(McpGate.forwardedCacheControl(List.of("no-cache"))).isEqualTo("private, no-cache");
    assertThat(McpGate.forwardedCacheControl(List.of("public, max-age=60", "s-maxage=60")))
        .isEqualTo("private, max-age=60, s-maxage=60");
  }

  @Test
  void cacheControlWhenPrivateIsQualifiedThenTheWholeResponseBecomesPrivate() {
    // private="Set-Cookie" keeps only that field out of shared caches (RFC 9111 §5.2.2.7)
    assertThat(McpGate.forwardedCacheControl(List.of("private=\"Set-Cookie\", max-age=60")))
        .isEqualTo("private, max-age=60");
  }
}
