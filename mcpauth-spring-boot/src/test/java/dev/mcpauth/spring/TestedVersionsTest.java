package dev.mcpauth.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.ai.model.tool.DefaultToolCallingManager;

/**
 * The Spring AI this module is built and tested with is not one with a known vulnerability (issue
 * #24, item 15): Spring AI 2.0.0's tool calling dispatched unadvertised tools through a global
 * resolver fallback (CVE-2026-59318), fixed in 2.0.1 in {@code spring-ai-model}.
 */
class TestedVersionsTest {

  @Test
  void springAiToolCallingIsTheFixedRelease() {
    String version = DefaultToolCallingManager.class.getPackage().getImplementationVersion();
    assertThat(version).as("spring-ai-model Implementation-Version").isNotNull();
    assertThat(version).isNotEqualTo("2.0.0").matches("2\\.\\d+\\.\\d+.*");
  }
}
