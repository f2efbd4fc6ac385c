package dev.mcpauth.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * MCP POSTs the way a client sends them, for the shared suites: on a transport with sessions, each
 * token first initializes its own session (initialize, then the initialized notification) and every
 * later request carries it; on a stateless transport a request stands alone. Thread-safe.
 */
final class McpSessionClient {
  static final String PROTOCOL_VERSION = "2025-06-18";
  private static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient http;
  private final String resource;
  private final boolean sessions;
  private final Map<String, Optional<String>> sessionOfToken = new ConcurrentHashMap<>();

  McpSessionClient(OkHttpClient http, String resource, boolean sessions) {
    this.http = http;
    this.resource = resource;
    this.sessions = sessions;
  }

  /** A POST of {@code body} with {@code token}, outside any session. */
  Request.Builder post(String token, String body) {
    return new Request.Builder()
        .url(resource)
        .header("Accept", "application/json, text/event-stream")
        .header("Authorization", "Bearer " + token)
        .post(RequestBody.create(body, JSON));
  }

  /**
   * {@code request} in the session {@code token} initialized (initializing it first), on a
   * transport with sessions; unchanged otherwise, or when the server refused to initialize one.
   */
  Request.Builder inSession(String token, Request.Builder request) {
    session(token)
        .ifPresent(
            id ->
                request
                    .header("Mcp-Session-Id", id)
                    .header("MCP-Protocol-Version", PROTOCOL_VERSION));
    return request;
  }

  /**
   * The session {@code token} initialized (initializing it first), on a transport with sessions;
   * empty otherwise.
   */
  Optional<String> session(String token) {
    return sessions ? sessionOfToken.computeIfAbsent(token, this::initialize) : Optional.empty();
  }

  /** Sends {@code body} with {@code token}, in its session where the transport keeps sessions. */
  Response mcp(String token, String body) throws IOException {
    return http.newCall(inSession(token, post(token, body)).build()).execute();
  }

  private Optional<String> initialize(String token) {
    try {
      String id;
      try (Response r =
          http.newCall(
                  post(
                          token,
                          "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                              + "\"protocolVersion\":\""
                              + PROTOCOL_VERSION
                              + "\",\"capabilities\":{},"
                              + "\"clientInfo\":{\"name\":\"suite\",\"version\":\"1\"}}}")
                      .build())
              .execute()) {
        if (r.code() != 200) {
          return Optional.empty();
        }
        id = r.header("Mcp-Session-Id");
      }
      try (Response r =
          http.newCall(
                  post(token, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                      .header("Mcp-Session-Id", id)
                      .header("MCP-Protocol-Version", PROTOCOL_VERSION)
                      .build())
              .execute()) {
        assertThat(r.code()).isEqualTo(202);
      }
      return Optional.of(id);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
