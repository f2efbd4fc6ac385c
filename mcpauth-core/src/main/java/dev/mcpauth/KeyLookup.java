package dev.mcpauth;

import java.time.Duration;
import java.util.List;

/** The answer of a key source for one token: keys to try, none that fit, or an outage. */
final class KeyLookup {
  private KeyLookup() {}

  /** One of the answers below. */
  sealed interface Result permits Found, NoMatch, Pending, Unavailable, Misconfigured {}

  /** Keys that fit the token's kid and algorithm, to try in order. */
  record Found(List<VerificationKey> keys) implements Result {}

  /** The issuer's current keys contain none that fits (401). */
  record NoMatch() implements Result {}

  /** Keys are being fetched, and the caller asked not to wait (finish where waiting is allowed). */
  record Pending() implements Result {}

  /** No usable keys could be obtained (503). */
  record Unavailable(String reason, Duration retryAfter) implements Result {}

  /** No keys can be obtained until the configuration changes (500). */
  record Misconfigured(String reason) implements Result {}
}
