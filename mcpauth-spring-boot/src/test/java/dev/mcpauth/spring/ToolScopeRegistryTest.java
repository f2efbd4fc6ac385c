package dev.mcpauth.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpauth.McpAccess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.mcp.annotation.McpTool;

class ToolScopeRegistryTest {

  static class Declared {
    @McpTool(name = "purge_notes", description = "d")
    @RequiredScopes("write:notes")
    @RequiredAuthentication(
        acr = {"mfa", "hwk"},
        maxAgeSeconds = 300)
    public String purge() {
      return "";
    }

    @McpTool(name = "audit_log", description = "d")
    @RequiredClaim(path = "roles", contains = "notes-admin")
    @RequiredClaim(
        path = {"realm", "groups"},
        containsAny = {"a", "b"})
    public String audit() {
      return "";
    }
  }

  static class NoAuthenticationAttribute {
    @McpTool(name = "t", description = "d")
    @RequiredAuthentication
    public String t() {
      return "";
    }
  }

  static class TwoClaimMatchers {
    @McpTool(name = "t", description = "d")
    @RequiredClaim(path = "roles", contains = "a", isEqualTo = "b")
    public String t() {
      return "";
    }
  }

  @Test
  void toolAccessWhenAnnotatedThenHoldsScopesAuthenticationAndClaimRules() {
    ToolScopeRegistry registry = new ToolScopeRegistry();
    registry.postProcessAfterInitialization(new Declared(), "declared");
    McpAccess purge = registry.toolAccess().get("purge_notes");
    assertThat(purge.fixedScopes()).containsExactly("write:notes");
    assertThat(purge.authentication()).hasSize(1);
    assertThat(purge.authentication().get(0).acrValues()).containsExactly("mfa", "hwk");
    assertThat(purge.authentication().get(0).maxAge()).contains(Duration.ofSeconds(300));
    McpAccess audit = registry.toolAccess().get("audit_log");
    assertThat(audit.fixedScopes()).isEmpty();
    assertThat(audit.claimRules()).hasSize(2);
    assertThat(registry.toolScopes()).containsEntry("purge_notes", List.of("write:notes"));
  }

  @Test
  void scanWhenRequiredAuthenticationSetsNothingThenFailsNamingTheMethod() {
    assertThatThrownBy(
            () ->
                new ToolScopeRegistry()
                    .postProcessAfterInitialization(new NoAuthenticationAttribute(), "b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("NoAuthenticationAttribute.t")
        .hasMessageContaining("@RequiredAuthentication");
  }

  @Test
  void scanWhenRequiredClaimHasTwoMatchersThenFailsNamingTheMethod() {
    assertThatThrownBy(
            () ->
                new ToolScopeRegistry().postProcessAfterInitialization(new TwoClaimMatchers(), "b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TwoClaimMatchers.t")
        .hasMessageContaining("at most one");
  }
}
