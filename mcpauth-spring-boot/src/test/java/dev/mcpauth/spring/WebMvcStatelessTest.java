package dev.mcpauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;

/**
 * The contract on WebMVC with Spring AI's stateless transport. Spring AI 2.0 has no customizer for
 * stateless servers, so tools are not hidden there (calls are refused with 403 all the same).
 */
class WebMvcStatelessTest extends StackContract {
  @Override
  String stack() {
    return "webmvc";
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
