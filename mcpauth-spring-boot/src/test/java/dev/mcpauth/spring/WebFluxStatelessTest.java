package dev.mcpauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;

/**
 * The contract on WebFlux with Spring AI's stateless transport (no tool hiding there, see
 * WebMvcStatelessTest).
 */
class WebFluxStatelessTest extends StackContract {
  @Override
  String stack() {
    return "webflux";
  }

  @Override
  String protocol() {
    return "STATELESS";
  }

  @Override
  void assertVisibleTools(McpSyncClient client, List<String> ignored) {
    assertThat(client.listTools().tools())
        .extracting(McpSchema.Tool::name)
        .containsExactlyInAnyOrder("whoami", "spec_whoami", "create_note");
  }
}
