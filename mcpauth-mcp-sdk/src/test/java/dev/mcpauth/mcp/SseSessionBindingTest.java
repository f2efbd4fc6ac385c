package dev.mcpauth.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.mcp.servlet.McpAuthContextExtractor;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.Tokens;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 2 over real HTTP: the MCP SDK's HTTP+SSE transport behind {@link McpAuthFilter},
 * with two subjects. The rest of the HTTP-facing review findings run against every demo server in
 * the cross-stack adversarial suite ({@code examples}: {@code AdversarialSuite}); no demo serves
 * the SSE transport, so this case stays at the adapter.
 */
@SuppressWarnings("deprecation") // the HTTP+SSE transport
class SseSessionBindingTest {
  private static final Pattern SSE_ENDPOINT = Pattern.compile("data:\\s*(\\S*sessionId=\\S+)");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private FakeAuthorizationServer as;

  @BeforeEach
  void start() {
    as = new FakeAuthorizationServer();
  }

  @AfterEach
  void stop() {
    as.close();
  }

  // 19.2: the SSE transport's ?sessionId= is bound to its creator: Bob, with a valid token of his
  // own, cannot post into Alice's session, and nothing of his lands on her stream; Alice's own post
  // works.
  @Test
  void sseSessionsAreBoundToTheirCreator() throws Exception {
    try (LoopbackJetty sseJetty = new LoopbackJetty();
        McpAuth sseAuth =
            McpAuth.builder()
                .protectedResource(
                    ResourceServerConfig.builder(sseJetty.base() + "/sse")
                        .authorizationServer(
                            AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, as.metadata()))
                        .build())
                .build()) {
      McpGate gate = sseAuth.mcpGate(sseAuth.bearerAuth()).build();
      HttpServletSseServerTransportProvider transport =
          HttpServletSseServerTransportProvider.builder()
              .sseEndpoint("/sse")
              .messageEndpoint("/message")
              .contextExtractor(McpAuthContextExtractor.contextExtractor())
              .build();
      McpSyncServer server =
          McpServer.sync(transport)
              .serverInfo("sse", "1")
              .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
              .build();
      sseJetty.servlet(transport, "/sse", "/message");
      for (String path : new String[] {"/sse", "/message"}) {
        sseJetty.filter(McpAuthFilter.builder(gate).build(), path);
      }
      sseJetty.start();
      String alice =
          Tokens.valid(as.issuer(), sseJetty.base() + "/sse").claim("sub", "alice").build();
      String bob = Tokens.valid(as.issuer(), sseJetty.base() + "/sse").claim("sub", "bob").build();
      BlockingQueue<String> aliceStream = new LinkedBlockingQueue<>();
      HttpResponse<Stream<String>> stream =
          http.send(
              HttpRequest.newBuilder(URI.create(sseJetty.base() + "/sse"))
                  .header("Accept", "text/event-stream")
                  .header("Authorization", "Bearer " + alice)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofLines());
      assertThat(stream.statusCode()).isEqualTo(200);
      Thread reader = new Thread(() -> stream.body().forEach(aliceStream::add), "alice-sse");
      reader.setDaemon(true);
      reader.start();
      try {
        String endpoint = awaitLine(aliceStream, SSE_ENDPOINT);
        Matcher m = SSE_ENDPOINT.matcher(endpoint);
        assertThat(m.find()).isTrue();
        URI message = URI.create(sseJetty.base()).resolve(m.group(1));

        HttpResponse<String> intruder =
            postTo(message, bob, initializeBody().replace("\"id\":0", "\"id\":666"));
        assertThat(intruder.statusCode()).isEqualTo(403);
        HttpResponse<String> own =
            postTo(message, alice, initializeBody().replace("\"id\":0", "\"id\":1"));
        assertThat(own.statusCode()).isEqualTo(200);
        String reply = awaitLine(aliceStream, Pattern.compile("\"id\":1\\b"));
        assertThat(reply).contains("\"result\"");
        assertThat(aliceStream).noneMatch(line -> line.contains("666"));
      } finally {
        stream.body().close();
        server.close();
      }
    }
  }

  private static String awaitLine(BlockingQueue<String> lines, Pattern pattern)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    StringBuilder seen = new StringBuilder();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line != null) {
        seen.append(line).append('\n');
        if (line.contains("666")) {
          throw new AssertionError("Bob's request reached Alice's stream: " + line);
        }
        if (pattern.matcher(line).find()) {
          return line;
        }
      }
    }
    throw new AssertionError("no line matching " + pattern + " on the stream; saw:\n" + seen);
  }

  private HttpResponse<String> postTo(URI uri, String token, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static String initializeBody() {
    return "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"hardening\",\"version\":\"1\"}}}";
  }
}
