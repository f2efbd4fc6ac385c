package dev.mcpauth.mcp;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthResult;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.MetadataResponse;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * A servlet {@link Filter} that puts an MCP endpoint behind MCP Auth: every request (POST, GET,
 * DELETE) goes through {@link McpGate#check}, a denial is written verbatim, and an authorized request
 * continues with its {@link AuthInfo} stored under {@link McpAuthContext#AUTH_INFO_KEY} (read it with {@link McpAuthContextExtractor}). It can also
 * answer the Protected Resource Metadata paths, so a plain servlet container needs nothing else.
 *
 * <p>Map it (async-supported) on the MCP servlet's path, or on {@code /*} when it serves metadata too:
 * <pre>{@code
 * FilterHolder auth = new FilterHolder(McpAuthFilter.builder(gate).serveMetadata(mcpAuth).build());
 * auth.setAsyncSupported(true);   // the MCP transports are asynchronous
 * context.addFilter(auth, "/*", EnumSet.of(DispatcherType.REQUEST));
 * }</pre>
 *
 * The POST body is read once, up to the gate's size cap, checked, and replayed to the transport.
 * Thread-safe; contains no authorization decision of its own.
 */
public final class McpAuthFilter implements Filter {
  private final McpGate gate;
  private final Optional<McpAuth> metadata;

  private McpAuthFilter(Builder b) {
    this.gate = b.gate;
    this.metadata = b.metadata;
  }

  /** Starts a builder for a filter deciding with this gate. */
  public static Builder builder(McpGate gate) {
    return new Builder(gate);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    if (metadata.isPresent()) {
      Optional<MetadataResponse> document = metadata.get().metadataFor(request.getMethod(), ServletHttp.path(request));
      if (document.isPresent()) {
        ServletHttp.write(response, document.get());
        return;
      }
    }
    if (dev.mcpauth.BearerAuth.isCorsPreflight(ServletHttp.headers(request))) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = null;
    if ("POST".equalsIgnoreCase(request.getMethod())) {
      try (InputStream in = request.getInputStream()) {
        body = in.readNBytes(gate.maxBodyBytes() + 1);
      }
    }
    AuthResult result = gate.check(ServletHttp.headers(request), body);
    if (result instanceof AuthResult.Denied) {
      ServletHttp.write(response, (AuthResult.Denied) result);
      return;
    }
    AuthInfo info = ((AuthResult.Authorized) result).authInfo();
    request.setAttribute(McpAuthContext.AUTH_INFO_KEY, info);
    HttpServletRequest forward = body == null ? request : new CachedBodyRequest(request, body);
    HttpServletResponse watched = new SessionIdCapturingResponse(response, id -> gate.sessionStarted(id, info));
    chain.doFilter(forward, watched);
    if ("DELETE".equalsIgnoreCase(request.getMethod()) && response.getStatus() < 300) {
      gate.sessionEnded(request.getHeader(SessionIdCapturingResponse.SESSION_HEADER));
    }
  }

  /** Builds a {@link McpAuthFilter}. */
  public static final class Builder {
    private final McpGate gate;
    private Optional<McpAuth> metadata = Optional.empty();

    private Builder(McpGate gate) {
      this.gate = Objects.requireNonNull(gate, "gate");
    }

    /** Also answers the Protected Resource Metadata paths of {@code mcpAuth} (before any token check). */
    public Builder serveMetadata(McpAuth mcpAuth) {
      this.metadata = Optional.of(Objects.requireNonNull(mcpAuth, "mcpAuth"));
      return this;
    }

    /** Builds the filter. */
    public McpAuthFilter build() {
      return new McpAuthFilter(this);
    }
  }
}
