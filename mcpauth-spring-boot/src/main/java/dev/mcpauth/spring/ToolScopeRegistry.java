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
 * Collects the {@link RequiredScopes} declared on the methods of every bean, keyed by the tool name
 * of the method's Spring AI {@code @McpTool} annotation (or the method name when it has none or an
 * empty name). Reads annotations only; makes no decision.
 */
public final class ToolScopeRegistry implements BeanPostProcessor {
  private static final String MCP_TOOL = "org.springframework.ai.mcp.annotation.McpTool";

  private final Map<String, List<String>> toolScopes =
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
    String[] scopes = method.getAnnotation(RequiredScopes.class).value();
    toolScopes.put(toolName(method), List.of(scopes));
  }

  private static String toolName(Method method) {
    if (ClassUtils.isPresent(MCP_TOOL, ToolScopeRegistry.class.getClassLoader())) {
      Map<String, Object> tool =
          AnnotatedElementUtils.getMergedAnnotationAttributes(method, MCP_TOOL);
      if (tool != null && tool.get("name") instanceof String name && !name.isEmpty()) {
        return name;
      }
    }
    return method.getName();
  }

  /** Tool name to scopes, as collected so far (complete once all singletons exist). */
  public Map<String, List<String>> toolScopes() {
    synchronized (toolScopes) {
      return Map.copyOf(toolScopes);
    }
  }
}
