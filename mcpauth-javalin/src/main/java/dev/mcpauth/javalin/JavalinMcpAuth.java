package dev.mcpauth.javalin;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthResult;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.HttpResponse;
import dev.mcpauth.RequestHeaders;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Protects Javalin routes with a {@link BearerAuth}: as a {@code before} handler for a path, or
 * around one route. A denial is written verbatim (status, {@code WWW-Authenticate}, JSON body) and
 * stops the request; on success the caller's {@link AuthInfo} is available through {@link
 * #authInfo(Context)}.
 *
 * <pre>{@code
 * config.routes.before("/notes", JavalinMcpAuth.bearerAuth(notesAuth));
 * config.routes.get("/notes", ctx -> ctx.json(notesOf(JavalinMcpAuth.authInfo(ctx).orElseThrow())));
 * }</pre>
 *
 * Verification may block while keys are first fetched (bounded by the fetch timeouts); requests
 * with cached keys never wait for a refresh. Do not use these handlers for a servlet mounted with
 * {@code config.jetty.modifyServletContextHandler}: Javalin handlers never run for such a servlet.
 * Use {@link JavalinMcpEndpoint} (a servlet filter) for MCP SDK servlets.
 */
public final class JavalinMcpAuth {
  private JavalinMcpAuth() {}

  /** A handler that verifies the request and stops it when denied (for {@code before}). */
  public static Handler bearerAuth(BearerAuth auth) {
    Objects.requireNonNull(auth, "auth");
    return ctx -> verify(auth, ctx);
  }

  /** A route handler that verifies the request, then runs {@code handler} only when authorized. */
  public static Handler protect(BearerAuth auth, Handler handler) {
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(handler, "handler");
    return ctx -> {
      if (verify(auth, ctx)) {
        handler.handle(ctx);
      }
    };
  }

  /** The caller's identity, when a handler of this class authorized the request. */
  public static Optional<AuthInfo> authInfo(Context ctx) {
    Object info = ctx.attribute(AuthInfo.KEY);
    return info instanceof AuthInfo authInfo ? Optional.of(authInfo) : Optional.empty();
  }

  private static boolean verify(BearerAuth auth, Context ctx) {
    RequestHeaders headers = headers(ctx);
    Optional<HttpResponse> preflight = auth.preflight(headers);
    if (preflight.isPresent()) {
      // The core's answer: a preflight carries no credentials and no operation, and never reaches
      // the route.
      write(ctx, preflight.get().status(), preflight.get().headers(), preflight.get().body());
      ctx.skipRemainingHandlers();
      return false;
    }
    AuthResult result = auth.verify(headers);
    if (result instanceof AuthResult.Authorized authorized) {
      ctx.attribute(AuthInfo.KEY, authorized.authInfo());
      return true;
    }
    AuthResult.Denied denied = (AuthResult.Denied) result; // verify never answers Pending
    write(ctx, denied.status(), denied.headers(), denied.body());
    ctx.skipRemainingHandlers();
    return false;
  }

  static RequestHeaders headers(Context ctx) {
    return RequestHeaders.of(
            name -> {
              Enumeration<String> values = ctx.req().getHeaders(name);
              return values == null ? List.of() : Collections.list(values);
            })
        .withRequestLine(ctx.method().name(), ctx.path())
        .withQuery(ctx.queryString())
        .withClientCertificate(clientCertificate(ctx));
  }

  /**
   * The client certificate of a mutual-TLS connection, as Jetty reports it to the servlet layer
   * (attribute {@code jakarta.servlet.request.X509Certificate}, the client's own first); null when
   * there is none.
   */
  static X509Certificate clientCertificate(Context ctx) {
    Object chain = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
    return chain instanceof X509Certificate[] certificates && certificates.length > 0
        ? certificates[0]
        : null;
  }

  static void write(Context ctx, int status, Map<String, String> headers, String body) {
    ctx.status(status);
    headers.forEach(ctx::header);
    if (!body.isEmpty()) {
      ctx.result(body);
    }
  }
}
