package dev.mcpauth.undertow;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthResult;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.HttpResponse;
import dev.mcpauth.RequestHeaders;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts {@code next} behind bearer verification: an authorized exchange carries its {@link AuthInfo}
 * under {@link #AUTH_INFO} and continues; a denied one gets the core's response verbatim and ends;
 * a CORS preflight gets the core's answer and never reaches {@code next}.
 *
 * <p>Verification never blocks an XNIO I/O thread: the handler decides there with {@link
 * BearerAuth#verifyNonBlocking}, and when the core answers {@link AuthResult.Pending} (keys must be
 * fetched, or a verifier may block), it dispatches to the worker pool and finishes that same
 * decision there.
 *
 * <pre>{@code
 * HttpHandler notes = new BearerAuthHandler(notesAuth, exchange ->
 *     exchange.getResponseSender().send("notes of " + BearerAuthHandler.authInfo(exchange).orElseThrow().subject()));
 * }</pre>
 */
public final class BearerAuthHandler implements HttpHandler {
  /** Where the caller's identity is attached to an authorized exchange. */
  public static final AttachmentKey<AuthInfo> AUTH_INFO = AttachmentKey.create(AuthInfo.class);

  private final BearerAuth auth;
  private final HttpHandler next;

  /** Protects {@code next} with {@code auth}. */
  public BearerAuthHandler(BearerAuth auth, HttpHandler next) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.next = Objects.requireNonNull(next, "next");
  }

  /** The caller's identity on an exchange this handler (or the MCP handler) authorized. */
  public static Optional<AuthInfo> authInfo(HttpServerExchange exchange) {
    return Optional.ofNullable(exchange.getAttachment(AUTH_INFO));
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    RequestHeaders headers = UndertowHttp.headers(exchange);
    Optional<HttpResponse> preflight = auth.preflight(headers);
    if (preflight.isPresent()) {
      UndertowHttp.write(exchange, preflight.get());
      return;
    }
    AuthResult result =
        exchange.isInIoThread() ? auth.verifyNonBlocking(headers) : auth.verify(headers);
    if (result instanceof AuthResult.Pending pending) {
      exchange.dispatch(worker -> finish(worker, pending.await()));
      return;
    }
    finish(exchange, result);
  }

  private void finish(HttpServerExchange exchange, AuthResult result) throws Exception {
    if (result instanceof AuthResult.Denied denied) {
      UndertowHttp.write(exchange, denied.status(), denied.headers(), denied.body());
      return;
    }
    exchange.putAttachment(AUTH_INFO, ((AuthResult.Authorized) result).authInfo());
    if (!exchange.isComplete()) {
      next.handleRequest(exchange);
    }
  }
}
