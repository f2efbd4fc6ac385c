package dev.mcpauth.mcp.servlet;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.HttpResponse;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.RequestHeaders;
import dev.mcpauth.StepUp;
import dev.mcpauth.mcp.SdkProtocolVersions;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A servlet {@link Filter} that puts an MCP endpoint behind MCP Auth. Every request goes through
 * {@link McpGate#check}, and the filter does what the decision says: write the response, or forward
 * the request (with the exact body bytes the gate checked) and the caller's identity stored under
 * {@link AuthInfo#KEY} (the transport copies it into the MCP context through {@link
 * McpAuthContextExtractor}). It can also answer the Protected Resource Metadata paths, so a plain
 * servlet container needs nothing else.
 *
 * <p>Map it (async-supported) on the MCP servlet's path, or on {@code /*} when it serves metadata
 * too:
 *
 * <pre>{@code
 * FilterHolder auth = new FilterHolder(McpAuthFilter.builder(gate).serveMetadata(mcpAuth).build());
 * auth.setAsyncSupported(true);   // the MCP transports are asynchronous
 * context.addFilter(auth, "/*", EnumSet.of(DispatcherType.REQUEST));
 * }</pre>
 *
 * Error responses of the MCP transport itself (which carry exception details) are replaced by a
 * plain JSON-RPC error. Every forwarded response is {@code Cache-Control: private} (or keeps the
 * transport's {@code no-store}/{@code private}: {@link McpGate#forwardedCacheControl}), since a
 * result may be filtered for its caller. A request the transport answers asynchronously (a stream)
 * is ended when the caller's token expires ({@link McpGate#streamLifetime}). The gate accepts only
 * the protocol versions of the MCP Java SDK on the classpath ({@link SdkProtocolVersions}). A
 * forgotten {@link McpAuthContextExtractor} is reported once in the log, and so is a registration
 * that leaves the metadata URL unserved (checked at {@code init}). Thread-safe; contains no
 * authorization decision of its own.
 */
public final class McpAuthFilter implements Filter {
  private static final Logger LOG = LoggerFactory.getLogger(McpAuthFilter.class);

  /**
   * A filter init parameter saying that the metadata URL is served by something else in this
   * context that checks it itself (its value names it, e.g. {@code javalin}), so {@code init} does
   * not look for a metadata filter. Set by {@code JavalinMcpEndpoint.mount}.
   */
  public static final String METADATA_SERVED_BY = "dev.mcpauth.metadataServedBy";

  private final McpGate gate;
  private final Optional<McpAuth> metadata;
  private final AtomicBoolean extractorWarned = new AtomicBoolean();

  private McpAuthFilter(Builder b) {
    // fail closed: the gate accepts only the protocol versions the SDK behind it speaks
    this.gate = SdkProtocolVersions.restrict(b.gate);
    this.metadata = b.metadata;
  }

  /**
   * Warns once, naming the fix, when nothing in this servlet context serves the Protected Resource
   * Metadata URL the challenges point at (this filter mapped only on the MCP path without a {@link
   * ProtectedResourceMetadataFilter}, or a context path in front of it).
   */
  @Override
  public void init(FilterConfig config) {
    if (config.getInitParameter(METADATA_SERVED_BY) == null) {
      MetadataCoverage.problem(
              config, metadata.isPresent(), gate.bearerAuth().resourceMetadataUrl())
          .ifPresent(LOG::warn);
    }
    LOG.info(gate.startupLine(MetadataCoverage.mappings(config)));
  }

  /**
   * The gate this filter decides with: the one it was built with, narrowed to the protocol versions
   * of the MCP Java SDK on the classpath ({@link SdkProtocolVersions}).
   */
  public McpGate gate() {
    return gate;
  }

  /** Starts a builder for a filter deciding with this gate. */
  public static Builder builder(McpGate gate) {
    return new Builder(gate);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    if (metadata.isPresent()) {
      Optional<HttpResponse> document =
          metadata.get().metadataFor(request.getMethod(), ServletHttp.path(request));
      if (document.isPresent()) {
        ServletHttp.write(response, document.get());
        return;
      }
    }
    RequestHeaders headers = ServletHttp.headers(request);
    McpGate.Decision decision =
        gate.check(
            headers,
            limit -> {
              try (InputStream in = request.getInputStream()) {
                return in.readNBytes(limit + 1);
              }
            });
    if (decision instanceof McpGate.Decision.Respond respond) {
      ServletHttp.write(response, respond);
      return;
    }
    McpGate.Decision.Forward forward = (McpGate.Decision.Forward) decision;
    request.setAttribute(AuthInfo.KEY, forward.authInfo());
    // a browser-based client may read the transport's answer (an allowed origin only)
    Map<String, String> cors = gate.corsHeaders(headers);
    cors.forEach(response::setHeader);
    StepUp stepUp = gate.stepUp(forward);
    request.setAttribute(StepUp.KEY, stepUp);
    HttpServletRequest forwarded =
        forward
            .body()
            .<HttpServletRequest>map(b -> new CachedBodyRequest(request, b))
            .orElse(request);
    ForwardedResponse watched =
        new ForwardedResponse(
            response,
            id -> gate.sessionStarted(id, forward.authInfo()),
            stepUp::isRequested,
            () -> {
              // an asynchronous transport (an SSE answer) writes after this filter returned: the
              // gate's 403 goes out as its first byte would have
              if (request.isAsyncStarted()) {
                writeChallenge(response, stepUp, cors);
              }
            });
    // a stream (SSE GET, or a POST answered as a stream) lives no longer than its token: the
    // deadline is set where the transport goes asynchronous, which may be before it returns
    Optional<java.time.Duration> lifetime = gate.streamLifetime(forward.authInfo());
    if (lifetime.isPresent()) {
      forwarded = StreamDeadline.endingStreamsAfter(forwarded, lifetime.get(), watched);
    }
    chain.doFilter(forwarded, watched);
    if (!request.isAsyncStarted()) {
      watched
          .flushWriter(); // a servlet that wrote through getWriter() without flushing loses nothing
    }
    Optional<HttpResponse> challenge = stepUp.challenge();
    if (challenge.isPresent()
        && watched.divertedForStepUp()
        && !request.isAsyncStarted()
        && !response.isCommitted()) {
      // a handler asked for a step-up mid-call before anything was sent: the gate's 403
      response.reset();
      cors.forEach(response::setHeader);
      ServletHttp.write(response, challenge.get());
    } else if (watched.errorStatus() != 0 && !response.isCommitted()) {
      response.resetBuffer();
      ServletHttp.write(response, McpGate.transportError(watched.errorStatus()));
    } else if (watched.errorStatus() == 0) {
      gate.transportAnswered(
          request.getMethod(),
          response.getStatus(),
          request.getHeader(ForwardedResponse.SESSION_HEADER));
    }
    if (request.getMethod().equals("POST")
        && request.getAttribute(McpAuthContextExtractor.EXTRACTED) == null
        && !request.isAsyncStarted()
        && extractorWarned.compareAndSet(false, true)) {
      LOG.warn(
          "the MCP transport did not call McpAuthContextExtractor, so tool handlers cannot see the caller:"
              + " build the transport with .contextExtractor(McpAuthContextExtractor.contextExtractor())");
    }
  }

  /** Answers with the step-up's 403 challenge in place of what the transport started. */
  private static void writeChallenge(
      HttpServletResponse response, StepUp stepUp, Map<String, String> cors) {
    Optional<HttpResponse> challenge = stepUp.challenge();
    if (challenge.isEmpty() || response.isCommitted()) {
      return;
    }
    try {
      response.reset();
      cors.forEach(response::setHeader);
      ServletHttp.write(response, challenge.get());
    } catch (IOException e) {
      LOG.debug("the step-up challenge could not be written: {}", e.getMessage());
    }
  }

  /** Builds a {@link McpAuthFilter}. */
  public static final class Builder {
    private final McpGate gate;
    private Optional<McpAuth> metadata = Optional.empty();

    private Builder(McpGate gate) {
      this.gate = Objects.requireNonNull(gate, "gate");
    }

    /**
     * Also answers the Protected Resource Metadata paths of {@code mcpAuth} (before any token
     * check).
     */
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
