package dev.mcpauth.mcp.servlet;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.StepUp;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;

/**
 * The servlet side of the bridge: {@link McpAuthFilter} stores the {@link AuthInfo} as a request
 * attribute, and {@link #contextExtractor()} copies it into each request's {@link
 * McpTransportContext}.
 *
 * <pre>{@code
 * HttpServletStreamableServerTransportProvider.builder()
 *     .contextExtractor(McpAuthContextExtractor.contextExtractor())
 *     .build();
 * }</pre>
 */
public final class McpAuthContextExtractor {
  private McpAuthContextExtractor() {}

  /** The request attribute by which {@link McpAuthFilter} sees that the extractor ran. */
  static final String EXTRACTED = "dev.mcpauth.mcp.extracted";

  /**
   * An extractor that copies the verified {@link AuthInfo} into each request's transport context.
   */
  public static McpTransportContextExtractor<HttpServletRequest> contextExtractor() {
    return request -> {
      request.setAttribute(EXTRACTED, Boolean.TRUE);
      return McpTransportContext.create(metadata(request));
    };
  }

  /**
   * The transport-context entries for a request, for users who build their own context with more
   * entries (empty when {@link McpAuthFilter} did not authorize the request).
   */
  public static Map<String, Object> metadata(ServletRequest request) {
    Object info = request.getAttribute(AuthInfo.KEY);
    if (!(info instanceof AuthInfo)) {
      return Map.of();
    }
    Object stepUp = request.getAttribute(StepUp.KEY);
    return stepUp instanceof StepUp
        ? Map.of(AuthInfo.KEY, info, StepUp.KEY, stepUp)
        : Map.of(AuthInfo.KEY, info);
  }

  /** The caller's identity stored on a servlet request by {@link McpAuthFilter}. */
  public static Optional<AuthInfo> authInfo(ServletRequest request) {
    Object info = request.getAttribute(AuthInfo.KEY);
    return info instanceof AuthInfo ? Optional.of((AuthInfo) info) : Optional.empty();
  }
}
