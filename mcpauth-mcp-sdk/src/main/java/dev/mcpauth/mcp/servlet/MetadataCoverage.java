package dev.mcpauth.mcp.servlet;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the servlet context a filter is registered in can answer the Protected Resource Metadata
 * URL that MCP Auth's challenges point clients at: a filter mapped only on the MCP path (or an app
 * under a context path) leaves that URL answering 404, and clients cannot discover the
 * authorization server. Decided from the registrations' URL patterns (Servlet 6 §12.2) at {@code
 * init}; nothing here runs per request.
 */
final class MetadataCoverage {
  private MetadataCoverage() {}

  /**
   * Why the metadata at {@code metadataUrl} will not be served from this context, with the fix;
   * empty when a metadata-serving filter covers it, or when the container does not say.
   *
   * @param config the initialising filter's configuration
   * @param servesMetadataItself whether that filter was built with {@code serveMetadata}
   */
  static Optional<String> problem(
      FilterConfig config, boolean servesMetadataItself, String metadataUrl) {
    String path = URI.create(metadataUrl).getRawPath();
    ServletContext context = config.getServletContext();
    String contextPath = context.getContextPath() == null ? "" : context.getContextPath();
    if (!contextPath.isEmpty()) {
      return Optional.of(
          "MCP Auth challenges point clients at "
              + metadataUrl
              + ", but this servlet context is under "
              + contextPath
              + " and cannot answer "
              + path
              + ": serve it from the root context (ProtectedResourceMetadataFilter on /*)");
    }
    Map<String, ? extends FilterRegistration> registrations;
    try {
      registrations = context.getFilterRegistrations();
    } catch (UnsupportedOperationException | IllegalStateException e) {
      return Optional.empty();
    }
    for (Map.Entry<String, ? extends FilterRegistration> entry : registrations.entrySet()) {
      boolean servesMetadata =
          entry.getKey().equals(config.getFilterName())
              ? servesMetadataItself
              : ProtectedResourceMetadataFilter.class
                  .getName()
                  .equals(entry.getValue().getClassName());
      if (servesMetadata && covers(context, entry.getValue(), path)) {
        return Optional.empty();
      }
    }
    return Optional.of(
        "MCP Auth challenges point clients at "
            + metadataUrl
            + ", but no MCP Auth filter in this servlet context is mapped on "
            + path
            + ", so it answers 404 and clients cannot find the authorization server: map"
            + " McpAuthFilter.builder(gate).serveMetadata(mcpAuth) on /*, or add"
            + " ProtectedResourceMetadataFilter on /.well-known/*");
  }

  /** The URL patterns the initialising filter is mapped on, for the startup log. */
  static String mappings(FilterConfig config) {
    try {
      FilterRegistration r =
          config.getServletContext().getFilterRegistration(config.getFilterName());
      if (r != null) {
        List<String> patterns = new ArrayList<>(orEmpty(r.getUrlPatternMappings()));
        orEmpty(r.getServletNameMappings()).forEach(n -> patterns.add("servlet " + n));
        if (!patterns.isEmpty()) {
          return "the MCP endpoint at " + patterns;
        }
      }
    } catch (UnsupportedOperationException | IllegalStateException e) {
      // the container does not say
    }
    return "the MCP endpoint behind filter " + config.getFilterName();
  }

  private static boolean covers(ServletContext context, FilterRegistration r, String path) {
    List<String> patterns = new ArrayList<>(orEmpty(r.getUrlPatternMappings()));
    for (String servlet : orEmpty(r.getServletNameMappings())) {
      ServletRegistration s = context.getServletRegistration(servlet);
      if (s != null) {
        patterns.addAll(orEmpty(s.getMappings()));
      }
    }
    return patterns.stream().anyMatch(p -> matches(p, path));
  }

  private static Collection<String> orEmpty(Collection<String> c) {
    return c == null ? List.of() : c;
  }

  /** Servlet URL pattern matching: exact, {@code /prefix/*}, {@code *.ext}, {@code /}. */
  static boolean matches(String pattern, String path) {
    if (pattern.equals("/") || pattern.equals("/*")) {
      return true;
    }
    if (pattern.endsWith("/*")) {
      String prefix = pattern.substring(0, pattern.length() - 2);
      return path.equals(prefix) || path.startsWith(prefix + "/");
    }
    if (pattern.startsWith("*.")) {
      return path.endsWith(pattern.substring(1));
    }
    return pattern.equals(path);
  }
}
