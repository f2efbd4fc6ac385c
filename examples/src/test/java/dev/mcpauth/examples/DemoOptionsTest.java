package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  void parseWhenNoArgumentsThenTheDocumentedDefaults() {
    DemoOptions o = DemoOptions.parse(List.of());
    assertThat(o)
        .isEqualTo(new DemoOptions(3001, Optional.empty(), "oidc", Optional.empty(), "javalin"));
    assertThat(o.resourceOrDefault()).isEqualTo("http://localhost:3001/mcp");
  }

  @Test
  void parseWhenEveryOptionGivenThenAllTaken() {
    DemoOptions o =
        DemoOptions.parse(
            List.of(
                "--port",
                "4000",
                "--issuer",
                "https://as.example",
                "--type",
                "OAUTH",
                "--resource",
                "https://mcp.example/mcp",
                "--adapter",
                "undertow"));
    assertThat(o)
        .isEqualTo(
            new DemoOptions(
                4000,
                Optional.of("https://as.example"),
                "oauth",
                Optional.of("https://mcp.example/mcp"),
                "undertow"));
  }

  @Test
  void parseWhenBadInputThenAClearMessage() {
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--port", "x")))
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--port")))
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--adapter", "tomcat")))
        .hasMessageContaining("javalin, undertow, servlet");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--type", "saml")))
        .hasMessageContaining("oidc, oauth, auto");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--verbose")))
        .hasMessageContaining("unknown argument");
  }

  @Test
  void parseWhenFeatureFlagsGivenThenAllTakenAndTheSecretNeverPrinted() {
    DemoOptions o =
        DemoOptions.parse(
            List.of(
                "--hide-tools",
                "--allowed-origin",
                "http://localhost:6274",
                "--allowed-origin",
                "https://app.example",
                "--dpop",
                "REQUIRED",
                "--replay-cache",
                "--tokens",
                "mixed",
                "--issuer",
                "https://as.example",
                "--introspection-client",
                "rs:s3cret",
                "--no-token-cache"));
    assertThat(o)
        .isEqualTo(
            new DemoOptions(
                3001,
                Optional.of("https://as.example"),
                "oidc",
                Optional.empty(),
                "javalin",
                true,
                List.of("http://localhost:6274", "https://app.example"),
                Optional.of("required"),
                true,
                "mixed",
                Optional.of("rs:s3cret"),
                false));
    assertThat(o.toString()).doesNotContain("s3cret");
  }

  @Test
  void parseWhenFlagsContradictThenAMessageNamingTheFix() {
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--replay-cache")))
        .hasMessageContaining("add --dpop");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--dpop", "maybe")))
        .hasMessageContaining("allowed, required");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--tokens", "saml")))
        .hasMessageContaining("jwt, opaque, mixed");
    assertThatThrownBy(
            () ->
                DemoOptions.parse(List.of("--issuer", "https://as.example", "--tokens", "opaque")))
        .hasMessageContaining("needs --introspection-client");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--introspection-client", "a:b")))
        .hasMessageContaining("only with --tokens opaque or mixed");
    assertThatThrownBy(
            () ->
                DemoOptions.parse(
                    List.of(
                        "--issuer",
                        "https://as.example",
                        "--tokens",
                        "opaque",
                        "--introspection-client",
                        "nosecret")))
        .hasMessageContaining("ID:SECRET");
  }

  @Test
  void parseWhenStoreAndNoncesGivenThenTakenAndNoSecretPrinted() {
    String secret = "0123456789abcdef0123456789abcdef-nonce";
    DemoOptions o =
        DemoOptions.parse(
            List.of(
                "--dpop",
                "allowed",
                "--dpop-nonces",
                "--store",
                "rediss://app:s3cret@redis.internal:6380/2"),
            Map.of(DemoOptions.NONCE_SECRET_VARIABLE, secret));
    assertThat(o.store()).contains("rediss://app:s3cret@redis.internal:6380/2");
    assertThat(o.dpopNonces()).isTrue();
    assertThat(o.nonceSecret()).contains(secret);
    assertThat(o.toString())
        .contains("store=rediss://***@redis.internal:6380/2", "nonceSecret=Optional[***]")
        .doesNotContain("s3cret", secret);
    assertThat(DemoOptions.parse(List.of("--store", "memory")).store()).isEmpty();
    assertThat(DemoOptions.parse(List.of()).store()).isEmpty();
    // the secret is read only with --dpop-nonces
    assertThat(
            DemoOptions.parse(List.of(), Map.of(DemoOptions.NONCE_SECRET_VARIABLE, secret))
                .nonceSecret())
        .isEmpty();
    assertThat(DemoOptions.redactedStore("redis://localhost")).isEqualTo("redis://localhost:6379");
  }

  @Test
  void parseWhenNoncesMisusedThenAMessageNamingTheFix() {
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--dpop-nonces")))
        .hasMessageContaining("add --dpop");
    assertThatThrownBy(
            () ->
                DemoOptions.parse(
                    List.of("--dpop", "allowed", "--dpop-nonces"),
                    Map.of(DemoOptions.NONCE_SECRET_VARIABLE, "too-short")))
        .hasMessageContaining("at least 32 bytes")
        .hasMessageNotContaining("too-short");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--store")))
        .hasMessageContaining("needs a value");
  }

  @Test
  void parseWhenExchangeClientGivenThenTakenAndItsSecretNeverPrinted() {
    DemoOptions o =
        DemoOptions.parse(
            List.of("--issuer", "https://as.example", "--exchange-client", "mcp-x:s3cret"));
    assertThat(o.exchangeClient()).contains("mcp-x:s3cret");
    assertThat(o.toString())
        .contains("exchangeClient=Optional[mcp-x:***]")
        .doesNotContain("s3cret");
    assertThat(DemoOptions.parse(List.of()).exchangeClient()).isEmpty();
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--exchange-client", "no-colon")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--exchange-client");
  }
}
