package dev.mcpauth.spring;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Collects the {@link RequiredScopes} declared on the methods of every bean: on a Spring AI {@code
 * McpResource} method under the resource's URI (or URI template), on an {@code McpPrompt} method
 * under the prompt's name, and otherwise under the tool name of the method's {@code McpTool}
 * annotation (or the method name when it has none or an empty name). Reads annotations only; makes
 * no decision.
 */
public final class ToolScopeRegistry implements BeanPostProcessor {
  private static final String MCP_TOOL = "org.springframework.ai.mcp.annotation.McpTool";
  private static final String MCP_RESOURCE = "org.springframework.ai.mcp.annotation.McpResource";
  private static final String MCP_PROMPT = "org.springframework.ai.mcp.annotation.McpPrompt";

  private final Map<String, List<String>> toolScopes =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, List<String>> resourceScopes =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, List<String>> promptScopes =
      Collections.synchronizedMap(new LinkedHashMap<>());

  /** Creates an empty registry. */
  public ToolScopeRegistry() {}

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    Class<?> type = AopUtils.getTargetClass(bean);
    if (type.getName().startsWith("org.springframework.")) {
      return bean;
    }
    ReflectionUtils.doWithMethods(
        type, method -> record(method), method -> method.isAnnotationPresent(RequiredScopes.class));
    return bean;
  }

  private void record(Method method) {
    List<String> scopes = List.of(method.getAnnotation(RequiredScopes.class).value());
    if (ClassUtils.isPresent(MCP_TOOL, ToolScopeRegistry.class.getClassLoader())) {
      Map<String, Object> resource =
          AnnotatedElementUtils.getMergedAnnotationAttributes(method, MCP_RESOURCE);
      if (resource != null && resource.get("uri") instanceof String uri && !uri.isEmpty()) {
        resourceScopes.put(uri, scopes);
        return;
      }
      Map<String, Object> prompt =
          AnnotatedElementUtils.getMergedAnnotationAttributes(method, MCP_PROMPT);
      if (prompt != null) {
        promptScopes.put(nameOr(prompt, method), scopes);
        return;
      }
      Map<String, Object> tool =
          AnnotatedElementUtils.getMergedAnnotationAttributes(method, MCP_TOOL);
      if (tool != null) {
        toolScopes.put(nameOr(tool, method), scopes);
        return;
      }
    }
    toolScopes.put(method.getName(), scopes);
  }

  private static String nameOr(Map<String, Object> annotation, Method method) {
    return annotation.get("name") instanceof String name && !name.isEmpty()
        ? name
        : method.getName();
  }

  /** Tool name to scopes, as collected so far (complete once all singletons exist). */
  public Map<String, List<String>> toolScopes() {
    synchronized (toolScopes) {
      return Map.copyOf(toolScopes);
    }
  }

  /**
   * Resource URI or URI template ({@code notes://{id}}) to scopes, as collected so far (complete
   * once all singletons exist).
   */
  public Map<String, List<String>> resourceScopes() {
    synchronized (resourceScopes) {
      return Map.copyOf(resourceScopes);
    }
  }

  /** Prompt name to scopes, as collected so far (complete once all singletons exist). */
  public Map<String, List<String>> promptScopes() {
    synchronized (promptScopes) {
      return Map.copyOf(promptScopes);
    }
  }
}
