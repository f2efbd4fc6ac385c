package dev.mcpauth;

import com.google.gson.JsonElement;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * RFC 7519 §2 NumericDate: a JSON number of seconds since the epoch. Range-checked before any
 * conversion (0 to the end of year 9999), so a huge value such as 2^64 is refused instead of
 * wrapping into a plausible one. Used for access tokens, introspection responses and DPoP proofs
 * alike.
 */
final class NumericDate {
  /** NumericDate values beyond year 9999 are nonsense and would overflow arithmetic. */
  static final long MAX = 253402300799L;

  private static final BigDecimal MAX_DECIMAL = BigDecimal.valueOf(MAX);

  private NumericDate() {}

  /**
   * The whole seconds of a NumericDate; empty when absent, not a number, negative or out of range.
   */
  static Optional<Long> seconds(JsonElement e) {
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      return Optional.empty();
    }
    BigDecimal d;
    try {
      d = e.getAsBigDecimal();
    } catch (NumberFormatException ex) {
      return Optional.empty();
    }
    if (d.signum() < 0 || d.compareTo(MAX_DECIMAL) > 0) {
      return Optional.empty();
    }
    return Optional.of(d.longValue());
  }
}
