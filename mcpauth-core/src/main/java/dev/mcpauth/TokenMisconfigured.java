package dev.mcpauth;

import java.util.Objects;

/**
 * The token could not be checked because the resource server is misconfigured; retrying will not
 * help until the configuration changes.
 *
 * @param reason what is wrong and how to fix it (logged; shown to clients only with {@code
 *     showErrorDetails})
 */
record TokenMisconfigured(String reason) implements TokenVerifier.Result {
  /** Checks the reason is present. */
  TokenMisconfigured {
    Objects.requireNonNull(reason, "reason");
  }
}
