package dev.mcpauth.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Spring demo takes every option of the main demo with the same meaning (issue 29 section 3),
 * so that every outside suite can drive both: the option list is read from the main demo's source,
 * so a new option there fails this test until the Spring demo has it too.
 */
class SpringDemoOptionsParityTest {
  private static final Path MAIN_OPTIONS =
      Path.of(
          "..",
          "examples",
          "src",
          "main",
          "java",
          "dev",
          "mcpauth",
          "examples",
          "DemoOptions.java");

  /** The options the main demo's usage text lists. */
  private static Set<String> mainDemoOptions() throws Exception {
    String source = Files.readString(MAIN_OPTIONS, StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("\"  (--[a-z-]+)").matcher(source);
    Set<String> options = new LinkedHashSet<>();
    while (m.find()) {
      options.add(m.group(1));
    }
    return options;
  }

  @Test
  void everyOptionOfTheMainDemoIsListedAndAcceptedExceptAdapter() throws Exception {
    Set<String> options = mainDemoOptions();
    assertThat(options)
        .contains("--dpop", "--replay-cache", "--dpop-nonces", "--tokens", "--introspection-client")
        .contains("--no-token-cache", "--hide-tools", "--allowed-origin", "--as-port", "--store");
    for (String option : options) {
      if (option.equals("--adapter") || option.equals("--help")) {
        continue;
      }
      assertThat(SpringDemoOptions.USAGE).as(option).contains("  " + option + " ");
      try {
        SpringDemoOptions.parse(List.of(option), Map.of());
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).as(option).doesNotStartWith("unknown argument");
      }
    }
    assertThatThrownBy(() -> SpringDemoOptions.parse(List.of("--adapter", "javalin")))
        .hasMessage("unknown argument: --adapter");
  }

  @Test
  void theOptionsParseToTheMainDemosValues() {
    SpringDemoOptions o =
        SpringDemoOptions.parse(
            List.of(
                "--dpop",
                "required",
                "--replay-cache",
                "--dpop-nonces",
                "--tokens",
                "mixed",
                "--issuer",
                "https://as.example",
                "--introspection-client",
                "rs:pw",
                "--no-token-cache",
                "--hide-tools",
                "--allowed-origin",
                "http://localhost:6274",
                "--allowed-origin",
                "https://app.example"),
            Map.of(SpringDemoOptions.NONCE_SECRET_VARIABLE, "x".repeat(32)));
    assertThat(o.dpop()).hasValue("required");
    assertThat(o.replayCache()).isTrue();
    assertThat(o.dpopNonces()).isTrue();
    assertThat(o.nonceSecret()).hasValue("x".repeat(32));
    assertThat(o.tokens()).isEqualTo("mixed");
    assertThat(o.introspectionClient()).hasValue("rs:pw");
    assertThat(o.tokenCache()).isFalse();
    assertThat(o.hideTools()).isTrue();
    assertThat(o.allowedOrigins()).containsExactly("http://localhost:6274", "https://app.example");
    assertThat(o.toString()).doesNotContain("pw").doesNotContain("xxxx");
    SpringDemoOptions defaults = SpringDemoOptions.parse(List.of(), Map.of());
    assertThat(defaults.dpop()).isEmpty();
    assertThat(defaults.tokens()).isEqualTo("jwt");
    assertThat(defaults.tokenCache()).isTrue();
    assertThat(defaults.hideTools()).isFalse();
  }

  @Test
  void contradictionsAreRefusedWithTheMainDemosMessages() {
    List<List<String>> refused = new ArrayList<>();
    Map<List<String>, String> expected =
        Map.of(
            List.of("--replay-cache"),
            "--replay-cache checks DPoP proofs: add --dpop allowed or --dpop required",
            List.of("--dpop-nonces"),
            "--dpop-nonces asks DPoP proofs for a nonce: add --dpop allowed or --dpop required",
            List.of("--tokens", "opaque", "--issuer", "https://as.example"),
            "--tokens opaque with --issuer needs --introspection-client ID:SECRET",
            List.of("--introspection-client", "a:b"),
            "--introspection-client is used only with --tokens opaque or mixed",
            List.of("--tokens", "mixed", "--introspection-client", "a:b"),
            "--introspection-client is for --issuer's introspection endpoint;"
                + " the embedded authorization server needs none",
            List.of("--dpop", "sometimes"),
            "--dpop must be one of allowed, required: sometimes",
            List.of("--introspection-client", "nosecret"),
            "--introspection-client must be ID:SECRET");
    expected.forEach(
        (args, message) -> {
          refused.add(args);
          assertThatThrownBy(() -> SpringDemoOptions.parse(args, Map.of()))
              .as(String.join(" ", args))
              .hasMessage(message);
        });
    assertThatThrownBy(
            () ->
                SpringDemoOptions.parse(
                    List.of("--dpop", "allowed", "--dpop-nonces"),
                    Map.of(SpringDemoOptions.NONCE_SECRET_VARIABLE, "short")))
        .hasMessageStartingWith("MCPAUTH_DPOP_NONCE_SECRET must have at least 32 bytes")
        .hasMessageNotContaining("short");
    assertThat(refused).hasSize(7);
  }

  @Test
  void theOptionsBecomeTheMcpAuthProperties() {
    SpringDemoOptions o =
        SpringDemoOptions.parse(
            List.of(
                "--dpop",
                "allowed",
                "--replay-cache",
                "--tokens",
                "opaque",
                "--no-token-cache",
                "--allowed-origin",
                "https://app.example"),
            Map.of());
    assertThat(SpringDemo.optionProperties(o, "http://localhost:1/dev"))
        .containsEntry("mcpauth.allowed-origins[0]", "https://app.example")
        .containsEntry("mcpauth.dpop.enabled", true)
        .containsEntry("mcpauth.dpop.required", false)
        .containsEntry("mcpauth.dpop.replay-check", true)
        .containsEntry("mcpauth.dpop.nonces", false)
        .containsEntry("mcpauth.introspection.issuer", "http://localhost:1/dev")
        .containsEntry("mcpauth.introspection.every-token", true)
        .containsEntry("mcpauth.cache.enabled", false);
    assertThat(SpringDemo.optionProperties(SpringDemoOptions.parse(List.of(), Map.of()), "x"))
        .isEmpty();
    assertThat(SpringDemo.optionsOn(o))
        .containsExactly(
            "--dpop allowed",
            "--replay-cache",
            "--tokens opaque",
            "--no-token-cache",
            "--allowed-origin https://app.example");
  }
}
