package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one rule adapters ask before challenging: CORS preflights are not challenged. */
class CorsPreflightTest {
  private static RequestHeaders headers(String method, Map<String, List<String>> values) {
    return RequestHeaders.of(
        method,
        "/mcp",
        name ->
            values.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(List.of()));
  }

  @Test
  void isCorsPreflightOnlyForOptionsWithOriginAndRequestedMethod() {
    Map<String, List<String>> preflight =
        Map.of(
            "Origin",
            List.of("https://app.test"),
            "Access-Control-Request-Method",
            List.of("POST"));
    assertThat(BearerAuth.isCorsPreflight(headers("OPTIONS", preflight))).isTrue();
    assertThat(BearerAuth.isCorsPreflight(headers("POST", preflight))).isFalse();
    assertThat(
            BearerAuth.isCorsPreflight(
                headers("OPTIONS", Map.of("Origin", List.of("https://app.test")))))
        .isFalse();
    assertThat(BearerAuth.isCorsPreflight(RequestHeaders.of(preflight))).isFalse();
  }
}
