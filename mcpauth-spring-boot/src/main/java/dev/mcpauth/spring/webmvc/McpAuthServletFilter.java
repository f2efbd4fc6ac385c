package dev.mcpauth.spring.webmvc;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthResult;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.HttpResponse;
import dev.mcpauth.McpGate;
import dev.mcpauth.RequestHeaders;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import dev.mcpauth.spring.McpAuthRoutes;
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
import java.util.function.Supplier;

/**
 * The WebMVC side of MCP Auth, one servlet {@link Filter} for the whole application: it answers the
 * RFC 9728 metadata paths, puts the MCP endpoint behind the core's {@link McpGate} (bearer token,
 * per-tool scopes with 403 step-up, session binding, body cap) through the MCP SDK adapter's {@link
 * McpAuthFilter}, and protects the other routes configured in {@link McpAuthRoutes} with their
 * {@link BearerAuth}. Everything else passes untouched.
 *
 * <p>An authorized request continues with its {@link AuthInfo} as the request attribute {@link
 * AuthInfo#KEY}; the Spring AI transports copy it into the MCP transport context and controllers
 * read it with {@code @RequestAttribute}. An MCP request also carries its {@link
 * dev.mcpauth.StepUp} ({@link dev.mcpauth.StepUp#KEY}): a step-up a tool asks for mid-call is
 * answered with the core's 403 challenge while the response has not started. A refusal is written
 * exactly as the core decided it. Contains no decision of its own; thread-safe.
 */
public final class McpAuthServletFilter implements Filter {
  /**
   * Runs before Spring Security's filter chain (order -100), so the two never both verify a token.
   */
  public static final int ORDER = -110;

  private final McpAuthRoutes routes;
  private final Supplier<Optional<WebMvcMcpRoutes>> mcpRoutesLookup;
  private volatile Optional<WebMvcMcpRoutes> mcpRoutes;
  private volatile McpAuthFilter mcpFilter;

  /** A filter consulting {@code routes}, for an application that serves no MCP transport. */
  public McpAuthServletFilter(McpAuthRoutes routes) {
    this(routes, Optional::empty);
  }

  /**
   * A filter consulting {@code routes}; which requests are MCP requests is answered by the
   * transports' own routes, looked up once at the first request.
   */
  public McpAuthServletFilter(McpAuthRoutes routes, Supplier<Optional<WebMvcMcpRoutes>> mcpRoutes) {
    this.routes = Objects.requireNonNull(routes, "routes");
    this.mcpRoutesLookup = Objects.requireNonNull(mcpRoutes, "mcpRoutes");
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    String path = ServletExchange.path(request);
    Optional<HttpResponse> document = routes.mcpAuth().metadataFor(request.getMethod(), path);
    if (document.isPresent()) {
      HttpResponse m = document.get();
      ServletExchange.write(response, m.status(), m.headers(), m.body());
      return;
    }
    if (servesMcp(request)) {
      mcpFilter().doFilter(request, response, chain);
      return;
    }
    Optional<BearerAuth> route = routes.routeFor(path);
    if (route.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    RequestHeaders headers = ServletExchange.headers(request);
    Optional<HttpResponse> preflight = route.get().preflight(headers);
    if (preflight.isPresent()) {
      HttpResponse p = preflight.get();
      ServletExchange.write(response, p.status(), p.headers(), p.body());
      return;
    }
    AuthResult result = route.get().verify(headers);
    if (result instanceof AuthResult.Pending pending) {
      result = pending.await(); // verify() never answers Pending; kept total for the sealed type
    }
    if (result instanceof AuthResult.Denied denied) {
      ServletExchange.write(response, denied.status(), denied.headers(), denied.body());
      return;
    }
    request.setAttribute(AuthInfo.KEY, ((AuthResult.Authorized) result).authInfo());
    chain.doFilter(request, response);
  }

  private boolean servesMcp(HttpServletRequest request) {
    Optional<WebMvcMcpRoutes> r = mcpRoutes;
    if (r == null) {
      r = mcpRoutesLookup.get();
      mcpRoutes = r;
    }
    return r.isPresent() && r.get().serves(request);
  }

  /**
   * The MCP endpoint: exactly the MCP SDK adapter's filter, over the gate built once the beans
   * exist.
   */
  private McpAuthFilter mcpFilter() {
    McpAuthFilter f = mcpFilter;
    if (f == null) {
      synchronized (this) {
        f = mcpFilter;
        if (f == null) {
          f = McpAuthFilter.builder(routes.gate()).serveMetadata(routes.mcpAuth()).build();
          mcpFilter = f;
        }
      }
    }
    return f;
  }
}
