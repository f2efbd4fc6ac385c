package dev.mcpauth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory of JWTs that passed signature verification, so a repeat costs one SHA-256 and a lookup instead
 * of a signature check. Keyed by the SHA-256 of the whole token, and a hit counts only if the presented
 * token equals the remembered one, so no other token can borrow an entry. An entry lives until the
 * earlier of the token's {@code exp} and the time-to-live, and is ignored once its signing key is no
 * longer in the issuer's key set. The claims policy and scopes still run on every request. Bounded in
 * entries and in the characters of the tokens held: past either cap, expired entries go first, then
 * arbitrary ones. Thread-safe.
 */
final class VerifiedTokenCache {
  private record Entry(AuthInfo info, long expiresAtMillis, TrustedIssuer issuer, VerificationKey key) {}

  /** Per-thread scratch space for the token's bytes: no allocation per request for common sizes. */
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[2048]);
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  });

  private final ConcurrentHashMap<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong chars = new AtomicLong();
  private final long ttlMillis;
  private final int maxEntries;
  private final long maxChars;
  private final Clock clock;

  VerifiedTokenCache(Duration ttl, int maxEntries, long maxChars, Clock clock) {
    this.ttlMillis = ttl.toMillis();
    this.maxEntries = maxEntries;
    this.maxChars = maxChars;
    this.clock = clock;
  }

  /** The SHA-256 of the whole token (token68 is ASCII, so its chars are its bytes). */
  @SuppressWarnings("deprecation")
  static ByteBuffer keyOf(String token) {
    MessageDigest digest = SHA256.get();
    int length = token.length();
    byte[] scratch = SCRATCH.get();
    if (length > scratch.length) {
      return ByteBuffer.wrap(digest.digest(token.getBytes(StandardCharsets.US_ASCII)));
    }
    // The low byte of each char is the whole char for ASCII: a plain array copy, no encoder.
    token.getBytes(0, length, scratch, 0);
    digest.update(scratch, 0, length);
    return ByteBuffer.wrap(digest.digest());
  }

  /** The remembered verification of exactly this token, if still fresh and its key still trusted. */
  Optional<AuthInfo> get(ByteBuffer key, String token) {
    Entry e = entries.get(key);
    if (e == null || !e.info().token().equals(token)) {
      return Optional.empty();
    }
    if (clock.millis() >= e.expiresAtMillis() || !e.issuer().stillTrusts(e.key())) {
      remove(key, e);
      return Optional.empty();
    }
    return Optional.of(e.info());
  }

  void put(ByteBuffer key, AuthInfo info, TrustedIssuer issuer, VerificationKey signingKey) {
    long now = clock.millis();
    long expires = Math.min(now + ttlMillis, info.expiresAt().map(i -> i.toEpochMilli()).orElse(now));
    if (expires <= now || info.token().length() > maxChars / 16) {
      return;
    }
    if (entries.size() >= maxEntries || chars.get() + info.token().length() > maxChars) {
      evict(now, info.token().length());
    }
    Entry previous = entries.put(key, new Entry(info, expires, issuer, signingKey));
    chars.addAndGet(info.token().length() - (previous == null ? 0 : previous.info().token().length()));
  }

  private void remove(ByteBuffer key, Entry e) {
    if (entries.remove(key, e)) {
      chars.addAndGet(-e.info().token().length());
    }
  }

  /** Drops expired entries, then arbitrary ones until a tenth of each cap is free. */
  private void evict(long now, int incoming) {
    entries.forEach((k, e) -> {
      if (e.expiresAtMillis() <= now) {
        remove(k, e);
      }
    });
    Iterator<Map.Entry<ByteBuffer, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext() && (entries.size() > maxEntries - Math.max(1, maxEntries / 10)
        || chars.get() + incoming > maxChars - maxChars / 10)) {
      Map.Entry<ByteBuffer, Entry> next = it.next();
      remove(next.getKey(), next.getValue());
    }
  }

  int size() {
    return entries.size();
  }
}
