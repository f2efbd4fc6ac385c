package dev.mcpauth;

import java.time.Duration;
import java.util.List;

/** The answer of a key source for one token: keys to try, none that fit, or an outage. */
sealed interface KeyLookup {
  /** Keys that fit the token's kid and algorithm, to try in order. */
  record Found(List<VerificationKey> keys) implements KeyLookup {}

  /** The issuer's current keys contain none that fits (401). */
  record NoMatch() implements KeyLookup {}

  /** Keys are being fetched, and the caller asked not to wait (finish where waiting is allowed). */
  record Pending() implements KeyLookup {}

  /** No usable keys could be obtained (503). */
  record Unavailable(String reason, Duration retryAfter) implements KeyLookup {}

  /** No keys can be obtained until the configuration changes (500). */
  record Misconfigured(String reason) implements KeyLookup {}
}
