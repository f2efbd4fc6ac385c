package dev.mcpauth;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory of JWTs that passed signature verification, so a repeat costs one hash-map lookup instead
 * of a signature check. Keyed by the whole token, so no other token can borrow an entry: the hash
 * is taken over the token's last {@value #HASHED_CHARS} characters (the end of its signature,
 * unpredictable without the signing key, so only genuine tokens, which alone are stored, share it),
 * and a hit is one vectorised equality check of the whole token. Hashing a whole 750-character
 * RS256 token with {@link String#hashCode} is a serial loop on Java 17 and cost more than the rest
 * of the hit. Colliding hashes cost a tree lookup ({@link ConcurrentHashMap} bins of comparable
 * keys), never a wrong hit. An entry lives until the earlier of the token's {@code exp} and the
 * time-to-live, and is ignored once its signing key is no longer in the issuer's key set. The
 * claims policy and scopes still run on every request. Bounded in entries and in the characters of
 * the tokens held: past either cap, expired entries go first, then arbitrary ones. Thread-safe.
 */
final class VerifiedTokenCache {
  private record Entry(
      AuthInfo info, long expiresAtMillis, TrustedIssuer issuer, VerificationKey key) {}

  /** How many trailing characters of a token its hash covers. */
  static final int HASHED_CHARS = 32;

  /** A token as a map key: hashed over its tail, equal only to the same whole token. */
  private static final class TokenKey implements Comparable<TokenKey> {
    final String token;
    private final int hash;

    TokenKey(String token) {
      this.token = token;
      int h = token.length();
      for (int i = Math.max(0, token.length() - HASHED_CHARS); i < token.length(); i++) {
        h = 31 * h + token.charAt(i);
      }
      this.hash = h;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TokenKey other && hash == other.hash && token.equals(other.token);
    }

    @Override
    public int compareTo(TokenKey other) {
      return token.compareTo(other.token);
    }
  }

  private final ConcurrentHashMap<TokenKey, Entry> entries = new ConcurrentHashMap<>();
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

  /**
   * The remembered verification of exactly this token, if still fresh and its key still trusted.
   */
  Optional<AuthInfo> get(String token) {
    TokenKey key = new TokenKey(token);
    Entry e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (clock.millis() >= e.expiresAtMillis() || !e.issuer().stillTrusts(e.key())) {
      remove(key, e);
      return Optional.empty();
    }
    return Optional.of(e.info());
  }

  void put(AuthInfo info, TrustedIssuer issuer, VerificationKey signingKey) {
    TokenKey key = new TokenKey(info.token());
    long now = clock.millis();
    long expires =
        Math.min(now + ttlMillis, info.expiresAt().map(i -> i.toEpochMilli()).orElse(now));
    if (expires <= now || info.token().length() > maxChars / 16) {
      return;
    }
    if (entries.size() >= maxEntries || chars.get() + info.token().length() > maxChars) {
      evict(now, info.token().length());
    }
    Entry previous = entries.put(key, new Entry(info, expires, issuer, signingKey));
    chars.addAndGet(
        info.token().length() - (previous == null ? 0 : previous.info().token().length()));
  }

  private void remove(TokenKey key, Entry e) {
    if (entries.remove(key, e)) {
      chars.addAndGet(-e.info().token().length());
    }
  }

  /** Drops expired entries, then arbitrary ones until a tenth of each cap is free. */
  private void evict(long now, int incoming) {
    entries.forEach(
        (k, e) -> {
          if (e.expiresAtMillis() <= now) {
            remove(k, e);
          }
        });
    Iterator<Map.Entry<TokenKey, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext()
        && (entries.size() > maxEntries - Math.max(1, maxEntries / 10)
            || chars.get() + incoming > maxChars - maxChars / 10)) {
      Map.Entry<TokenKey, Entry> next = it.next();
      remove(next.getKey(), next.getValue());
    }
  }

  int size() {
    return entries.size();
  }
}
