package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The owner an MCP session is bound to names exactly one caller: no issuer, subject or client id,
 * however spelled, makes one caller's owner equal another's (issue #24, item 11).
 */
class McpGateOwnerTest {
  private static final String ISSUER = "https://as.example";

  private static AuthInfo.Builder token(String issuer) {
    return AuthInfo.builder("opaque", issuer);
  }

  @Test
  void ownerWhenSubjectLooksLikeAClientIdThenItDiffersFromThatClientsOwner() {
    String subjectImitatingAClient = McpGate.owner(token(ISSUER).subject("client:app").build());
    String clientWithoutSubject = McpGate.owner(token(ISSUER).clientId("app").build());
    assertThat(subjectImitatingAClient).isNotEqualTo(clientWithoutSubject);
  }

  @Test
  void ownerWhenANewlineMovesBetweenIssuerAndSubjectThenTheOwnersDiffer() {
    String a = McpGate.owner(token("https://a.example\nb").subject("c").build());
    String b = McpGate.owner(token("https://a.example").subject("b\nc").build());
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void ownerWhenAClientIdCarriesANewlineThenItDiffersFromTheSplitIssuer() {
    String a = McpGate.owner(token("https://a.example\nclient:x").build());
    String b = McpGate.owner(token("https://a.example").clientId("x").build());
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void ownerWhenTheSameCallerComesBackThenTheOwnerIsTheSameAndHashed() {
    String first = McpGate.owner(token(ISSUER).subject("alice").clientId("app1").build());
    String again = McpGate.owner(token(ISSUER).subject("alice").clientId("app2").build());
    assertThat(first).isEqualTo(again).startsWith("owner:").doesNotContain("alice");
    assertThat(McpGate.owner(token(ISSUER).subject("bob").build())).isNotEqualTo(first);
  }
}
