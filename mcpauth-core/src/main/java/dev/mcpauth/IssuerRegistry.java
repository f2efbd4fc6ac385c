package dev.mcpauth;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuers one resource trusts: the configured ones, plus those its {@link IssuerResolver}
 * accepts, each with its own metadata and keys, bounded in number (least recently used dropped).
 * Setting up an accepted issuer is rate-limited by a {@link ResolvedIssuerBudget}; past it, the
 * issuer is answered as temporarily unavailable (503). Lookups of an unknown issuer never fetch
 * anything. Thread-safe.
 */
final class IssuerRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(IssuerRegistry.class);

  private final Map<String, TrustedIssuer> fixed;
  private final Optional<IssuerResolver> resolver;
  private final Function<AuthServerConfig, TrustedIssuer> factory;
  private final Map<String, TrustedIssuer> resolved;
  private final ResolvedIssuerBudget budget;

  IssuerRegistry(
      Map<String, TrustedIssuer> fixed,
      Optional<IssuerResolver> resolver,
      int maxResolved,
      Function<AuthServerConfig, TrustedIssuer> factory) {
    this(fixed, resolver, maxResolved, factory, new ResolvedIssuerBudget(Clock.systemUTC()));
  }

  IssuerRegistry(
      Map<String, TrustedIssuer> fixed,
      Optional<IssuerResolver> resolver,
      int maxResolved,
      Function<AuthServerConfig, TrustedIssuer> factory,
      ResolvedIssuerBudget budget) {
    this.budget = budget;
    this.fixed = Map.copyOf(fixed);
    this.resolver = resolver;
    this.factory = factory;
    this.resolved =
        Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
              private static final long serialVersionUID = 1L;

              @Override
              protected boolean removeEldestEntry(Map.Entry<String, TrustedIssuer> eldest) {
                return size() > maxResolved;
              }
            });
  }

  /**
   * The trusted issuer named exactly {@code iss}, asking the resolver (no I/O) when it is not
   * configured.
   */
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
    // One lock for check, budget and set-up (which does no I/O): concurrent first requests for one
    // issuer share one set-up instead of the second one finding its per-issuer budget spent.
    synchronized (resolved) {
      TrustedIssuer raced = resolved.get(iss);
      if (raced != null) {
        return Optional.of(raced);
      }
      Optional<Duration> wait = budget.take(iss);
      if (wait.isPresent()) {
        LOG.debug("setting up accepted issuers is rate-limited; retry in {}", wait.get());
        return Optional.of(TrustedIssuer.unavailable(iss, wait.get()));
      }
      TrustedIssuer created = factory.apply(config.get());
      resolved.put(iss, created);
      return Optional.of(created);
    }
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
