package dev.mcpauth.undertow;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthResult;
import dev.mcpauth.BearerAuth;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts {@code next} behind bearer verification: an authorized exchange carries its {@link AuthInfo}
 * under {@link #AUTH_INFO} and continues; a denied one gets the core's response verbatim and ends.
 *
 * <p>Verification may block (the first fetch of an issuer's keys), so it never runs on an XNIO I/O
 * thread: on one, the handler dispatches itself to the worker pool first.
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
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    AuthResult result = auth.verify(UndertowHttp.headers(exchange));
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
