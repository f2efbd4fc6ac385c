package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpauth.testing.AuthServerConfigFixtures;
import org.junit.jupiter.api.Test;

class AuthServerMetadataTest {
  private static final String BASE =
      "{\"issuer\":\"https://as.example\",\"authorization_endpoint\":\"https://as.example/a\","
          + "\"token_endpoint\":\"https://as.example/t\",\"response_types_supported\":[\"code\"]";

  @Test
  void fromJsonWhenUnknownMembersPresentThenTheyArePreserved() {
    AuthServerMetadata m =
        AuthServerConfigFixtures.parse(
            BASE
                + ",\"end_session_endpoint\":\"https://as.example/logout\",\"x_custom\":{\"deep\":[1,2]}}");
    assertThat(m.string("end_session_endpoint")).contains("https://as.example/logout");
    assertThat(m.toJson()).contains("\"x_custom\":{\"deep\":[1,2]}");
    assertThat(m.member("x_custom")).contains(java.util.Map.of("deep", java.util.List.of(1L, 2L)));
  }

  @Test
  void fromJsonWhenKnownMemberHasWrongTypeThenInvalidMetadataNamingIt() {
    assertThatThrownBy(() -> AuthServerConfigFixtures.parse(BASE + ",\"jwks_uri\":42}"))
        .isInstanceOf(McpAuthConfigException.class)
        .hasMessageContaining("jwks_uri");
    assertThatThrownBy(
            () -> AuthServerConfigFixtures.parse(BASE + ",\"scopes_supported\":[\"a\",1]}"))
        .hasMessageContaining("scopes_supported");
    assertThatThrownBy(
            () ->
                AuthServerConfigFixtures.parse(
                    BASE + ",\"client_id_metadata_document_supported\":\"yes\"}"))
        .hasMessageContaining("client_id_metadata_document_supported");
  }

  @Test
  void fromJsonWhenRequiredMemberMissingThenInvalidMetadata() {
    assertThatThrownBy(() -> AuthServerConfigFixtures.parse("{\"issuer\":\"https://as.example\"}"))
        .isInstanceOf(McpAuthConfigException.class)
        .extracting(e -> ((McpAuthConfigException) e).code())
        .isEqualTo(McpAuthConfigException.Code.INVALID_SERVER_METADATA);
  }

  @Test
  void accessorsWhenMembersAbsentThenEmptyNeverNull() {
    AuthServerMetadata m = AuthServerConfigFixtures.parse(BASE + "}");
    assertThat(m.jwksUri()).isEmpty();
    assertThat(m.scopesSupported()).isEmpty();
    assertThat(m.clientIdMetadataDocumentSupported()).isFalse();
    assertThat(m.toString()).contains("https://as.example");
  }
}
