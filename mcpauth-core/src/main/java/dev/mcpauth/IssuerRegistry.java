package dev.mcpauth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuers one resource trusts: the configured ones, plus those its {@link IssuerResolver} accepts,
 * each with its own metadata and keys, bounded in number (least recently used dropped). Lookups of an
 * unknown issuer never fetch anything. Thread-safe.
 */
final class IssuerRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(IssuerRegistry.class);

  private final Map<String, TrustedIssuer> fixed;
  private final Optional<IssuerResolver> resolver;
  private final Function<AuthServerConfig, TrustedIssuer> factory;
  private final Map<String, TrustedIssuer> resolved;

  IssuerRegistry(Map<String, TrustedIssuer> fixed, Optional<IssuerResolver> resolver, int maxResolved,
      Function<AuthServerConfig, TrustedIssuer> factory) {
    this.fixed = Map.copyOf(fixed);
    this.resolver = resolver;
    this.factory = factory;
    this.resolved = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, TrustedIssuer> eldest) {
        return size() > maxResolved;
      }
    });
  }

  /** The trusted issuer named exactly {@code iss}, asking the resolver (no I/O) when it is not configured. */
  Optional<TrustedIssuer> find(String iss) {
    TrustedIssuer known = fixed.get(iss);
    if (known != null || resolver.isEmpty()) {
      return Optional.ofNullable(known);
    }
    TrustedIssuer cached = resolved.get(iss);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<AuthServerConfig> config;
    try {
      config = resolver.get().resolve(iss);
    } catch (RuntimeException e) {
      LOG.warn("the issuer resolver threw {}; the issuer is refused", e.getClass().getName());
      return Optional.empty();
    }
    if (config.isEmpty() || !config.get().issuer().equals(iss)) {
      return Optional.empty();
    }
    TrustedIssuer created = factory.apply(config.get());
    TrustedIssuer raced = resolved.putIfAbsent(iss, created);
    return Optional.of(raced != null ? raced : created);
  }

  /** Whether {@code iss} is trusted (configured, or accepted by the resolver). */
  boolean trusts(String iss) {
    return iss != null && find(iss).isPresent();
  }

  /** The configured issuers' names, for messages. */
  Set<String> configured() {
    return fixed.keySet();
  }

  /** How many resolved issuers are held now. */
  int resolvedCount() {
    return resolved.size();
  }
}
