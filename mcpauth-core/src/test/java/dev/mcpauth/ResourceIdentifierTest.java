package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 9728 §3.1 path derivation and resource identifier validation. */
class ResourceIdentifierTest {

  @ParameterizedTest
  @CsvSource({
    "https://api.example.com, /.well-known/oauth-protected-resource, https://api.example.com/.well-known/oauth-protected-resource",
    "https://api.example.com/, /.well-known/oauth-protected-resource, https://api.example.com/.well-known/oauth-protected-resource",
    "https://api.example.com/notes, /.well-known/oauth-protected-resource/notes, https://api.example.com/.well-known/oauth-protected-resource/notes",
    "https://api.example.com/a/b/, /.well-known/oauth-protected-resource/a/b/, https://api.example.com/.well-known/oauth-protected-resource/a/b/",
    "https://api.example.com:8443/mcp, /.well-known/oauth-protected-resource/mcp, https://api.example.com:8443/.well-known/oauth-protected-resource/mcp",
    "https://api.example.com/path?tenant=a, /.well-known/oauth-protected-resource/path, https://api.example.com/.well-known/oauth-protected-resource/path?tenant=a",
    "http://127.0.0.1:3001/mcp, /.well-known/oauth-protected-resource/mcp, http://127.0.0.1:3001/.well-known/oauth-protected-resource/mcp",
    "http://localhost:3001/mcp, /.well-known/oauth-protected-resource/mcp, http://localhost:3001/.well-known/oauth-protected-resource/mcp",
  })
  void ofWhenValidThenMetadataPathAndUrlFollowRfc9728(String resource, String path, String url) {
    ResourceIdentifier id = ResourceIdentifier.of(resource);
    assertThat(id.value()).isEqualTo(resource);
    assertThat(id.metadataPath()).isEqualTo(path);
    assertThat(id.metadataUrl()).isEqualTo(url);
  }

  @Test
  void ofWhenInvalidThenInvalidServerConfigSayingWhy() {
    for (String bad :
        List.of(
            "http://api.example.com/mcp",
            "https://api.example.com/mcp#x",
            "/mcp",
            "mcp",
            "https://user:pw@api.example.com/mcp",
            "https://exa mple.com",
            "urn:x:y")) {
      assertThatThrownBy(() -> ResourceIdentifier.of(bad))
          .isInstanceOf(McpAuthConfigException.class)
          .hasMessageContaining("invalid_server_config")
          .hasMessageContaining(bad);
    }
  }

  @Test
  void lowerSchemeAndHostWhenMixedCaseThenPathUntouched() {
    assertThat(ResourceIdentifier.lowerSchemeAndHost("HTTPS://MCP.Test:443/MCP?Q=1"))
        .isEqualTo("https://mcp.test:443/MCP?Q=1");
  }
}
