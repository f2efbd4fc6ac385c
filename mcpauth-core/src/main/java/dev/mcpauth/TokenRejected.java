package dev.mcpauth;

import java.util.Objects;
import java.util.Optional;

/**
 * The token is refused.
 *
 * @param failure the reason, with its client-safe description
 * @param detail expected-versus-actual detail, shown only with {@code showErrorDetails}; never the
 *     token
 */
record TokenRejected(DenialReason failure, Optional<String> detail)
    implements TokenVerifier.Result {
  /** Checks both parts are present. */
  TokenRejected {
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(detail, "detail");
  }
}
