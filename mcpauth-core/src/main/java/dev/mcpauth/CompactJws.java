package dev.mcpauth;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A compact JWS split and decoded exactly once (RFC 7515 §7.1): three strict base64url segments (no
 * padding, no {@code +} or {@code /}, no whitespace), a JSON object header, a JSON object payload
 * and a non-empty signature. A five-part JWE, an unsigned {@code header.payload.} token and
 * anything else are refused before any key lookup.
 */
final class CompactJws {
  final JsonObject header;
  final JsonObject claims;
  final byte[] signingInput;
  final byte[] signature;

  private CompactJws(JsonObject header, JsonObject claims, byte[] signingInput, byte[] signature) {
    this.header = header;
    this.claims = claims;
    this.signingInput = signingInput;
    this.signature = signature;
  }

  /** Why a token could not be parsed (the reason, never the content). */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * Whether a token has the shape of a compact JWS: three segments and a JSON header naming an alg.
   */
  static boolean looksLikeJws(String token) {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
      return false;
    }
    try {
      return StrictJson.parseObject(Base64.getUrlDecoder().decode(token.substring(0, first)))
          .has("alg");
    } catch (IllegalArgumentException | StrictJson.JsonRejected e) {
      return false;
    }
  }

  static CompactJws parse(String token) throws Malformed {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
      throw new Malformed("a JWS has exactly three segments");
    }
    if (second == first + 1 || second == token.length() - 1) {
      throw new Malformed("empty payload or signature segment");
    }
    checkBase64Url(token, 0, first);
    checkBase64Url(token, first + 1, second);
    checkBase64Url(token, second + 1, token.length());
    Base64.Decoder decoder = Base64.getUrlDecoder();
    try {
      byte[] headerBytes = decoder.decode(token.substring(0, first));
      byte[] payloadBytes = decoder.decode(token.substring(first + 1, second));
      byte[] signature = decoder.decode(token.substring(second + 1));
      JsonObject header = StrictJson.parseObject(headerBytes);
      JsonObject claims = StrictJson.parseObject(payloadBytes);
      byte[] signingInput = token.substring(0, second).getBytes(StandardCharsets.US_ASCII);
      return new CompactJws(header, claims, signingInput, signature);
    } catch (IllegalArgumentException e) {
      throw new Malformed("invalid base64url");
    } catch (StrictJson.JsonRejected e) {
      throw new Malformed(e.getMessage());
    }
  }

  /** base64url alphabet only (RFC 7515 §2: no padding, no line breaks). */
  private static void checkBase64Url(String s, int from, int to) throws Malformed {
    if ((to - from) % 4 == 1) {
      throw new Malformed("invalid base64url length");
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        throw new Malformed("invalid base64url character");
      }
    }
  }
}
