package dev.mcpauth.spring;

import dev.mcpauth.AuthenticationRequirement;
import dev.mcpauth.ClaimRule;
import dev.mcpauth.McpAccess;
import dev.mcpauth.OperationScopes;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Collects what the methods of every bean declare with {@link RequiredScopes}, {@link
 * RequiredAuthentication} and {@link RequiredClaim}: on a Spring AI {@code McpResource} method
 * under the resource's URI (or URI template), on an {@code McpPrompt} method under the prompt's
 * name, and otherwise under the tool name of the method's {@code McpTool} annotation (or the method
 * name when it has none or an empty name). Reads annotations only; makes no decision. An annotation
 * that cannot mean anything ({@code @RequiredAuthentication} with neither attribute, {@code
 * RequiredClaim} with two matchers) fails the start, naming the method.
 */
public final class ToolScopeRegistry implements BeanPostProcessor, BeanFactoryAware {
  private static final String MCP_TOOL = "org.springframework.ai.mcp.annotation.McpTool";
  private static final String MCP_RESOURCE = "org.springframework.ai.mcp.annotation.McpResource";
  private static final String MCP_PROMPT = "org.springframework.ai.mcp.annotation.McpPrompt";

  private final Map<String, Declared> tools = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, Declared> resources =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, Declared> prompts = Collections.synchronizedMap(new LinkedHashMap<>());
  private volatile BeanFactory beans;

  /** Creates an empty registry. */
  public ToolScopeRegistry() {}

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beans = beanFactory;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    Class<?> type = AopUtils.getTargetClass(bean);
    if (type.getName().startsWith("org.springframework.")) {
      return bean;
    }
    ReflectionUtils.doWithMethods(type, this::record, ToolScopeRegistry::declaresAccess);
    return bean;
  }

  private static boolean declaresAccess(Method method) {
    return method.isAnnotationPresent(RequiredScopes.class)
        || method.isAnnotationPresent(RequiredAuthentication.class)
        || method.isAnnotationPresent(RequiredClaim.class)
        || method.isAnnotationPresent(RequiredClaims.class);
  }

  private void record(Method method) {
    Declared declared = Declared.of(method);
    if (ClassUtils.isPresent(MCP_TOOL, ToolScopeRegistry.class.getClassLoader())) {
      Map<String, Object> resource =
          AnnotatedElementUtils.getMergedAnnotationAttributes(method, MCP_RESOURCE);
      if (resource != null && resource.get("uri") instanceof String uri && !uri.isEmpty()) {
        resources.put(uri, declared);
        return;
      }
      Map<String, Object> prompt =
          AnnotatedElementUtils.getMergedAnnotationAttributes(method, MCP_PROMPT);
      if (prompt != null) {
        prompts.put(nameOr(prompt, method), declared);
        return;
      }
      Map<String, Object> tool =
          AnnotatedElementUtils.getMergedAnnotationAttributes(method, MCP_TOOL);
      if (tool != null) {
        tools.put(nameOr(tool, method), declared);
        return;
      }
    }
    tools.put(method.getName(), declared);
  }

  private static String nameOr(Map<String, Object> annotation, Method method) {
    return annotation.get("name") instanceof String name && !name.isEmpty()
        ? name
        : method.getName();
  }

  /** Tool name to fixed scopes ({@link RequiredScopes#value()}), as collected so far. */
  public Map<String, List<String>> toolScopes() {
    return scopes(tools);
  }

  /**
   * Resource URI or URI template ({@code notes://{id}}) to fixed scopes, as collected so far
   * (complete once all singletons exist).
   */
  public Map<String, List<String>> resourceScopes() {
    return scopes(resources);
  }

  /** Prompt name to fixed scopes, as collected so far. */
  public Map<String, List<String>> promptScopes() {
    return scopes(prompts);
  }

  /**
   * Tool name to everything its annotations declare: scopes, {@link RequiredScopes#perRequest()}
   * beans, authentication, claim rules. Call once all singletons exist (the beans are looked up).
   *
   * @throws IllegalStateException when a {@code perRequest} class is not exactly one bean
   */
  public Map<String, McpAccess> toolAccess() {
    return access(tools);
  }

  /**
   * Resource URI or URI template to everything its annotations declare (see {@link #toolAccess}).
   */
  public Map<String, McpAccess> resourceAccess() {
    return access(resources);
  }

  /** Prompt name to everything its annotations declare (see {@link #toolAccess}). */
  public Map<String, McpAccess> promptAccess() {
    return access(prompts);
  }

  private static Map<String, List<String>> scopes(Map<String, Declared> declared) {
    synchronized (declared) {
      Map<String, List<String>> out = new LinkedHashMap<>();
      declared.forEach((key, d) -> out.put(key, d.scopes()));
      return Collections.unmodifiableMap(out);
    }
  }

  private Map<String, McpAccess> access(Map<String, Declared> declared) {
    Map<String, Declared> copy;
    synchronized (declared) {
      copy = new LinkedHashMap<>(declared);
    }
    Map<String, McpAccess> out = new LinkedHashMap<>();
    copy.forEach((key, d) -> out.put(key, d.access(beans)));
    return Collections.unmodifiableMap(out);
  }

  /** What one method's annotations say, read once at scan time. */
  private record Declared(
      String method,
      List<String> scopes,
      List<Class<? extends OperationScopes>> perRequest,
      List<AuthenticationRequirement> authentication,
      List<ClaimRule> claims) {

    static Declared of(Method method) {
      String where = method.getDeclaringClass().getName() + "." + method.getName();
      RequiredScopes scopes = method.getAnnotation(RequiredScopes.class);
      List<AuthenticationRequirement> authentication = new ArrayList<>();
      RequiredAuthentication auth = method.getAnnotation(RequiredAuthentication.class);
      if (auth != null) {
        authentication.add(authentication(auth, where));
      }
      List<ClaimRule> claims = new ArrayList<>();
      for (RequiredClaim claim : method.getAnnotationsByType(RequiredClaim.class)) {
        claims.add(claimRule(claim, where));
      }
      return new Declared(
          where,
          scopes == null ? List.of() : List.of(scopes.value()),
          scopes == null ? List.of() : List.of(scopes.perRequest()),
          List.copyOf(authentication),
          List.copyOf(claims));
    }

    McpAccess access(BeanFactory beans) {
      McpAccess.Builder b = McpAccess.builder().scopes(scopes.toArray(String[]::new));
      for (Class<? extends OperationScopes> type : perRequest) {
        if (beans == null) {
          throw new IllegalStateException(
              method + ": @RequiredScopes(perRequest) needs a bean factory to find " + type);
        }
        try {
          b.scopes(Objects.requireNonNull(beans.getBean(type)));
        } catch (RuntimeException e) {
          throw new IllegalStateException(
              method
                  + ": @RequiredScopes(perRequest = "
                  + type.getSimpleName()
                  + ".class) names no single bean of that type; declare one",
              e);
        }
      }
      authentication.forEach(b::authentication);
      claims.forEach(b::claim);
      return b.build();
    }

    private static AuthenticationRequirement authentication(
        RequiredAuthentication auth, String where) {
      try {
        if (auth.acr().length == 0 && auth.maxAgeSeconds() < 0) {
          throw new IllegalArgumentException("set acr, maxAgeSeconds or both");
        }
        AuthenticationRequirement r =
            auth.acr().length == 0
                ? AuthenticationRequirement.maxAge(Duration.ofSeconds(auth.maxAgeSeconds()))
                : AuthenticationRequirement.acr(auth.acr());
        return auth.acr().length > 0 && auth.maxAgeSeconds() >= 0
            ? r.withMaxAge(Duration.ofSeconds(auth.maxAgeSeconds()))
            : r;
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(where + ": @RequiredAuthentication: " + e.getMessage(), e);
      }
    }

    private static ClaimRule claimRule(RequiredClaim claim, String where) {
      try {
        ClaimRule.Path path = ClaimRule.claim(claim.path());
        boolean contains = !claim.contains().isEmpty();
        boolean any = claim.containsAny().length > 0;
        boolean equal = !claim.isEqualTo().isEmpty();
        if ((contains ? 1 : 0) + (any ? 1 : 0) + (equal ? 1 : 0) > 1) {
          throw new IllegalArgumentException(
              "set at most one of contains, containsAny and isEqualTo");
        }
        return contains
            ? path.contains(claim.contains())
            : any
                ? path.containsAny(claim.containsAny())
                : equal ? path.isEqualTo(claim.isEqualTo()) : path.isPresent();
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(where + ": @RequiredClaim: " + e.getMessage(), e);
      }
    }
  }
}
