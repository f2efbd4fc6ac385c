package dev.mcpauth.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.ProtocolVersions;
import org.junit.jupiter.api.Test;

/** The protocol versions come from the SDK on the classpath, not from a list of ours. */
class SdkProtocolVersionsTest {

  @Test
  void supportedWhenTheSdkIsOnTheClasspathThenItsConstants() {
    assertThat(SdkProtocolVersions.supported())
        .containsExactly(
            ProtocolVersions.MCP_2024_11_05,
            ProtocolVersions.MCP_2025_03_26,
            ProtocolVersions.MCP_2025_06_18,
            ProtocolVersions.MCP_2025_11_25);
  }

  /** What a future SDK's constants look like. */
  interface FutureProtocolVersions {
    String MCP_2025_11_25 = "2025-11-25";
    String MCP_2026_07_28 = "2026-07-28";
    String NOT_A_VERSION = "latest";
  }

  @Test
  void versionsOfWhenAFutureSdkAddsAVersionThenItIsAcceptedWithoutAChangeHere() {
    assertThat(SdkProtocolVersions.versionsOf(FutureProtocolVersions.class))
        .containsExactly("2025-11-25", "2026-07-28");
  }

  @Test
  void versionsOfWhenNothingNamesAVersionThenTheVersionsOfSdk22() {
    assertThat(SdkProtocolVersions.versionsOf(Object.class))
        .isEqualTo(SdkProtocolVersions.WITHOUT_SDK);
  }
}
