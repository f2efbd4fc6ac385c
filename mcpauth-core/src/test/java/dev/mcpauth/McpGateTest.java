package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The MCP decision in one place: operation scopes from the body, header agreement, size, charset,
 * origin, protocol version and sessions (E14, E15, J3, J4 and the hardening findings).
 */
class McpGateTest {
  private final Fixture f = new Fixture();
  private final McpGate gate =
      f.mcpAuth
          .mcpGate(f.auth)
          .tool("write_file", "mcp:write")
          .resource("file:///secret", "mcp:admin")
          .prompt("admin_prompt", "mcp:admin")
          .tool("créer_note", "mcp:write")
          .allowedOrigins("https://app.example")
          .maxBodyBytes(2048)
          .build();
  private final AtomicInteger bodyReads = new AtomicInteger();

  @AfterEach
  void close() {
    f.close();
  }

  private McpGate.Decision send(String method, String token, String body, String... headerPairs) {
    return send(gate, method, token, body, headerPairs);
  }

  private McpGate.Decision checkWith(
      McpGate gate, String token, String body, String... headerPairs) {
    return send(gate, body == null ? "GET" : "POST", token, body, headerPairs);
  }

  private McpGate.Decision send(
      McpGate gate, String method, String token, String body, String... headerPairs) {
    Map<String, List<String>> headers = new HashMap<>();
    if (token != null) {
      headers.put("Authorization", List.of("Bearer " + token));
    }
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.computeIfAbsent(headerPairs[i], k -> new ArrayList<>()).add(headerPairs[i + 1]);
    }
    String query = headers.containsKey("?") ? headers.remove("?").get(0) : null;
    RequestHeaders request =
        RequestHeaders.of(headers).withRequestLine(method, "/mcp").withQuery(query);
    return gate.check(
        request,
        limit -> {
          bodyReads.incrementAndGet();
          byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
          return bytes.length > limit + 1 ? java.util.Arrays.copyOf(bytes, limit + 1) : bytes;
        });
  }

  private McpGate.Decision check(String token, String body, String... headerPairs) {
    return send(body == null ? "GET" : "POST", token, body, headerPairs);
  }

  private static AuthInfo forwarded(McpGate.Decision decision) {
    assertThat(decision).isInstanceOf(McpGate.Decision.Forward.class);
    return ((McpGate.Decision.Forward) decision).authInfo();
  }

  private static McpGate.Decision.Respond responded(McpGate.Decision decision, int status) {
    assertThat(decision).isInstanceOf(McpGate.Decision.Respond.class);
    McpGate.Decision.Respond r = (McpGate.Decision.Respond) decision;
    assertThat(r.status()).isEqualTo(status);
    return r;
  }

  private static String call(String tool) {
    return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\"}}";
  }

  private static String b64(String s) {
    return "=?base64?"
        + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8))
        + "?=";
  }

  @Test
  void checkWhenToolNeedsAScopeTheTokenLacksThen403NamingAllScopes() {
    McpGate.Decision.Respond denied = responded(check(f.valid().build(), call("write_file")), 403);
    assertThat(denied.headers().get("WWW-Authenticate")).contains("scope=\"mcp:read mcp:write\"");
    assertThat(denied.reason()).contains(DenialReason.INSUFFICIENT_SCOPE);
    forwarded(check(f.valid().claim("scope", "mcp:read mcp:write").build(), call("write_file")));
    forwarded(check(f.valid().build(), call("read_file")));
  }

  @Test
  void from2026_07_28MissingMcpMethodOrMcpNameIsAHeaderMismatchAndTheNextRequestIsUnaffected() {
    String token = f.valid().claim("scope", "mcp:read mcp:write").build();
    String v = "MCP-Protocol-Version";
    String list = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}";
    McpGate.Decision.Respond noMethod =
        responded(check(token, call("read_file"), v, "2026-07-28", "Mcp-Name", "read_file"), 400);
    assertThat(noMethod.body()).contains("-32020").contains("Mcp-Method").contains("\"id\":7");
    McpGate.Decision.Respond noName =
        responded(
            check(token, call("read_file"), v, "2026-07-28", "Mcp-Method", "tools/call"), 400);
    assertThat(noName.body()).contains("-32020").contains("Mcp-Name");
    responded(
        check(
            token,
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"x://1\"}}",
            v,
            "2026-07-28",
            "Mcp-Method",
            "resources/read"),
        400);
    forwarded(check(token, list, v, "2026-07-28", "Mcp-Method", "tools/list"));
    forwarded(
        check(
            token,
            call("read_file"),
            v,
            "2026-07-28",
            "Mcp-Method",
            "tools/call",
            "Mcp-Name",
            "read_file"));
    // older versions may omit both headers
    forwarded(check(token, call("read_file"), v, "2025-11-25"));
    forwarded(check(token, list));
  }

  /** The versions the MCP Java SDK 2.2 speaks: everything known but 2026-07-28. */
  private static final List<String> SDK_2_2 =
      List.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");

  @Test
  void aGateRestrictedToItsTransportsVersionsRefusesANewerOneNamingTheSupportedVersions() {
    String token = f.valid().build();
    McpGate restricted = gate.restrictedTo(SDK_2_2);
    assertThat(restricted.protocolVersions()).isEqualTo(SDK_2_2);
    McpGate.Decision.Respond r =
        responded(
            checkWith(
                restricted,
                token,
                call("read_file"),
                "MCP-Protocol-Version",
                "2026-07-28",
                "Mcp-Method",
                "tools/call",
                "Mcp-Name",
                "read_file"),
            400);
    assertThat(r.reason()).contains(DenialReason.UNSUPPORTED_PROTOCOL_VERSION);
    assertThat(r.headers()).containsEntry("Content-Type", "application/json");
    assertThat(com.google.gson.JsonParser.parseString(r.body()))
        .isEqualTo(
            com.google.gson.JsonParser.parseString(
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32022,\"message\":"
                    + "\"Unsupported MCP-Protocol-Version; supported: 2024-11-05, 2025-03-26,"
                    + " 2025-06-18, 2025-11-25\",\"data\":{\"supported\":[\"2024-11-05\","
                    + "\"2025-03-26\",\"2025-06-18\",\"2025-11-25\"],\"requested\":"
                    + "\"2026-07-28\"}}}"));
    forwarded(
        checkWith(restricted, token, call("read_file"), "MCP-Protocol-Version", "2025-11-25"));
    forwarded(checkWith(restricted, token, call("read_file")));
    // the unrestricted gate still takes 2026-07-28 with its header rules
    forwarded(
        check(
            token,
            call("read_file"),
            "MCP-Protocol-Version",
            "2026-07-28",
            "Mcp-Method",
            "tools/call",
            "Mcp-Name",
            "read_file"));
  }

  @Test
  void anUnsupportedVersionIsNeverEchoedUnlessItLooksLikeAVersion() {
    String token = f.valid().build();
    McpGate.Decision.Respond r =
        responded(check(token, call("read_file"), "MCP-Protocol-Version", "<script>\"x"), 400);
    assertThat(r.body()).contains("-32022").doesNotContain("requested").doesNotContain("script");
    McpGate.Decision.Respond two =
        responded(
            check(
                token,
                call("read_file"),
                "MCP-Protocol-Version",
                "2025-11-25",
                "MCP-Protocol-Version",
                "2025-06-18"),
            400);
    assertThat(two.body()).contains("-32022").doesNotContain("requested");
  }

  @Test
  void restrictedToNeverWidensAndRefusesATransportSharingNoVersion() {
    McpGate narrow = f.mcpAuth.mcpGate(f.auth).protocolVersions("2025-11-25").build();
    assertThat(narrow.restrictedTo(McpGate.KNOWN_PROTOCOL_VERSIONS)).isSameAs(narrow);
    assertThat(narrow.protocolVersions()).containsExactly("2025-11-25");
    assertThat(gate.protocolVersions())
        .containsExactly("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> narrow.restrictedTo(List.of("2025-06-18", "2099-01-01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("share none");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> f.mcpAuth.mcpGate(f.auth).protocolVersions("2099-01-01"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown MCP protocol version");
  }

  @Test
  void aRestrictedGateSharesTheSessionsOfItsGate() {
    String alice = f.valid().build();
    String bob = f.valid().claim("sub", "bob").build();
    McpGate restricted = gate.restrictedTo(SDK_2_2);
    gate.sessionStarted("s-shared", forwarded(check(alice, null)));
    forwarded(checkWith(restricted, alice, null, "Mcp-Session-Id", "s-shared"));
    responded(checkWith(restricted, bob, null, "Mcp-Session-Id", "s-shared"), 403);
  }

  @Test
  void streamLifetimeWhenTheTokenExpiresThenEndsThenAndIsZeroOnceExpired() {
    java.time.Instant now = java.time.Instant.now();
    AuthInfo soon =
        AuthInfo.builder("t", "https://as.example").expiresAt(now.plusSeconds(30)).build();
    assertThat(gate.streamLifetime(soon).orElseThrow())
        .isPositive()
        .isLessThanOrEqualTo(java.time.Duration.ofSeconds(30));
    AuthInfo gone =
        AuthInfo.builder("t", "https://as.example").expiresAt(now.minusSeconds(1)).build();
    assertThat(gate.streamLifetime(gone)).contains(java.time.Duration.ZERO);
    assertThat(gate.streamLifetime(AuthInfo.builder("t", "https://as.example").build())).isEmpty();
  }

  @Test
  void answersToAnAllowedBrowserOriginAreReadableByItsScriptsAndOthersGetNone() {
    McpGate.Decision.Respond challenged =
        responded(check(null, call("read_file"), "Origin", "https://app.example"), 401);
    assertThat(challenged.headers())
        .containsEntry("Access-Control-Allow-Origin", "*")
        .containsKey("WWW-Authenticate");
    assertThat(challenged.headers().get("Access-Control-Expose-Headers"))
        .contains("WWW-Authenticate");
    McpGate.Decision.Respond foreign =
        responded(check(null, call("read_file"), "Origin", "https://evil.example"), 403);
    assertThat(foreign.headers()).doesNotContainKey("Access-Control-Allow-Origin");
    RequestHeaders allowed =
        RequestHeaders.of(Map.of("Origin", List.of("https://app.example")))
            .withRequestLine("POST", "/mcp");
    assertThat(gate.corsHeaders(allowed))
        .containsEntry("Access-Control-Allow-Origin", "*")
        .containsEntry(
            "Access-Control-Expose-Headers", "WWW-Authenticate, DPoP-Nonce, Mcp-Session-Id");
    assertThat(gate.corsHeaders(RequestHeaders.of(Map.of()).withRequestLine("POST", "/mcp")))
        .isEmpty();
  }

  @Test
  void forwardCarriesTheExactBytesTheGateChecked() {
    McpGate.Decision d = check(f.valid().build(), call("read_file"));
    assertThat(((McpGate.Decision.Forward) d).body())
        .hasValueSatisfying(
            b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo(call("read_file")));
  }

  @Test
  void withoutAValidTokenTheBodyIsNeverRead() {
    McpGate.Decision.Respond denied = responded(check(null, call("write_file")), 401);
    assertThat(denied.headers().get("WWW-Authenticate")).contains("scope=\"mcp:read\"");
    responded(check("garbage.token.x", "[0,0,0]"), 401);
    responded(check(null, "garbage"), 401);
    assertThat(bodyReads).hasValue(0);
  }

  @Test
  void checkWhenResourceOrPromptNeedsAScopeThen403() {
    responded(
        check(
            f.valid().build(),
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\","
                + "\"params\":{\"uri\":\"file:///secret\"}}"),
        403);
    responded(
        check(
            f.valid().build(),
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\","
                + "\"params\":{\"name\":\"admin_prompt\"}}"),
        403);
  }

  @Test
  void e14BatchNeedsTheUnionOfItsElements() {
    String batch =
        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}," + call("write_file") + "]";
    assertThat(responded(check(f.valid().build(), batch), 403).headers().get("WWW-Authenticate"))
        .contains("mcp:write");
  }

  @Test
  void e15McpNameThatDisagreesWithTheBodyIs400WithTheRequestId() {
    String token = f.valid().claim("scope", "mcp:read mcp:write").build();
    McpGate.Decision.Respond denied =
        responded(
            check(token, call("write_file"), "Mcp-Method", "tools/call", "Mcp-Name", "read_file"),
            400);
    assertThat(denied.reason()).contains(DenialReason.HEADER_MISMATCH);
    assertThat(denied.body()).contains("-32020").contains("\"id\":7");
    forwarded(
        check(token, call("write_file"), "Mcp-Method", "tools/call", "Mcp-Name", "write_file"));
    responded(check(token, call("write_file"), "Mcp-Method", "tools/list"), 400);
  }

  @Test
  void aMismatchIs400EvenForATokenThatWouldLackTheScope() {
    McpGate.Decision.Respond denied =
        responded(check(f.valid().build(), call("write_file"), "Mcp-Name", "read_file"), 400);
    assertThat(denied.reason()).contains(DenialReason.HEADER_MISMATCH);
  }

  @Test
  void base64EncodedHeaderValuesAreDecodedBeforeComparing() {
    String token = f.valid().claim("scope", "mcp:read mcp:write").build();
    forwarded(
        check(
            token, call("créer_note"), "Mcp-Method", "tools/call", "Mcp-Name", b64("créer_note")));
    responded(check(token, call("créer_note"), "Mcp-Name", b64("autre")), 400);
    responded(check(token, call("créer_note"), "Mcp-Name", "=?base64?!!!?="), 400);
    McpGate.Decision.Respond scope =
        responded(check(f.valid().build(), call("créer_note"), "Mcp-Name", b64("créer_note")), 403);
    assertThat(scope.reason()).contains(DenialReason.INSUFFICIENT_SCOPE);
  }

  @Test
  void aToolNameThatIsNotAStringIs400NotAToolWithoutScopes() {
    String token = f.valid().build();
    for (String body :
        List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":42}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":[\"file:///secret\"]}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}")) {
      assertThat(responded(check(token, body), 400).reason()).contains(DenialReason.INVALID_BODY);
    }
  }

  @Test
  void unreadableBodyFailsClosedAfterAuthenticationWithoutInternals() {
    String token = f.valid().claim("scope", "mcp:read mcp:write").build();
    for (String body :
        List.of(
            "{not json",
            "{\"method\":\"tools/call\",\"params\":{\"name\":\"a\",\"name\":\"write_file\"}}",
            "[".repeat(100) + "]".repeat(100),
            "{\"x\":1} trailing",
            "[]",
            "{\"x\":1}",
            "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"result\":{}}")) {
      McpGate.Decision.Respond denied = responded(check(token, body), 400);
      assertThat(denied.reason()).contains(DenialReason.INVALID_BODY);
      assertThat(denied.body())
          .startsWith("{\"jsonrpc\":\"2.0\"")
          .doesNotContain("Exception")
          .doesNotContain("at ");
    }
  }

  @Test
  void oversizedBodyIs413AfterAuthentication() {
    String big =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"pad\":\""
            + "x".repeat(3000)
            + "\"}";
    responded(check(null, big), 401);
    assertThat(responded(check(f.valid().build(), big), 413).reason())
        .contains(DenialReason.PAYLOAD_TOO_LARGE);
  }

  @Test
  void aCharsetOtherThanUtf8Is415() {
    String token = f.valid().build();
    assertThat(
            responded(
                    check(
                        token,
                        call("read_file"),
                        "Content-Type",
                        "application/json; charset=UTF-16"),
                    415)
                .reason())
        .contains(DenialReason.UNSUPPORTED_MEDIA_TYPE);
    responded(
        check(token, call("read_file"), "Content-Type", "application/json; charset=x-bogus"), 415);
    forwarded(
        check(token, call("read_file"), "Content-Type", "application/json; charset=\"utf-8\""));
    forwarded(check(token, call("read_file"), "Content-Type", "application/json"));
  }

  @Test
  void aForeignOriginIs403AndAllowedOnesPass() {
    String token = f.valid().build();
    assertThat(
            responded(check(token, call("read_file"), "Origin", "http://evil.example"), 403)
                .reason())
        .contains(DenialReason.ORIGIN_FORBIDDEN);
    forwarded(check(token, call("read_file"), "Origin", "https://app.example"));
    forwarded(check(token, call("read_file"), "Origin", "https://MCP.test:443"));
    responded(check(token, call("read_file"), "Origin", "null"), 403);
  }

  @Test
  void aPreflightIsAnsweredHereAndNeverForwarded() {
    McpGate.Decision.Respond ok =
        responded(
            send(
                "OPTIONS",
                null,
                null,
                "Origin",
                "https://app.example",
                "Access-Control-Request-Method",
                "POST"),
            204);
    assertThat(ok.reason()).isEmpty();
    assertThat(ok.headers()).containsKey("Access-Control-Allow-Headers");
    responded(
        send(
            "OPTIONS",
            null,
            null,
            "Origin",
            "http://evil.example",
            "Access-Control-Request-Method",
            "POST"),
        403);
  }

  @Test
  void anUnknownProtocolVersionIs400() {
    String token = f.valid().build();
    assertThat(
            responded(check(token, call("read_file"), "MCP-Protocol-Version", "1999-01-01"), 400)
                .reason())
        .contains(DenialReason.UNSUPPORTED_PROTOCOL_VERSION);
    forwarded(check(token, call("read_file"), "MCP-Protocol-Version", "2025-11-25"));
  }

  @Test
  void j03SessionIdIsNotACredential() {
    responded(check(null, null, "Mcp-Session-Id", "s1"), 401);
  }

  @Test
  void j04SessionIsBoundToItsCreatorAndUnknownSessionsAre404() {
    String alice = f.valid().build();
    String bob = f.valid().claim("sub", "bob").build();
    AuthInfo aliceInfo = forwarded(check(alice, null));
    gate.sessionStarted("s1", aliceInfo);
    forwarded(check(alice, null, "Mcp-Session-Id", "s1"));
    McpGate.Decision.Respond denied = responded(check(bob, null, "Mcp-Session-Id", "s1"), 403);
    assertThat(denied.headers()).doesNotContainKey("WWW-Authenticate");
    assertThat(denied.reason()).contains(DenialReason.SESSION_FORBIDDEN);
    gate.sessionEnded("s1");
    assertThat(responded(check(bob, null, "Mcp-Session-Id", "s1"), 404).reason())
        .contains(DenialReason.SESSION_NOT_FOUND);
  }

  @Test
  void theSseSessionParameterIsBoundLikeTheHeader() {
    String alice = f.valid().build();
    String bob = f.valid().claim("sub", "bob").build();
    gate.sessionStarted("sse-1", forwarded(check(alice, null)));
    forwarded(check(alice, call("read_file"), "?", "sessionId=sse-1"));
    responded(check(bob, call("read_file"), "?", "sessionId=sse-1"), 403);
  }

  @Test
  void oneOwnerCreatingManySessionsNeverFlushesAnotherOwnersBinding() {
    String alice = f.valid().build();
    String bob = f.valid().claim("sub", "bob").build();
    gate.sessionStarted("alice-session", forwarded(check(alice, null)));
    AuthInfo bobInfo = forwarded(check(bob, null));
    for (int i = 0; i < 12_000; i++) {
      gate.sessionStarted("bob-" + i, bobInfo);
    }
    forwarded(check(alice, null, "Mcp-Session-Id", "alice-session"));
    responded(check(bob, null, "Mcp-Session-Id", "alice-session"), 403);
    responded(check(bob, null, "Mcp-Session-Id", "bob-0"), 404); // its own oldest went first
    forwarded(check(bob, null, "Mcp-Session-Id", "bob-11999"));
  }

  @Test
  void mayCallToolAppliesTheHierarchy() {
    AuthInfo reader = forwarded(check(f.valid().build(), null));
    assertThat(gate.mayCallTool("write_file", reader)).isFalse();
    assertThat(gate.mayCallTool("read_file", reader)).isTrue();
  }

  @Test
  void theBodyIsTakenFromTheDecisionNotReadTwice() {
    forwarded(check(f.valid().build(), call("read_file")));
    assertThat(bodyReads).hasValue(1);
    assertAuthorized(f.verifyToken(f.valid().build()));
  }

  @Test
  void methodsResourceTemplatesAndPromptsNeedTheirScopesInOneChallengeWithTheHierarchyApplied() {
    try (Fixture h =
        new Fixture(
            p ->
                p.scopeHierarchy(
                    ScopeHierarchy.builder().implies("mcp:admin", "mcp:notes").build()),
            java.time.Clock.systemUTC())) {
      McpGate notes =
          h.mcpAuth
              .mcpGate(h.auth)
              .method("resources/list", "mcp:list")
              .method("resources/read", "mcp:list")
              .resourceTemplate("notes://{id}", "mcp:notes")
              .resourceTemplate("notes://{id}/attachments/{name}", "mcp:files")
              .prompt("summarize", "mcp:notes")
              .build();
      java.util.function.BiFunction<String, String, McpGate.Decision> send =
          (token, body) ->
              notes.check(
                  RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + token)))
                      .withRequestLine("POST", "/mcp"),
                  limit -> body.getBytes(StandardCharsets.UTF_8));
      String reader = h.valid().build();
      String list = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/list\"}";
      assertThat(responded(send.apply(reader, list), 403).headers().get("WWW-Authenticate"))
          .contains("scope=\"mcp:read mcp:list\"");
      String read =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"notes://42\"}}";
      assertThat(responded(send.apply(reader, read), 403).headers().get("WWW-Authenticate"))
          .contains("scope=\"mcp:read mcp:list mcp:notes\"");
      forwarded(
          send.apply(
              h.valid().claim("scope", "mcp:read mcp:list mcp:admin").build(),
              read)); // admin implies notes
      String attachment =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\","
              + "\"params\":{\"uri\":\"notes://42/attachments/a.png\"}}";
      assertThat(
              responded(
                      send.apply(
                          h.valid().claim("scope", "mcp:read mcp:list mcp:notes").build(),
                          attachment),
                      403)
                  .headers()
                  .get("WWW-Authenticate"))
          .contains("scope=\"mcp:read mcp:list mcp:files\"");
      String prompt =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\",\"params\":{\"name\":\"summarize\"}}";
      responded(send.apply(reader, prompt), 403);
      forwarded(send.apply(h.valid().claim("scope", "mcp:read mcp:notes").build(), prompt));
    }
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> McpScopePolicy.builder().resourceTemplate("notes://{id", McpAccess.scopes("x")));
  }
}
