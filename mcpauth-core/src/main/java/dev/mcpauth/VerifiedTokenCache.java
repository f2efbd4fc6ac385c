package dev.mcpauth;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory of JWTs that passed signature verification, so a repeat costs one hash-map lookup (the
 * token's string hash and one equality check of the whole token) instead of a signature check. Keyed by
 * the whole token, so no other token can borrow an entry; colliding string hashes cost a tree lookup
 * ({@link ConcurrentHashMap} bins of comparable keys), never a wrong hit. An entry lives until the
 * earlier of the token's {@code exp} and the time-to-live, and is ignored once its signing key is no
 * longer in the issuer's key set. The claims policy and scopes still run on every request. Bounded in
 * entries and in the characters of the tokens held: past either cap, expired entries go first, then
 * arbitrary ones. Thread-safe.
 */
final class VerifiedTokenCache {
  private record Entry(AuthInfo info, long expiresAtMillis, TrustedIssuer issuer, VerificationKey key) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
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

  /** The remembered verification of exactly this token, if still fresh and its key still trusted. */
  Optional<AuthInfo> get(String token) {
    Entry e = entries.get(token);
    if (e == null) {
      return Optional.empty();
    }
    if (clock.millis() >= e.expiresAtMillis() || !e.issuer().stillTrusts(e.key())) {
      remove(token, e);
      return Optional.empty();
    }
    return Optional.of(e.info());
  }

  void put(AuthInfo info, TrustedIssuer issuer, VerificationKey signingKey) {
    String key = info.token();
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

  private void remove(String key, Entry e) {
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
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext() && (entries.size() > maxEntries - Math.max(1, maxEntries / 10)
        || chars.get() + incoming > maxChars - maxChars / 10)) {
      Map.Entry<String, Entry> next = it.next();
      remove(next.getKey(), next.getValue());
    }
  }

  int size() {
    return entries.size();
  }
}
