package dev.mcpauth;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The decision for one HTTP request to an MCP endpoint, made by {@link McpGate#check}: pass it on to
 * the MCP server ({@link Forward}), answer it with this response ({@link Respond}), or finish the
 * decision where blocking is allowed ({@link Pending}). Every adapter follows it and decides nothing
 * itself.
 */
public sealed interface McpDecision permits McpDecision.Forward, McpDecision.Respond, McpDecision.Pending {

  /**
   * Pass the request on to the MCP server.
   *
   * @param authInfo the caller
   * @param body the exact bytes the gate checked (UTF-8 JSON), to hand to the server in place of the
   *     request body; empty for requests without a body (GET, DELETE)
   */
  record Forward(AuthInfo authInfo, Optional<byte[]> body) implements McpDecision {
    /** Checks both parts are present. */
    public Forward {
      Objects.requireNonNull(authInfo, "authInfo");
      Objects.requireNonNull(body, "body");
    }
  }

  /**
   * Answer with exactly this response.
   *
   * @param status the HTTP status
   * @param headers every header to write, in order
   * @param body the body (JSON, or empty)
   * @param reason why, for logs and metrics; empty for a CORS preflight answer
   */
  record Respond(int status, Map<String, String> headers, String body, Optional<DenialReason> reason)
      implements McpDecision {
    /** Copies the headers so the value is immutable. */
    public Respond {
      headers = OrderedHeaders.copyOf(headers);
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(reason, "reason");
    }

    static Respond of(AuthResult.Denied denied) {
      return new Respond(denied.status(), denied.headers(), denied.body(), Optional.of(denied.reason()));
    }

    static Respond of(PreparedResponse response) {
      return new Respond(response.status(), response.headers(), response.body(), Optional.empty());
    }
  }

  /**
   * The decision needs a key or metadata fetch, or a verifier that may block, and the caller asked not
   * to block. {@link #await()} (on a worker thread) or {@link #resumeAsync} finishes the same decision,
   * the body read included.
   */
  final class Pending implements McpDecision {
    private final Supplier<McpDecision> rest;

    Pending(Supplier<McpDecision> rest) {
      this.rest = rest;
    }

    /** Finishes the decision on the calling thread, which may block; never returns {@link Pending}. */
    public McpDecision await() {
      return rest.get();
    }

    /** Finishes the decision on {@code executor}; completes with it, never with {@link Pending}. */
    public CompletableFuture<McpDecision> resumeAsync(Executor executor) {
      return CompletableFuture.supplyAsync(rest, executor);
    }

    @Override
    public String toString() {
      return "McpDecision.Pending";
    }
  }
}
