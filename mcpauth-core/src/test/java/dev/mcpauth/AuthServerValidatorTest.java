package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

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

  private static AuthServerValidation validate(AuthServerMetadata.Builder b) {
    return AuthServerValidation.of(b.build(), true);
  }

  @Test
  void validateWhenEverythingIsSupportedThenValidWithEverySuccess() {
    AuthServerValidation r = validate(good());
    assertThat(r.isValid()).isTrue();
    assertThat(r.warnings()).isEmpty();
    assertThat(r.successes()).extracting(AuthServerValidation.Issue::code).containsExactly(
        AuthServerValidation.Code.SERVER_METADATA_VALID, AuthServerValidation.Code.CODE_RESPONSE_TYPE_SUPPORTED,
        AuthServerValidation.Code.AUTHORIZATION_CODE_GRANT_SUPPORTED, AuthServerValidation.Code.PKCE_SUPPORTED,
        AuthServerValidation.Code.S256_CODE_CHALLENGE_METHOD_SUPPORTED, AuthServerValidation.Code.DYNAMIC_REGISTRATION_SUPPORTED,
        AuthServerValidation.Code.JWKS_URI_PRESENT);
  }

  @Test
  void validateWhenNotVerboseThenNoSuccesses() {
    assertThat(AuthServerValidation.of(good().build()).successes()).isEmpty();
  }

  @Test
  void validateWhenCodeIsPartOfACombinedResponseTypeThenSupported() {
    assertThat(validate(good().responseTypesSupported("code id_token")).isValid()).isTrue();
    assertThat(validate(good().responseTypesSupported("token")).errors()).extracting(AuthServerValidation.Issue::code)
        .containsExactly(AuthServerValidation.Code.CODE_RESPONSE_TYPE_NOT_SUPPORTED);
  }

  @Test
  void validateWhenGrantTypesAbsentThenRfcDefaultIncludesAuthorizationCode() {
    assertThat(validate(good()).isValid()).isTrue();
    assertThat(validate(good().grantTypesSupported("client_credentials")).errors())
        .extracting(AuthServerValidation.Issue::code).containsExactly(AuthServerValidation.Code.AUTHORIZATION_CODE_GRANT_NOT_SUPPORTED);
  }

  @Test
  void validateWhenPkceAbsentOrWithoutS256ThenTheMatchingError() {
    AuthServerMetadata noPkce = AuthServerConfigFixtures.parse(
        "{\"issuer\":\"https://as.example\",\"authorization_endpoint\":\"https://as.example/a\","
            + "\"token_endpoint\":\"https://as.example/t\",\"jwks_uri\":\"https://as.example/j\","
            + "\"response_types_supported\":[\"code\"]}");
    assertThat(AuthServerValidation.of(noPkce).errors()).extracting(AuthServerValidation.Issue::code)
        .containsExactly(AuthServerValidation.Code.PKCE_NOT_SUPPORTED);
    assertThat(validate(good().codeChallengeMethodsSupported("plain")).errors()).extracting(AuthServerValidation.Issue::code)
        .containsExactly(AuthServerValidation.Code.S256_CODE_CHALLENGE_METHOD_NOT_SUPPORTED);
    assertThat(validate(good().codeChallengeMethodsSupported()).errors()).extracting(AuthServerValidation.Issue::code)
        .containsExactly(AuthServerValidation.Code.S256_CODE_CHALLENGE_METHOD_NOT_SUPPORTED);
  }

  @Test
  void validateWhenNoRegistrationThenWarningUnlessCimdIsSupported() {
    AuthServerMetadata noDcr = AuthServerMetadata.builder("https://as.example")
        .authorizationEndpoint("https://as.example/a").tokenEndpoint("https://as.example/t")
        .jwksUri("https://as.example/j").responseTypesSupported("code").codeChallengeMethodsSupported("S256").build();
    assertThat(AuthServerValidation.of(noDcr).warnings()).extracting(AuthServerValidation.Issue::code)
        .containsExactly(AuthServerValidation.Code.DYNAMIC_REGISTRATION_NOT_SUPPORTED);
    AuthServerMetadata cimd = AuthServerConfigFixtures.parse(noDcr.toJson().toString()
        .replace("{", "{\"client_id_metadata_document_supported\":true,"));
    AuthServerValidation r = AuthServerValidation.of(cimd, true);
    assertThat(r.warnings()).isEmpty();
    assertThat(r.successes()).extracting(AuthServerValidation.Issue::code)
        .contains(AuthServerValidation.Code.CLIENT_ID_METADATA_DOCUMENT_SUPPORTED);
  }

  @Test
  void validateWhenJwksUriMissingThenErrorAtConfigurationTime() {
    AuthServerMetadata noJwks = AuthServerConfigFixtures.parse(
        good().build().toJson().toString().replace("\"jwks_uri\":\"https://as.example/jwks\",", ""));
    assertThat(AuthServerValidation.of(noJwks).errors()).extracting(AuthServerValidation.Issue::code)
        .containsExactly(AuthServerValidation.Code.MISSING_JWKS_URI);
  }

  @Test
  void validateWhenIssuerIsPlainHttpOnARemoteHostThenInsecure() {
    AuthServerMetadata insecure = AuthServerConfigFixtures.parse(
        good().build().toJson().toString().replace("\"issuer\":\"https://as.example\"", "\"issuer\":\"http://as.example\""));
    assertThat(AuthServerValidation.of(insecure).errors()).extracting(AuthServerValidation.Issue::code)
        .containsExactly(AuthServerValidation.Code.INSECURE_URL);
  }
}
