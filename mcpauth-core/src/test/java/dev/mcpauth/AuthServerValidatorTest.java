package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.AuthServerConfigFixtures;
import org.junit.jupiter.api.Test;

/** The peers' validation codes, plus ours. */
class AuthServerValidatorTest {

  private static AuthServerMetadata.Builder good() {
    return AuthServerMetadata.builder("https://as.example")
        .authorizationEndpoint("https://as.example/authorize")
        .tokenEndpoint("https://as.example/token")
        .jwksUri("https://as.example/jwks")
        .responseTypesSupported("code")
        .codeChallengeMethodsSupported("S256")
        .registrationEndpoint("https://as.example/register");
  }

  private static AuthServerMetadata.Validation validate(AuthServerMetadata.Builder b) {
    return AuthServerMetadata.Validation.of(b.build(), true);
  }

  @Test
  void validateWhenEverythingIsSupportedThenValidWithEverySuccess() {
    AuthServerMetadata.Validation r = validate(good());
    assertThat(r.isValid()).isTrue();
    assertThat(r.warnings()).isEmpty();
    assertThat(r.successes())
        .extracting(AuthServerMetadata.Validation.Issue::code)
        .containsExactly(
            AuthServerMetadata.Validation.Code.SERVER_METADATA_VALID,
            AuthServerMetadata.Validation.Code.CODE_RESPONSE_TYPE_SUPPORTED,
            AuthServerMetadata.Validation.Code.AUTHORIZATION_CODE_GRANT_SUPPORTED,
            AuthServerMetadata.Validation.Code.PKCE_SUPPORTED,
            AuthServerMetadata.Validation.Code.S256_CODE_CHALLENGE_METHOD_SUPPORTED,
            AuthServerMetadata.Validation.Code.DYNAMIC_REGISTRATION_SUPPORTED,
            AuthServerMetadata.Validation.Code.JWKS_URI_PRESENT);
  }

  @Test
  void validateWhenNotVerboseThenNoSuccesses() {
    assertThat(AuthServerMetadata.Validation.of(good().build()).successes()).isEmpty();
  }

  @Test
  void validateWhenCodeIsPartOfACombinedResponseTypeThenSupported() {
    assertThat(validate(good().responseTypesSupported("code id_token")).isValid()).isTrue();
    assertThat(validate(good().responseTypesSupported("token")).errors())
        .extracting(AuthServerMetadata.Validation.Issue::code)
        .containsExactly(AuthServerMetadata.Validation.Code.CODE_RESPONSE_TYPE_NOT_SUPPORTED);
  }

  @Test
  void validateWhenGrantTypesAbsentThenRfcDefaultIncludesAuthorizationCode() {
    assertThat(validate(good()).isValid()).isTrue();
    assertThat(validate(good().grantTypesSupported("client_credentials")).errors())
        .extracting(AuthServerMetadata.Validation.Issue::code)
        .containsExactly(AuthServerMetadata.Validation.Code.AUTHORIZATION_CODE_GRANT_NOT_SUPPORTED);
  }

  @Test
  void validateWhenPkceAbsentOrWithoutS256ThenTheMatchingError() {
    AuthServerMetadata noPkce =
        AuthServerConfigFixtures.parse(
            "{\"issuer\":\"https://as.example\",\"authorization_endpoint\":\"https://as.example/a\","
                + "\"token_endpoint\":\"https://as.example/t\",\"jwks_uri\":\"https://as.example/j\","
                + "\"response_types_supported\":[\"code\"]}");
    assertThat(AuthServerMetadata.Validation.of(noPkce).errors())
        .extracting(AuthServerMetadata.Validation.Issue::code)
        .containsExactly(AuthServerMetadata.Validation.Code.PKCE_NOT_SUPPORTED);
    assertThat(validate(good().codeChallengeMethodsSupported("plain")).errors())
        .extracting(AuthServerMetadata.Validation.Issue::code)
        .containsExactly(
            AuthServerMetadata.Validation.Code.S256_CODE_CHALLENGE_METHOD_NOT_SUPPORTED);
    assertThat(validate(good().codeChallengeMethodsSupported()).errors())
        .extracting(AuthServerMetadata.Validation.Issue::code)
        .containsExactly(
            AuthServerMetadata.Validation.Code.S256_CODE_CHALLENGE_METHOD_NOT_SUPPORTED);
  }

  @Test
  void validateWhenNoRegistrationThenWarningUnlessCimdIsSupported() {
    AuthServerMetadata noDcr =
        AuthServerMetadata.builder("https://as.example")
            .authorizationEndpoint("https://as.example/a")
            .tokenEndpoint("https://as.example/t")
            .jwksUri("https://as.example/j")
            .responseTypesSupported("code")
            .codeChallengeMethodsSupported("S256")
            .build();
    assertThat(AuthServerMetadata.Validation.of(noDcr).warnings())
        .extracting(AuthServerMetadata.Validation.Issue::code)
        .containsExactly(AuthServerMetadata.Validation.Code.DYNAMIC_REGISTRATION_NOT_SUPPORTED);
    AuthServerMetadata cimd =
        AuthServerConfigFixtures.parse(
            noDcr
                .toJson()
                .toString()
                .replace("{", "{\"client_id_metadata_document_supported\":true,"));
    AuthServerMetadata.Validation r = AuthServerMetadata.Validation.of(cimd, true);
    assertThat(r.warnings()).isEmpty();
    assertThat(r.successes())
        .extracting(AuthServerMetadata.Validation.Issue::code)
        .contains(AuthServerMetadata.Validation.Code.CLIENT_ID_METADATA_DOCUMENT_SUPPORTED);
  }

  @Test
  void validateWhenJwksUriMissingThenErrorAtConfigurationTime() {
    AuthServerMetadata noJwks =
        AuthServerConfigFixtures.parse(
            good()
                .build()
                .toJson()
                .toString()
                .replace("\"jwks_uri\":\"https://as.example/jwks\",", ""));
    assertThat(AuthServerMetadata.Validation.of(noJwks).errors())
        .extracting(AuthServerMetadata.Validation.Issue::code)
        .containsExactly(AuthServerMetadata.Validation.Code.MISSING_JWKS_URI);
  }

  @Test
  void validateWhenIssuerIsPlainHttpOnARemoteHostThenInsecure() {
    AuthServerMetadata insecure =
        AuthServerConfigFixtures.parse(
            good()
                .build()
                .toJson()
                .toString()
                .replace("\"issuer\":\"https://as.example\"", "\"issuer\":\"http://as.example\""));
    assertThat(AuthServerMetadata.Validation.of(insecure).errors())
        .extracting(AuthServerMetadata.Validation.Issue::code)
        .containsExactly(AuthServerMetadata.Validation.Code.INSECURE_URL);
  }
}
