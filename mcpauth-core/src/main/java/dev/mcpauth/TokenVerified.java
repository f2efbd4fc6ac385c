package dev.mcpauth;

import java.util.Objects;

/**
 * The token is genuine.
 *
 * @param authInfo who the caller is
 */
record TokenVerified(AuthInfo authInfo) implements TokenVerifier.Result {
  /** Checks the identity is present. */
  TokenVerified {
    Objects.requireNonNull(authInfo, "authInfo");
  }
}
