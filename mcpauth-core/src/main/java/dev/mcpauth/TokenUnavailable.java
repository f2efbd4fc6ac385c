package dev.mcpauth;

import java.time.Duration;
import java.util.Objects;

/**
 * The token could not be checked because something the check depends on is down.
 *
 * @param reason what is down (logged; shown to clients only with {@code showErrorDetails})
 * @param retryAfter when to try again
 */
record TokenUnavailable(String reason, Duration retryAfter) implements TokenVerifier.Result {
  /** Checks both parts are present. */
  TokenUnavailable {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(retryAfter, "retryAfter");
  }
}
