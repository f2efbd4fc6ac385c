package dev.mcpauth.spring.failclosed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.spring.app.NotesApp;
import dev.mcpauth.testing.TestAuthorizationServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Fail closed on a Spring stack (issue #24): what is protected is what the MCP transport serves,
 * whatever the request's spelling; a configuration that would leave MCP open refuses to start. One
 * application per class serves its MCP endpoint at {@code /api/mcp} (a renamed endpoint, with no
 * MCP Auth property naming it), driven over raw sockets so no client normalizes the path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FailClosedContract {
  static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
          + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  /** Spellings Spring's router resolves to {@code /api/mcp}: each must meet the gate (401). */
  static final List<String> ROUTED_SPELLINGS =
      List.of(
          "/api/mcp",
          "/api/%6Dcp",
          "/api/mc%70",
          "/api/%6D%63%70",
          "/api/%6d%63%70",
          "/api/mcp;x=1",
          "/api/mcp;jsessionid=1",
          "/api;x=1/mcp",
          "/%61pi/mcp");

  /** Other spellings: refused or gated, never served. */
  static final List<String> OTHER_SPELLINGS =
      List.of(
          "/mcp",
          "/api/mcp/",
          "//api/mcp",
          "/api//mcp",
          "/api/./mcp",
          "/api/x/../mcp",
          "/api/%2e/mcp",
          "/api/MCP",
          "/API/mcp",
          "/api%2Fmcp",
          "/api/mcp%00",
          "/api/mcp%20",
          "/api/mcp?x=1",
          "/api/%5Cmcp");

  TestAuthorizationServer as;
  ConfigurableApplicationContext app;
  int port;
  String resource;

  /** "webmvc" or "webflux". */
  abstract String stack();

  /** A bean class that routes {@code /bypass} to the transport behind the gate's back. */
  abstract Class<?> bypass();

  static Map<String, Object> properties(String resource, String issuer) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spring.ai.mcp.server.protocol", "STREAMABLE");
    p.put("spring.ai.mcp.server.name", "notes");
    p.put("spring.ai.mcp.server.streamable-http.mcp-endpoint", "/api/mcp");
    p.put("mcpauth.resource", resource);
    p.put("mcpauth.authorization-servers[0].issuer", issuer);
    p.put("mcpauth.required-scopes", "read:notes");
    return p;
  }

  @BeforeAll
  void start() {
    port = NotesApp.freePort();
    resource = "http://127.0.0.1:" + port + "/api/mcp";
    as = new TestAuthorizationServer(resource, List.of("read:notes"));
    app = NotesApp.start(stack(), port, properties(resource, as.issuer()), false, bypass());
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
    as.close();
  }

  @Test
  void everySpellingTheRouterResolvesMeetsTheGate() throws Exception {
    List<String> open = new ArrayList<>();
    for (String path : ROUTED_SPELLINGS) {
      for (String method : List.of("POST", "GET", "DELETE")) {
        Raw r = send(method, path, null, method.equals("POST") ? INITIALIZE : null);
        if (r.status() != 401 || !r.head().contains("WWW-Authenticate: Bearer")) {
          open.add(method + " " + path + " -> " + r.status());
        }
      }
    }
    assertThat(open).as("spellings served without the gate's 401").isEmpty();
  }

  @Test
  void noOtherSpellingIsServedOpen() throws Exception {
    List<String> open = new ArrayList<>();
    for (String path : OTHER_SPELLINGS) {
      Raw r = send("POST", path, null, INITIALIZE);
      // a refusal is a 4xx or a closed connection (status 0); never a success or a session
      boolean served = r.status() >= 200 && r.status() < 400;
      if (served || r.head().toLowerCase().contains("mcp-session-id")) {
        open.add(path + " -> " + r.status());
      }
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
    assertThat(open).as("spellings served open").isEmpty();
  }

  @Test
  void theRenamedEndpointWorksWithAToken() throws Exception {
    String token = token();
    Raw r = send("POST", "/api/%6Dcp", token, INITIALIZE);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.head().toLowerCase()).contains("mcp-session-id");
  }

  @Test
  void aRequestThatReachesTheTransportBehindTheGatesBackIsRefused() throws Exception {
    Raw r = send("POST", "/bypass", null, INITIALIZE);
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.body()).contains("\"code\":-32603").doesNotContain("protocolVersion");
    assertThat(r.head().toLowerCase()).doesNotContain("mcp-session-id");
  }

  @Test
  void anUnauthenticatedUploadGets401BeforeItsBodyIsSent() throws Exception {
    // declares 4 MiB, sends 16 bytes, then waits: the 401 must come from the headers alone
    try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/mcp HTTP/1.1\r\nHost: localhost:"
                  + port
                  + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream"
                  + "\r\nContent-Length: 4194304\r\n\r\n{\"jsonrpc\":\"2.0\"")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String head = readHead(socket.getInputStream());
      assertThat(head).startsWith("HTTP/1.1 401");
    }
  }

  @Test
  void transportErrorsReachTheClientWithoutInternals() throws Exception {
    String token = token();
    List<String> bodies =
        List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":{}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"initialize\",\"params\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"result\":{},\"error\":{}}",
            "[]");
    int errors = 0;
    for (String body : bodies) {
      Raw r = send("POST", "/api/mcp", token, body);
      if (r.status() >= 400) {
        errors++;
      }
      assertThat(r.body())
          .as(body)
          .doesNotContain("Exception")
          .doesNotContain("stackTrace")
          .doesNotContain("\tat ")
          .doesNotContain("java.");
    }
    assertThat(errors).as("requests the transport refused").isPositive();
  }

  String token() {
    return as.token(
        "http://127.0.0.1:" + port + "/.well-known/oauth-protected-resource/api/mcp",
        "client",
        "read:notes");
  }

  record Raw(int status, String head, String body) {}

  Raw send(String method, String target, String token, String body) throws IOException {
    try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
      socket.setSoTimeout(10_000);
      byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder request =
          new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n")
              .append("Accept: application/json, text/event-stream\r\n")
              .append("Connection: close\r\n");
      if (token != null) {
        request.append("Authorization: Bearer ").append(token).append("\r\n");
      }
      if (body != null) {
        request.append("Content-Type: application/json\r\n");
      }
      request.append("Content-Length: ").append(payload.length).append("\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.write(payload);
      out.flush();
      String all = readAll(socket.getInputStream());
      int end = all.indexOf("\r\n\r\n");
      String head = end < 0 ? all : all.substring(0, end);
      String rest = end < 0 ? "" : all.substring(end + 4);
      int status =
          head.startsWith("HTTP/1.1 ") && head.length() >= 12
              ? Integer.parseInt(head.substring(9, 12))
              : 0;
      return new Raw(status, head, rest);
    }
  }

  /** Everything until the server closes, at most 256 KiB or 10 s of silence. */
  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; bytes.size() < 256 * 1024 && (n = in.read(buffer)) != -1; ) {
        bytes.write(buffer, 0, n);
        String sofar = bytes.toString(StandardCharsets.UTF_8);
        if (sofar.contains("text/event-stream") && sofar.contains("\r\n\r\n")) {
          break; // a stream: its head says enough
        }
      }
    } catch (SocketTimeoutException | SocketException e) {
      // what arrived is the answer (a reset connection answered nothing)
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int b; bytes.size() < 16 * 1024 && (b = in.read()) != -1; ) {
      bytes.write(b);
      if (bytes.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
        break;
      }
    }
    return bytes.toString(StandardCharsets.US_ASCII);
  }
}
