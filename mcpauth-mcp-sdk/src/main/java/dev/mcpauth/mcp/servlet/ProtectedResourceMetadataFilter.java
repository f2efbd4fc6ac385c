package dev.mcpauth.mcp.servlet;

import dev.mcpauth.HttpResponse;
import dev.mcpauth.McpAuth;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A servlet {@link Filter} that answers the Protected Resource Metadata paths of an {@link McpAuth}
 * (GET, HEAD, OPTIONS; 405 otherwise) and passes every other request on untouched. Map it on {@code
 * /*} when the protected routes have filters of their own.
 */
public final class ProtectedResourceMetadataFilter implements Filter {
  private final McpAuth mcpAuth;

  /** Serves {@code mcpAuth}'s metadata documents. */
  public ProtectedResourceMetadataFilter(McpAuth mcpAuth) {
    this.mcpAuth = Objects.requireNonNull(mcpAuth, "mcpAuth");
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (req instanceof HttpServletRequest request && res instanceof HttpServletResponse response) {
      Optional<HttpResponse> document =
          mcpAuth.metadataFor(request.getMethod(), ServletHttp.path(request));
      if (document.isPresent()) {
        ServletHttp.write(response, document.get());
        return;
      }
    }
    chain.doFilter(req, res);
  }
}
