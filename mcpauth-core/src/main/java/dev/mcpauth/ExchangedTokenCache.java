package dev.mcpauth;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exchanged tokens remembered in an {@link ExpiringCache} (this process's memory, or the shared
 * store), under a key derived from everything the answer depends on: the authorization server, the
 * client, the caller's whole inbound token, and the sorted resources, audiences and scopes. Never
 * by client or subject alone, so two users (or two tokens of one user with different grants) never
 * share an entry.
 *
 * <p>The value is encrypted (AES-GCM) with a second key derived from the same inputs, so a dump of
 * a shared store yields no usable token without the inbound token it was exchanged for. An entry
 * ends {@code skew} before the exchanged token expires and no later than the inbound token does. A
 * store failure is a miss. Thread-safe.
 */
final class ExchangedTokenCache {
  private static final Logger LOG = LoggerFactory.getLogger(ExchangedTokenCache.class);
  private static final int IV_BYTES = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The cache key and the value's encryption key for one request. */
  record Slot(String key, byte[] secret) {}

  private final ExpiringCache cache;
  private final Duration skew;
  private final Clock clock;

  ExchangedTokenCache(ExpiringCache cache, Duration skew, Clock clock) {
    this.cache = cache;
    this.skew = skew;
    this.clock = clock;
  }

  static Slot slot(List<String> context, String inboundToken, TokenExchange.Target target) {
    List<String> fields = new ArrayList<>(context);
    fields.add(inboundToken);
    fields.add(String.join(" ", target.resources().stream().sorted().toList()));
    fields.add(String.join(" ", target.audiences().stream().sorted().toList()));
    fields.add(String.join(" ", target.scopes().stream().sorted().distinct().toList()));
    byte[] key = sha256("mcpauth token-exchange cache key", fields);
    byte[] secret = sha256("mcpauth token-exchange cache value", fields);
    return new Slot(
        "token-exchange:" + Base64.getUrlEncoder().withoutPadding().encodeToString(key), secret);
  }

  Optional<ExchangedToken> get(Slot slot, TokenExchange.Target target) {
    Optional<String> stored;
    try {
      stored = cache.get(slot.key());
    } catch (RuntimeException e) {
      LOG.debug("token exchange cache unavailable: {}", e.getClass().getSimpleName());
      return Optional.empty();
    }
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonObject json = StrictJson.parseObject(decrypt(slot.secret(), stored.get()));
      Instant exp = Instant.ofEpochSecond(json.get("exp").getAsLong());
      if (!clock.instant().isBefore(exp.minus(skew))) {
        return Optional.empty();
      }
      List<String> scopes = new ArrayList<>();
      for (JsonElement s : json.getAsJsonArray("scopes")) {
        scopes.add(s.getAsString());
      }
      return Optional.of(
          new ExchangedToken(
              json.get("token").getAsString(),
              json.get("token_type").getAsString(),
              json.get("issued_token_type").getAsString(),
              exp,
              scopes,
              target.resources(),
              target.audiences()));
    } catch (GeneralSecurityException
        | StrictJson.JsonRejected
        | RuntimeException e) { // a value written by another version or tampered with: a miss
      LOG.debug("token exchange cache entry unusable: {}", e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  /**
   * Remembers {@code token} until {@code skew} before its expiry, and no later than {@code cap}.
   */
  void put(Slot slot, ExchangedToken token, Optional<Instant> cap) {
    if (token.expiresAt().isEmpty()) {
      return; // no expiry known: nothing tells when a cached copy would go stale
    }
    Instant until = token.expiresAt().get().minus(skew);
    if (cap.isPresent() && cap.get().isBefore(until)) {
      until = cap.get();
    }
    if (!until.isAfter(clock.instant())) {
      return;
    }
    JsonObject json = new JsonObject();
    json.addProperty("token", token.token());
    json.addProperty("token_type", token.tokenType());
    json.addProperty("issued_token_type", token.issuedTokenType());
    json.addProperty("exp", token.expiresAt().get().getEpochSecond());
    JsonArray scopes = new JsonArray();
    token.scopes().forEach(scopes::add);
    json.add("scopes", scopes);
    try {
      cache.put(slot.key(), encrypt(slot.secret(), json.toString()), until);
    } catch (GeneralSecurityException | RuntimeException e) {
      LOG.debug("token exchange cache unavailable: {}", e.getClass().getSimpleName());
    }
  }

  private static String encrypt(byte[] secret, String plain) throws GeneralSecurityException {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.ENCRYPT_MODE, new SecretKeySpec(secret, "AES"), new GCMParameterSpec(128, iv));
    byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
  }

  private static byte[] decrypt(byte[] secret, String stored) throws GeneralSecurityException {
    byte[] all = Base64.getUrlDecoder().decode(stored);
    if (all.length <= IV_BYTES) {
      throw new GeneralSecurityException("too short");
    }
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(secret, "AES"),
        new GCMParameterSpec(128, all, 0, IV_BYTES));
    return cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
  }

  /** SHA-256 over a label and length-prefixed fields, so that no two tuples hash alike. */
  private static byte[] sha256(String label, List<String> fields) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(label.getBytes(StandardCharsets.US_ASCII));
      for (String field : fields) {
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        sha.update((":" + bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha.update(bytes);
      }
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
