package dev.mcpauth;

/**
 * What the {@code Authorization} header holds, decided before any token decoding (RFC 6750 §2.1,
 * RFC 9110 §11): nothing usable, a malformed Bearer credential, an ambiguous request, or one token.
 */
final class ResolvedCredentials {
  private ResolvedCredentials() {}

  /** One of the answers below. */
  sealed interface Result permits None, Malformed, Ambiguous, DpopToken, Token {}

  /**
   * No Bearer credentials: header absent or empty, or another scheme (401 without {@code error}).
   */
  record None() implements Result {}

  /**
   * The header claims Bearer but is not {@code Bearer 1*SP token68}, or is too long (401
   * invalid_token).
   */
  record Malformed(DenialReason failure) implements Result {}

  /**
   * More than one credential: two header lines or several comma-joined Bearer credentials (400).
   */
  record Ambiguous(String reason) implements Result {}

  /** Exactly one syntactically valid DPoP-scheme token (RFC 9449 §7.1), when DPoP is on. */
  record DpopToken(String token) implements Result {
    @Override
    public String toString() {
      return "DpopToken[<redacted>]";
    }
  }

  /** Exactly one syntactically valid Bearer token. */
  record Token(String token) implements Result {
    @Override
    public String toString() {
      return "Token[<redacted>]";
    }
  }
}
