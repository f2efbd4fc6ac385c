package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static dev.mcpauth.Fixture.assertDenied;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The MCP decision: operation scopes from the body, header agreement, size, sessions (E14, E15, J3, J4). */
class McpGateTest {
  private final Fixture f = new Fixture();
  private final McpGate gate = McpGate.builder(f.auth)
      .scopePolicy(McpScopePolicy.builder().tool("write_file", "mcp:write").resource("file:///secret", "mcp:admin")
          .prompt("admin_prompt", "mcp:admin").build())
      .maxBodyBytes(2048)
      .build();

  @AfterEach
  void close() {
    f.close();
  }

  private AuthResult check(String token, String body, String... headerPairs) {
    Map<String, List<String>> headers = new HashMap<>();
    if (token != null) {
      headers.put("Authorization", List.of("Bearer " + token));
    }
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], List.of(headerPairs[i + 1]));
    }
    return gate.check(RequestHeaders.of(headers), body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  private static String call(String tool) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\"}}";
  }

  @Test
  void checkWhenToolNeedsAScopeTheTokenLacksThen403NamingAllScopes() {
    AuthResult.Denied denied = assertDenied(check(f.valid().build(), call("write_file")), 403);
    assertThat(denied.wwwAuthenticate().orElseThrow()).contains("scope=\"mcp:read mcp:write\"");
    assertAuthorized(check(f.valid().claim("scope", "mcp:read mcp:write").build(), call("write_file")));
    assertAuthorized(check(f.valid().build(), call("read_file")));
  }

  @Test
  void checkWhenNoTokenThen401NamingTheOperationScopes() {
    AuthResult.Denied denied = assertDenied(check(null, call("write_file")), 401);
    assertThat(denied.wwwAuthenticate().orElseThrow()).contains("scope=\"mcp:read mcp:write\"");
    assertDenied(check(null, "garbage"), 401);
  }

  @Test
  void checkWhenResourceOrPromptNeedsAScopeThen403() {
    assertDenied(check(f.valid().build(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\","
        + "\"params\":{\"uri\":\"file:///secret\"}}"), 403);
    assertDenied(check(f.valid().build(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\","
        + "\"params\":{\"name\":\"admin_prompt\"}}"), 403);
  }

  @Test
  void e14BatchNeedsTheUnionOfItsElements() {
    String batch = "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}," + call("write_file") + "]";
    AuthResult.Denied denied = assertDenied(check(f.valid().build(), batch), 403);
    assertThat(denied.wwwAuthenticate().orElseThrow()).contains("mcp:write");
  }

  @Test
  void e15McpNameThatDisagreesWithTheBodyIs400() {
    String token = f.valid().claim("scope", "mcp:read mcp:write").build();
    AuthResult.Denied denied = assertDenied(check(token, call("write_file"), "Mcp-Method", "tools/call",
        "Mcp-Name", "read_file"), 400);
    assertThat(denied.error()).isEqualTo(AuthError.HEADER_MISMATCH);
    assertThat(denied.body()).contains("-32020");
    assertAuthorized(check(token, call("write_file"), "Mcp-Method", "tools/call", "Mcp-Name", "write_file"));
    assertDenied(check(token, call("write_file"), "Mcp-Method", "tools/list"), 400);
  }

  @Test
  void mcpNameHeaderNeverLowersTheScopesTheBodyNeeds() {
    AuthResult.Denied denied = assertDenied(check(f.valid().build(), call("write_file"), "Mcp-Name", "read_file"), 403);
    assertThat(denied.error()).isEqualTo(AuthError.INSUFFICIENT_SCOPE);
  }

  @Test
  void unreadableBodyFailsClosedAfterAuthentication() {
    String token = f.valid().claim("scope", "mcp:read mcp:write").build();
    for (String body : List.of("{not json", "{\"method\":\"tools/call\",\"params\":{\"name\":\"a\",\"name\":\"write_file\"}}",
        "[".repeat(100) + "]".repeat(100))) {
      AuthResult.Denied denied = assertDenied(check(token, body), 400);
      assertThat(denied.error()).isEqualTo(AuthError.INVALID_BODY);
    }
  }

  @Test
  void oversizedBodyIs413AfterAuthentication() {
    String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"pad\":\"" + "x".repeat(3000) + "\"}";
    assertDenied(check(null, big), 401);
    assertThat(assertDenied(check(f.valid().build(), big), 413).error()).isEqualTo(AuthError.PAYLOAD_TOO_LARGE);
  }

  @Test
  void j03SessionIdIsNotACredential() {
    assertDenied(check(null, null, "Mcp-Session-Id", "s1"), 401);
  }

  @Test
  void j04SessionIsBoundToItsCreator() {
    String alice = f.valid().build();
    String bob = f.valid().claim("sub", "bob").build();
    AuthInfo aliceInfo = assertAuthorized(check(alice, null));
    gate.sessionStarted("s1", aliceInfo);
    assertAuthorized(check(alice, null, "Mcp-Session-Id", "s1"));
    AuthResult.Denied denied = assertDenied(check(bob, null, "Mcp-Session-Id", "s1"), 403);
    assertThat(denied.wwwAuthenticate()).isEmpty();
    assertThat(denied.error()).isEqualTo(AuthError.FORBIDDEN);
    gate.sessionEnded("s1");
    assertAuthorized(check(bob, null, "Mcp-Session-Id", "s1"));
  }

  @Test
  void mayCallToolAppliesTheHierarchy() {
    AuthInfo reader = assertAuthorized(check(f.valid().build(), null));
    assertThat(gate.mayCallTool("write_file", reader)).isFalse();
    assertThat(gate.mayCallTool("read_file", reader)).isTrue();
  }
}
