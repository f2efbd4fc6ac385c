package dev.mcpauth;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which scopes imply which (MCP 2026-07-28 "Scope Challenge Handling": servers MUST honour the
 * scope hierarchies they define). A granted broader scope satisfies a required narrower one; the
 * relation is transitive. Exact, case-sensitive strings only: {@code notes:*} is a name, not a
 * pattern, unless you declare what it implies. Immutable.
 *
 * <pre>{@code
 * ScopeHierarchy.builder()
 *     .implies("notes:*", "notes:read", "notes:write")
 *     .implies("notes:write", "notes:read")
 *     .build();
 * }</pre>
 */
final class ScopeHierarchy {
  private static final ScopeHierarchy NONE = new ScopeHierarchy(Map.of());

  /** For each scope, every scope it implies (transitively), itself excluded. */
  private final Map<String, Set<String>> implied;

  private ScopeHierarchy(Map<String, Set<String>> implied) {
    this.implied = implied;
  }

  /** No hierarchy: a scope is satisfied only by itself. */
  static ScopeHierarchy none() {
    return NONE;
  }

  /** Starts a builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Whether {@code granted} satisfies {@code required}, directly or through the hierarchy. */
  boolean satisfies(Collection<String> granted, String required) {
    if (granted.contains(required)) {
      return true;
    }
    if (implied.isEmpty()) {
      return false;
    }
    for (String g : granted) {
      Set<String> narrower = implied.get(g);
      if (narrower != null && narrower.contains(required)) {
        return true;
      }
    }
    return false;
  }

  /** Adds what this hierarchy implies to {@code builder} (its closure yields this hierarchy). */
  void copyInto(Builder builder) {
    implied.forEach(
        (broader, narrower) -> builder.implies(broader, narrower.toArray(String[]::new)));
  }

  /** Builds a {@link ScopeHierarchy}. */
  static final class Builder {
    private final Map<String, Set<String>> direct = new HashMap<>();

    private Builder() {}

    /** Declares that {@code broader} implies each of {@code narrower}. */
    Builder implies(String broader, String... narrower) {
      Objects.requireNonNull(broader, "broader");
      Set<String> set = direct.computeIfAbsent(broader, k -> new LinkedHashSet<>());
      for (String n : narrower) {
        set.add(Objects.requireNonNull(n, "narrower"));
      }
      return this;
    }

    /** Computes the transitive closure. */
    ScopeHierarchy build() {
      Map<String, Set<String>> closure = new HashMap<>();
      for (String scope : direct.keySet()) {
        Set<String> reached = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(direct.get(scope));
        while (!todo.isEmpty()) {
          String next = todo.pop();
          if (!next.equals(scope) && reached.add(next)) {
            todo.addAll(direct.getOrDefault(next, Set.of()));
          }
        }
        closure.put(scope, Collections.unmodifiableSet(reached));
      }
      return new ScopeHierarchy(Collections.unmodifiableMap(closure));
    }
  }
}
