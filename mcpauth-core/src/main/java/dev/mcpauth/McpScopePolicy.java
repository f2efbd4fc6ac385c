package dev.mcpauth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each MCP tool, resource (or template), prompt and JSON-RPC method needs on top of the
 * route's required scopes ({@link McpAccess}: fixed scopes with placeholders, per-request scope
 * rules, RFC 9470 authentication, claim rules), and the evaluation of one request's operations
 * against them. Immutable.
 *
 * <pre>{@code
 * McpScopePolicy.builder()
 *     .tool("list_notes", McpAccess.scopes("read:notes"))
 *     .resourceTemplate("notes://{id}", McpAccess.scopes("read:notes"))
 *     .method("resources/list", McpAccess.scopes("read:notes"))
 *     .build();
 * }</pre>
 *
 * A request needs the union of what its method, its name (or URI) and every matching template
 * declare; batches are judged as a whole.
 */
final class McpScopePolicy {
  private static final Logger LOG = LoggerFactory.getLogger(McpGate.class);
  private static final McpScopePolicy NONE =
      new McpScopePolicy(Map.of(), Map.of(), Map.of(), Map.of(), List.of(), Optional.empty());

  /** A resource URI template and what it needs. */
  private record Template(ResourceUriTemplate template, McpAccess access) {}

  /** Why a request is refused before its scopes are looked at. */
  sealed interface Refusal {
    /** A placeholder's value is missing or unusable in a scope: 400. */
    record Unresolvable(String message) implements Refusal {}

    /** A claim rule failed: 403 naming the rule. */
    record Broken(ClaimRule rule) implements Refusal {}

    /** A scope rule threw or returned a non-scope: 403 without naming anything. */
    record Undecidable() implements Refusal {}
  }

  /**
   * What one request needs: every scope (route's first), every authentication requirement, or why
   * it is refused outright.
   */
  record Needs(
      List<String> scopes,
      List<AuthenticationRequirement> authentication,
      Optional<Refusal> refusal) {}

  private final Map<String, McpAccess> tools;
  private final Map<String, McpAccess> resources;
  private final Map<String, McpAccess> prompts;
  private final Map<String, McpAccess> methods;
  private final List<Template> templates;
  private final Optional<McpAccess> everyRequest;

  private McpScopePolicy(
      Map<String, McpAccess> tools,
      Map<String, McpAccess> resources,
      Map<String, McpAccess> prompts,
      Map<String, McpAccess> methods,
      List<Template> templates,
      Optional<McpAccess> everyRequest) {
    this.tools = tools;
    this.resources = resources;
    this.prompts = prompts;
    this.methods = methods;
    this.templates = templates;
    this.everyRequest = everyRequest;
  }

  /** No per-operation scopes: every authorized caller may call everything. */
  static McpScopePolicy none() {
    return NONE;
  }

  /** Starts a builder. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * The fixed scopes without placeholders a tool needs (what is known without a request), for
   * hiding tools; empty when it needs none beyond the route's.
   */
  List<String> toolScopes(String tool) {
    return knownScopes(tools.get(tool));
  }

  /** Whether {@code caller} passes the claim rules of the tool and of every request. */
  boolean passesToolClaims(String tool, AuthInfo caller) {
    return everyRequest.map(a -> passes(a, caller)).orElse(true)
        && Optional.ofNullable(tools.get(tool)).map(a -> passes(a, caller)).orElse(true);
  }

  private static boolean passes(McpAccess access, AuthInfo caller) {
    return access.claimRules().stream().allMatch(r -> r.test(caller));
  }

  /**
   * The fixed scopes without placeholders one JSON-RPC request needs (what is known from its method
   * and name alone: the 401 challenge's hint and {@link McpGate#scopesFor}).
   *
   * @param method the JSON-RPC method, e.g. {@code tools/call}
   * @param name the tool or prompt name, or the resource URI; may be null
   */
  List<String> scopesFor(String method, String name) {
    LinkedHashSet<String> all = new LinkedHashSet<>();
    everyRequest.ifPresent(a -> all.addAll(knownScopes(a)));
    all.addAll(knownScopes(methods.get(method)));
    if (name != null) {
      switch (method) {
        case "tools/call" -> all.addAll(knownScopes(tools.get(name)));
        case "prompts/get" -> all.addAll(knownScopes(prompts.get(name)));
        case "resources/read", "resources/subscribe", "resources/unsubscribe" -> {
          all.addAll(knownScopes(resources.get(name)));
          for (Template t : templates) {
            if (t.template().matches(name)) {
              all.addAll(knownScopes(t.access()));
            }
          }
        }
        default -> {}
      }
    }
    return List.copyOf(all);
  }

  private static List<String> knownScopes(McpAccess access) {
    if (access == null) {
      return List.of();
    }
    return access.fixedScopes().stream()
        .filter(s -> McpAccess.resolve(s, n -> Optional.empty()).isPresent())
        .toList();
  }

  /**
   * Everything a request needs: the route's scopes, then per operation its method's, its name's or
   * URI's and every matching template's (placeholders resolved, scope rules asked), with their
   * authentication requirements and claim rules; the first refusal stops the evaluation.
   *
   * @param calls the body's messages (none for GET and DELETE)
   */
  Needs evaluate(List<String> routeScopes, List<JsonRpcScan.Call> calls, AuthInfo caller) {
    Evaluation e = new Evaluation(caller);
    e.scopes.addAll(routeScopes);
    McpOperation none = new McpOperation("", Optional.empty(), Map.of(), Map.of());
    everyRequest.ifPresent(a -> e.apply(a, none, Map.of()));
    for (JsonRpcScan.Call call : calls) {
      if (e.refusal.isPresent()) {
        break;
      }
      if (call.method() == null) {
        continue;
      }
      String method = call.method();
      String name = call.name();
      McpOperation op =
          new McpOperation(method, Optional.ofNullable(name), call.arguments(), Map.of());
      e.apply(methods.get(method), op, Map.of());
      if (name == null) {
        continue;
      }
      switch (method) {
        case "tools/call" -> e.apply(tools.get(name), op, call.arguments());
        case "prompts/get" -> e.apply(prompts.get(name), op, call.arguments());
        case "resources/read", "resources/subscribe", "resources/unsubscribe" -> {
          e.apply(resources.get(name), op, Map.of());
          for (Template t : templates) {
            Optional<Map<String, String>> variables = t.template().match(name);
            if (variables.isPresent()) {
              e.apply(t.access(), op.withVariables(variables.get()), variables.get());
            }
          }
        }
        default -> {}
      }
    }
    return new Needs(List.copyOf(e.scopes), List.copyOf(e.authentication), e.refusal);
  }

  /** The evaluation of one request, filled operation by operation. */
  private static final class Evaluation {
    final AuthInfo caller;
    final Set<String> scopes = new LinkedHashSet<>();
    final List<AuthenticationRequirement> authentication = new ArrayList<>();
    Optional<Refusal> refusal = Optional.empty();

    Evaluation(AuthInfo caller) {
      this.caller = caller;
    }

    void apply(McpAccess access, McpOperation op, Map<String, String> values) {
      if (access == null || refusal.isPresent()) {
        return;
      }
      for (ClaimRule rule : access.claimRules()) {
        if (!rule.test(caller)) {
          refusal = Optional.of(new Refusal.Broken(rule));
          return;
        }
      }
      for (String scope : access.fixedScopes()) {
        Optional<String> resolved =
            McpAccess.resolve(scope, n -> Optional.ofNullable(values.get(n)));
        if (resolved.isEmpty()) {
          refusal =
              Optional.of(
                  new Refusal.Unresolvable(
                      "Invalid params: a value this request needs to be authorized is missing or"
                          + " cannot be used in a scope"));
          return;
        }
        scopes.add(resolved.get());
      }
      for (OperationScopes rule : access.scopeRules()) {
        Collection<String> more;
        try {
          more = rule.scopesFor(op, caller);
        } catch (RuntimeException ex) {
          LOG.warn(
              "an OperationScopes rule for {} {} threw {}; the request is refused",
              op.method(),
              op.name().orElse(""),
              ex.toString());
          refusal = Optional.of(new Refusal.Undecidable());
          return;
        }
        if (more == null || !more.stream().allMatch(s -> s != null && McpAccess.isScopeText(s))) {
          LOG.warn(
              "an OperationScopes rule for {} {} returned something that is not a list of scopes;"
                  + " the request is refused",
              op.method(),
              op.name().orElse(""));
          refusal = Optional.of(new Refusal.Undecidable());
          return;
        }
        scopes.addAll(more);
      }
      authentication.addAll(access.authentication());
    }
  }

  /** Builds a {@link McpScopePolicy}. */
  static final class Builder {
    private final Map<String, McpAccess> tools = new HashMap<>();
    private final Map<String, McpAccess> resources = new HashMap<>();
    private final Map<String, McpAccess> prompts = new HashMap<>();
    private final Map<String, McpAccess> methods = new HashMap<>();
    private final List<Template> templates = new ArrayList<>();
    private final Map<String, Template> resourcesWithVariables = new LinkedHashMap<>();
    private McpAccess everyRequest;

    private Builder() {}

    private static void add(Map<String, McpAccess> map, String key, McpAccess access) {
      Objects.requireNonNull(key, "name");
      Objects.requireNonNull(access, "access");
      map.merge(key, access, McpAccess::and);
    }

    /** What every request of the endpoint needs (GET and DELETE included). */
    Builder everyRequest(McpAccess access) {
      Objects.requireNonNull(access, "access");
      if (access.hasPlaceholders() || !access.scopeRules().isEmpty()) {
        throw new IllegalArgumentException(
            "what every request needs cannot depend on the request (no placeholders or scope"
                + " rules): declare them on a method, tool, resource or prompt");
      }
      everyRequest = everyRequest == null ? access : everyRequest.and(access);
      return this;
    }

    /**
     * What any request with this JSON-RPC method needs ({@code resources/list}, {@code tools/list},
     * ...); placeholders are not allowed (a method has no variables).
     */
    Builder method(String method, McpAccess access) {
      if (access.hasPlaceholders()) {
        throw new IllegalArgumentException(
            "scopes of method " + method + " cannot have placeholders: a method has no variables");
      }
      add(methods, method, access);
      return this;
    }

    /**
     * What reading any resource whose URI matches {@code template} needs, such as {@code
     * notes://{id}}; placeholders name the template's variables. A URI matches exactly when the MCP
     * Java SDK's dispatcher ({@code DefaultMcpUriTemplateManager}, also behind Spring AI's MCP
     * server) would route it to the template's handler: each {@code {name}} stands for one or more
     * characters other than {@code /} (so {@code ?}, {@code #}, {@code %2F} and {@code .} are part
     * of a value), and everything else must match literally.
     *
     * @throws IllegalArgumentException for a blank template, an unbalanced, empty or unreadable
     *     {@code {}}, an unpaired surrogate, or a placeholder that is not a variable of the
     *     template
     */
    Builder resourceTemplate(String template, McpAccess access) {
      ResourceUriTemplate parsed =
          ResourceUriTemplate.parse(Objects.requireNonNull(template, "template"));
      checkPlaceholders(template, parsed, access);
      templates.add(new Template(parsed, Objects.requireNonNull(access, "access")));
      return this;
    }

    private static void checkPlaceholders(
        String template, ResourceUriTemplate parsed, McpAccess access) {
      for (String name : access.placeholderNames()) {
        if (!parsed.variableNames().contains(name)) {
          throw new IllegalArgumentException(
              "scope placeholder {"
                  + name
                  + "} is not a variable of resource template "
                  + template);
        }
      }
    }

    /** What calling this tool needs; placeholders name its arguments. */
    Builder tool(String name, McpAccess access) {
      add(tools, name, access);
      return this;
    }

    /**
     * What reading this resource URI needs. The MCP SDK matches a resource's URI the way it matches
     * a template, so a URI with a {@code {name}} variable is also declared as {@link
     * #resourceTemplate a template}, and is refused like one when it is unreadable.
     */
    Builder resource(String uri, McpAccess access) {
      Objects.requireNonNull(uri, "uri");
      if (ResourceUriTemplate.hasVariables(uri)) {
        ResourceUriTemplate parsed = ResourceUriTemplate.parse(uri);
        checkPlaceholders(uri, parsed, access);
        Template previous = resourcesWithVariables.get(uri);
        resourcesWithVariables.put(
            uri, new Template(parsed, previous == null ? access : previous.access().and(access)));
      } else if (access.hasPlaceholders()) {
        throw new IllegalArgumentException(
            "scopes of resource " + uri + " cannot have placeholders: the URI has no variables");
      }
      add(resources, uri, access);
      return this;
    }

    /** What getting this prompt needs; placeholders name its arguments. */
    Builder prompt(String name, McpAccess access) {
      add(prompts, name, access);
      return this;
    }

    /** Builds the policy. */
    McpScopePolicy build() {
      List<Template> allTemplates = new ArrayList<>(templates);
      allTemplates.addAll(resourcesWithVariables.values());
      Map<String, McpAccess> exactResources = new HashMap<>(resources);
      resourcesWithVariables.keySet().forEach(exactResources::remove);
      return new McpScopePolicy(
          Map.copyOf(tools),
          Map.copyOf(exactResources),
          Map.copyOf(prompts),
          Map.copyOf(methods),
          List.copyOf(allTemplates),
          Optional.ofNullable(everyRequest));
    }
  }
}
