package dev.mcpauth.spring.failclosed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mcpauth.spring.McpAuthFailureAnalyzer;
import dev.mcpauth.spring.McpAuthStartupException;
import dev.mcpauth.spring.app.NotesApp;
import dev.mcpauth.testing.TestAuthorizationServer;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A configuration that would leave an MCP endpoint open refuses to start, on both stacks, and
 * Spring Boot reports it as a failure analysis naming the fix (issue #24, items 3 and 4). Apps here
 * start one at a time (closing a WebFlux app releases Reactor Netty's shared resources).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailClosedStartupTest {
  TestAuthorizationServer as;

  @BeforeAll
  void start() {
    as = new TestAuthorizationServer("http://127.0.0.1:1/api/mcp", java.util.List.of("read:notes"));
  }

  @AfterAll
  void stop() {
    as.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"webmvc", "webflux"})
  void theSseTransportRefusesToStart(String stack) {
    Map<String, Object> p =
        FailClosedContract.properties("http://127.0.0.1:1/api/mcp", as.issuer());
    p.remove("spring.ai.mcp.server.protocol"); // Spring AI's default: SSE
    FailureAnalysis analysis = startFails(stack, p);
    assertThat(analysis.getDescription()).contains("SSE transport");
    assertThat(analysis.getAction()).contains("spring.ai.mcp.server.protocol=STREAMABLE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"webmvc", "webflux"})
  void anMcpServerWithoutAResourceRefusesToStart(String stack) {
    Map<String, Object> p = FailClosedContract.properties("unused", as.issuer());
    p.remove("mcpauth.resource");
    FailureAnalysis analysis = startFails(stack, p);
    assertThat(analysis.getDescription()).contains("no protected resource is configured");
    assertThat(analysis.getAction()).contains("mcpauth.resource").contains("mcpauth.enabled=false");
  }

  @ParameterizedTest
  @ValueSource(strings = {"webmvc", "webflux"})
  void turningProtectionOffExplicitlyStarts(String stack) throws Exception {
    Map<String, Object> p = FailClosedContract.properties("unused", as.issuer());
    p.remove("mcpauth.resource");
    p.put("mcpauth.enabled", "false");
    int other = NotesApp.freePort();
    try (ConfigurableApplicationContext open = NotesApp.start(stack, other, p)) {
      assertThat(open.isRunning()).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"webmvc", "webflux"})
  void aTransportWhoseRoutesAreUnknownRefusesToStart(String stack) {
    Map<String, Object> p =
        FailClosedContract.properties("http://127.0.0.1:1/api/mcp", as.issuer());
    Throwable failure =
        catchThrowable(
            () -> NotesApp.start(stack, NotesApp.freePort(), p, false, HandMade.class).close());
    FailureAnalysis analysis = new McpAuthFailureAnalyzer().analyze(failure);
    assertThat(analysis).isNotNull();
    assertThat(analysis.getDescription()).contains("cannot tell which requests reach");
    assertThat(analysis.getAction()).contains("McpAuthFilter");
  }

  /** An MCP transport of the application's own, whose routes MCP Auth cannot see. */
  @Configuration(proxyBeanMethods = false)
  public static class HandMade {
    /** The transport. */
    @Bean
    public McpStatelessServerTransport handMadeTransport() {
      return new McpStatelessServerTransport() {
        @Override
        public void setMcpHandler(io.modelcontextprotocol.server.McpStatelessServerHandler h) {}

        @Override
        public reactor.core.publisher.Mono<Void> closeGracefully() {
          return reactor.core.publisher.Mono.empty();
        }
      };
    }
  }

  static FailureAnalysis startFails(String stack, Map<String, Object> properties) {
    Throwable failure =
        catchThrowable(() -> NotesApp.start(stack, NotesApp.freePort(), properties).close());
    assertThat(failure).isNotNull();
    Throwable cause = failure;
    while (!(cause instanceof McpAuthStartupException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertThat(cause).isInstanceOf(McpAuthStartupException.class);
    FailureAnalysis analysis = new McpAuthFailureAnalyzer().analyze(failure);
    assertThat(analysis).isNotNull();
    return analysis;
  }
}
