package dev.mcpauth.undertow;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthResult;
import dev.mcpauth.BearerAuth;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts {@code next} behind bearer verification: an authorized exchange carries its {@link AuthInfo}
 * under {@link #AUTH_INFO} and continues; a denied one gets the core's response verbatim and ends.
 *
 * <p>Verification may block (the first fetch of an issuer's keys, a key rotation): that never happens
 * on an XNIO I/O thread. On one, the handler decides right there when no fetch is needed (the usual
 * case, with keys cached), and otherwise dispatches itself to the worker pool and decides there.
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
    if (BearerAuth.isCorsPreflight(UndertowHttp.headers(exchange))) {
      next.handleRequest(exchange);
      return;
    }
    AuthResult result;
    if (exchange.isInIoThread()) {
      Optional<AuthResult> decided = auth.tryVerifyWithoutWaiting(UndertowHttp.headers(exchange), List.of());
      if (decided.isEmpty()) {
        exchange.dispatch(this); // keys must be fetched: wait on a worker thread, never here
        return;
      }
      result = decided.get();
    } else {
      result = auth.verify(UndertowHttp.headers(exchange));
    }
    if (result instanceof AuthResult.Denied) {
      AuthResult.Denied denied = (AuthResult.Denied) result;
      UndertowHttp.write(exchange, denied.status(), denied.headers(), denied.body());
      return;
    }
    exchange.putAttachment(AUTH_INFO, ((AuthResult.Authorized) result).authInfo());
    if (!exchange.isComplete()) {
      next.handleRequest(exchange);
    }
  }
}
