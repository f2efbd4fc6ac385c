package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 19 item 1 on the packaged demo: with a 64 MiB heap, 10 rounds of 10 concurrent
 * unauthenticated maximum-size {@code [0,0,...]} POSTs (about 1.9 MiB each) to {@code /mcp} all get
 * 401, with no OutOfMemoryError and no 5xx, and the server still serves afterwards. Before the
 * headers-first gate the same load needed more than 512 MiB. Runs in the integration-test phase
 * (the demo jar is built in {@code package}); a few seconds per adapter.
 */
class PreAuthMemoryIT {

  @ParameterizedTest
  @ValueSource(strings = {"javalin", "undertow", "servlet"})
  void unauthenticatedMaximumBodiesGet401WithASmallHeap(String adapter) throws Exception {
    Path jar = Path.of(System.getProperty("demo.jar", "target/mcpauth-examples.jar"));
    assertThat(jar).as("the demo jar (built in the package phase)").exists();
    assertThat(Files.size(jar)).isPositive();
    PreAuthMemoryLoad.Result result = PreAuthMemoryLoad.run(jar, adapter, "64m", 10, 10);
    assertThat(result.passed()).as(result.summary() + "\n" + result.log()).isTrue();
    assertThat(result.statuses()).containsExactly(Map.entry(401, 100));
  }
}
