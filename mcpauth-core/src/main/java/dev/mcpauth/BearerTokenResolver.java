package dev.mcpauth;

import java.util.List;

/**
 * Finds the Bearer token in a request. The {@code Authorization} header is the only transport
 * (query parameters, form bodies and cookies are never read: OAuth 2.1 §5.1, MCP "Token Handling").
 *
 * <p>Pinned choices: the scheme is case-insensitive; one or more spaces separate it from the token
 * ({@code 1*SP}), a tab does not; a header longer than the configured cap is rejected before any
 * decoding; {@code BearerXYZ} is another scheme, so it counts as no credentials.
 */
final class BearerTokenResolver {
  private static final ResolvedCredentials.Result NONE = new ResolvedCredentials.None();

  private final int maxHeaderLength;
  private final boolean dpop;

  /** With {@code dpop} on, {@code DPoP <token68>} is a credential too. */
  BearerTokenResolver(int maxHeaderLength, boolean dpop) {
    this.maxHeaderLength = maxHeaderLength;
    this.dpop = dpop;
  }

  ResolvedCredentials.Result resolve(RequestHeaders headers) {
    List<String> values = headers.values("Authorization");
    if (values.isEmpty()) {
      return NONE;
    }
    if (values.size() > 1) {
      return new ResolvedCredentials.Ambiguous("more than one Authorization header");
    }
    String value = values.get(0);
    if (value == null) {
      return NONE;
    }
    if (value.length() > maxHeaderLength) {
      return new ResolvedCredentials.Malformed(DenialReason.HEADER_TOO_LONG);
    }
    value = trimOws(value);
    if (value.isEmpty()) {
      return NONE;
    }
    if (dpop && value.regionMatches(true, 0, "DPoP ", 0, 5)) {
      String rest = value.substring(5).stripLeading();
      if (commaJoinedBearerCount(rest) > 0) {
        return new ResolvedCredentials.Ambiguous("several credentials in one Authorization header");
      }
      return isToken68(rest)
          ? new ResolvedCredentials.DpopToken(rest)
          : new ResolvedCredentials.Malformed(DenialReason.MALFORMED_HEADER);
    }
    if (!startsWithBearerScheme(value)) {
      return commaJoinedBearerCount(value) > 0
          ? new ResolvedCredentials.Ambiguous("several credentials in one Authorization header")
          : NONE;
    }
    if (value.length() == 6) {
      return new ResolvedCredentials.Malformed(DenialReason.MALFORMED_HEADER);
    }
    char separator = value.charAt(6);
    if (separator != ' ') {
      // "BearerXYZ" is a different scheme name; "Bearer\tX" is a malformed Bearer credential.
      return separator == '\t'
          ? new ResolvedCredentials.Malformed(DenialReason.MALFORMED_HEADER)
          : NONE;
    }
    int start = 7;
    while (start < value.length() && value.charAt(start) == ' ') {
      start++;
    }
    if (start == value.length()) {
      return new ResolvedCredentials.Malformed(DenialReason.MALFORMED_HEADER);
    }
    String rest = value.substring(start);
    if (commaJoinedBearerCount(rest) > 0) {
      return new ResolvedCredentials.Ambiguous("several credentials in one Authorization header");
    }
    if (!isToken68(rest)) {
      return new ResolvedCredentials.Malformed(DenialReason.MALFORMED_HEADER);
    }
    return new ResolvedCredentials.Token(rest);
  }

  private static boolean startsWithBearerScheme(String value) {
    return value.regionMatches(true, 0, "Bearer", 0, 6)
        && (value.length() == 6 || value.charAt(6) == ' ' || value.charAt(6) == '\t');
  }

  /**
   * Counts comma-separated list members after the first that are themselves Bearer or DPoP
   * credentials.
   */
  private static int commaJoinedBearerCount(String value) {
    int count = 0;
    int comma = value.indexOf(',');
    while (comma >= 0) {
      String next = trimOws(value.substring(comma + 1));
      if (next.regionMatches(true, 0, "Bearer ", 0, 7)
          || next.regionMatches(true, 0, "DPoP ", 0, 5)) {
        count++;
      }
      comma = value.indexOf(',', comma + 1);
    }
    return count;
  }

  /** RFC 9110 §11.2 token68: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
  static boolean isToken68(String s) {
    int i = 0;
    int n = s.length();
    while (i < n && isToken68Char(s.charAt(i))) {
      i++;
    }
    if (i == 0) {
      return false;
    }
    while (i < n && s.charAt(i) == '=') {
      i++;
    }
    return i == n;
  }

  /** token68 characters before the padding, as a table: one load per character on the hot path. */
  private static final boolean[] TOKEN68 = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      TOKEN68[c] =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~'
              || c == '+'
              || c == '/';
    }
  }

  private static boolean isToken68Char(char c) {
    return c < 128 && TOKEN68[c];
  }

  /** Strips optional whitespace (SP and HTAB) around a field value, as RFC 9110 §5.5 allows. */
  private static String trimOws(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(start, end);
  }
}
