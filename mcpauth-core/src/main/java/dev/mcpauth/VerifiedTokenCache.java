package dev.mcpauth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opt-in memory of tokens that already passed signature verification, so a repeat costs a hash and a
 * lookup instead of a signature check. Keyed by the SHA-256 of the token's signature segment (unique
 * per token; hashing it alone halves the work), and a hit counts only if the whole presented token
 * equals the remembered one, so no other token can borrow an entry. The token itself is held only
 * inside the remembered {@link AuthInfo}. An entry lives until the earlier of the token's {@code exp}
 * and the configured time-to-live, and is ignored once its signing key is no longer in the issuer's
 * key set. Bounded: past the size cap, expired entries go first, then arbitrary ones. Thread-safe.
 *
 * <p>The trade-off: within the time-to-live a revoked-but-unexpired token keeps working (as it would with
 * any JWT verification, which never asks the authorization server), and the memory holds up to
 * {@code maxEntries} identities.
 */
final class VerifiedTokenCache {
  /** What was verified, until when, with which key. */
  record Entry(AuthInfo info, String bearerHeader, long expiresAtMillis, TrustedIssuer issuer,
      VerificationKey key) {}

  /** The header value most clients send, compared whole when it recurs. */
  private static final String BEARER_PREFIX = "Bearer ";

  /** Per-thread scratch space for the key's bytes: no allocation per request. */
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1024]);
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  });

  private final ConcurrentHashMap<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();
  private final long ttlMillis;
  private final int maxEntries;
  private final Clock clock;

  VerifiedTokenCache(Duration ttl, int maxEntries, Clock clock) {
    this.ttlMillis = ttl.toMillis();
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  static ByteBuffer keyOf(String token) {
    return keyOf(token, 0);
  }

  /** The key of the token that starts at {@code offset} of {@code text} and runs to its end. */
  @SuppressWarnings("deprecation")
  static ByteBuffer keyOf(String text, int offset) {
    String token = text;
    MessageDigest digest = SHA256.get();
    // indexOf is vectorised by the JIT, lastIndexOf is not: find the second dot from the front.
    int from = token.indexOf('.', token.indexOf('.', offset) + 1) + 1;
    if (from == 0) {
      from = offset; // not three segments: hash it all (it cannot be a remembered token anyway)
    }
    int length = token.length() - from;
    byte[] scratch = SCRATCH.get();
    if (length > scratch.length) {
      return ByteBuffer.wrap(digest.digest(token.substring(from).getBytes(StandardCharsets.US_ASCII)));
    }
    // token68 is ASCII: the low byte of each char is the whole char, and this copy is a plain array copy.
    token.getBytes(from, token.length(), scratch, 0);
    digest.update(scratch, 0, length);
    return ByteBuffer.wrap(digest.digest());
  }

  /** The remembered verification of exactly this token, if still fresh and its key still trusted. */
  AuthInfo get(ByteBuffer key, String token) {
    return get(key, token, 0);
  }

  /** Same, for the token that starts at {@code offset} of {@code text} and runs to its end. */
  AuthInfo get(ByteBuffer key, String text, int offset) {
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (!sameToken(e, text, offset)) {
      return null;
    }
    if (clock.millis() >= e.expiresAtMillis() || !e.issuer().stillTrusts(e.key())) {
      entries.remove(key, e);
      return null;
    }
    return e.info();
  }

  /**
   * Whether the token at {@code offset} of {@code text} is exactly the remembered one. A whole-string
   * {@code equals} is vectorised (and compares the strings' encodings too), while
   * {@code String.regionMatches} is a char-at-a-time loop on Java 17 and was the largest cost of a hit;
   * so the common shapes (the bare token, or the header value {@code "Bearer <token>"}) are compared
   * whole, and anything else region by region.
   */
  private static boolean sameToken(Entry e, String text, int offset) {
    String token = e.info().token();
    if (offset == 0) {
      return text.equals(token);
    }
    if (offset == BEARER_PREFIX.length() && text.equals(e.bearerHeader())) {
      return true;
    }
    return token.length() == text.length() - offset && text.regionMatches(offset, token, 0, token.length());
  }

  void put(ByteBuffer key, AuthInfo info, TrustedIssuer issuer, VerificationKey signingKey) {
    long now = clock.millis();
    long expires = Math.min(now + ttlMillis, info.expiresAt().map(i -> i.toEpochMilli()).orElse(now));
    if (expires <= now) {
      return;
    }
    if (entries.size() >= maxEntries) {
      evict(now);
    }
    entries.put(key, new Entry(info, BEARER_PREFIX + info.token(), expires, issuer, signingKey));
  }

  private void evict(long now) {
    entries.values().removeIf(e -> e.expiresAtMillis() <= now);
    Iterator<ByteBuffer> it = entries.keySet().iterator();
    int excess = entries.size() - maxEntries + Math.max(1, maxEntries / 10);
    while (excess-- > 0 && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  int size() {
    return entries.size();
  }
}
