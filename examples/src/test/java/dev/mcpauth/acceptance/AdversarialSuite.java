package dev.mcpauth.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.Tokens;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Fail closed on every stack (issue 24): the same hostile HTTP against the notes server on each
 * host (Javalin, Undertow, a plain servlet container, Spring WebMVC and WebFlux).
 *
 * <ul>
 *   <li>A catalogue of spellings of the MCP endpoint and of its metadata path, sent as raw request
 *       targets over a socket (HTTP client libraries normalize paths): the MCP endpoint is never
 *       served without a token under any spelling, the metadata is the right document or a refusal.
 *   <li>No error the suite provokes names a Java class or shows a stack trace.
 *   <li>The findings of the outside security reviews (issue 14 items 6-11, issue 19 items 3, 6 and
 *       9) that used to be tested per adapter, now against each demo server.
 *   <li>Pre-authentication memory: the server in a child JVM with a small heap, 50 concurrent
 *       unauthenticated POSTs that declare 4 MiB and trickle a few KB each.
 * </ul>
 *
 * <p>The server trusts the suite's own issuer besides its embedded development one, and allows the
 * browser origin {@value #APP_ORIGIN}; a subclass names the {@link ServerUnderTest} (built with
 * that origin). On a transport with sessions, every MCP request with a token is sent in a session
 * the same caller initialized. The HTTP-level results of the catalogues are printed per stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AdversarialSuite {
  /** The browser origin the server under test must allow besides the resource's own. */
  static final String APP_ORIGIN = "https://app.test";

  private static final String PROTOCOL_VERSION = "2025-06-18";

  /** A tool name that must travel Base64-encoded in {@code Mcp-Name} (MCP 2026-07-28). */
  private static final String UNICODE_TOOL = "grüße_日本";

  /** The first note of every demo. */
  private static final String FIRST_NOTE = "Welcome to MCP Auth for Java.";

  /** How long any single exchange may take before it counts as a hang. */
  private static final int READ_TIMEOUT_MILLIS = 15_000;

  /**
   * What an error body must never show: a stack frame, an exception, a fully qualified Java class
   * name.
   */
  private static final Pattern INTERNALS =
      Pattern.compile(
          "Exception|Caused by:|stackTrace|\\tat |java\\.lang"
              + "|\\bat (?:dev|org|java|javax|jakarta|io|com|reactor|sun|jdk|kotlin)\\."
              + "|\\b(?:dev|org|java|javax|jakarta|io|com|reactor|sun|jdk|kotlin)\\.[a-z][a-z0-9_]*"
              + "\\.[A-Za-z0-9_.$]*[A-Z][A-Za-z0-9_$]*");

  /**
   * Spellings of {@code /mcp}, as raw request targets ({@code {PORT}}: the server's port). Each
   * must be refused or demand a token, never served.
   */
  static final List<String> MCP_SPELLINGS =
      List.of(
          // percent-encoded unreserved characters
          "/%6Dcp",
          "/mc%70",
          "/m%63p",
          "/%6D%63%70",
          "/%6d%63%70",
          "/%25%36%44cp",
          // path parameters
          "/mcp;x=1",
          "/mcp;jsessionid=1",
          "/mcp;",
          "/;x/mcp",
          "/mcp;x=1/",
          "/.;/mcp",
          "/x/..;/mcp",
          // slashes
          "//mcp",
          "/mcp//",
          "///mcp",
          // dot segments
          "/./mcp",
          "/x/../mcp",
          "/%2e/mcp",
          "/x/%2e%2e/mcp",
          "/mcp/.",
          "/mcp/x/..",
          "/mcp.",
          // trailing slash and case
          "/mcp/",
          "/MCP",
          "/Mcp",
          "/mCp",
          // encoded separators and controls
          "/%2Fmcp",
          "/%2fmcp",
          "/mcp%2F",
          "/%5Cmcp",
          "/mcp%5C",
          "/mcp%00",
          "/mcp%20",
          "/mcp%09",
          "/mcp%0D%0A",
          "/mcp%3Fx=1",
          "/mcp%23x",
          // look-alikes: fullwidth (NFKC folds to mcp), Cyrillic es, Roman numeral one thousand
          "/%EF%BD%8D%EF%BD%83%EF%BD%90",
          "/ｍｃｐ",
          "/m%D1%81p",
          "/%E2%85%BFcp",
          // query, fragment, request-target forms
          "/mcp?x=1",
          "/mcp#x",
          "mcp",
          "http://localhost:{PORT}/mcp",
          "http://evil.test/mcp",
          "http://localhost:{PORT}/%6Dcp");

  /** Spellings of the metadata path: the right document, or a refusal. */
  static final List<String> METADATA_SPELLINGS =
      List.of(
          "/.well-known/oauth-protected-resource/%6Dcp",
          "/.well-known/oauth-protected-resource/mc%70",
          "/.well-known/oauth-protected-resource/mcp;x=1",
          "/.well-known/oauth-protected-resource/mcp/",
          "/.well-known/oauth-protected-resource/MCP",
          "/.well-known//oauth-protected-resource/mcp",
          "/.well-known/oauth-protected-resource//mcp",
          "/.well-known/./oauth-protected-resource/mcp",
          "/.well-known/oauth-protected-resource/x/../mcp",
          "/%2Ewell-known/oauth-protected-resource/mcp",
          "/.well-known/oauth-protected-resource%2Fmcp",
          "/.well-known/oauth-protected-resource/mcp%00",
          "/.well-known/oauth-protected-resource/mcp%20",
          "/.well-known/oauth-protected-resource/mcp%5C",
          "/.well-known/oauth-protected-resource/mcp?x=1",
          "/.well-known/oauth-protected-resource/mcp#x",
          "/.well-known/oauth-protected-resource",
          "/.well-known/oauth-protected-resource/",
          "http://localhost:{PORT}/.well-known/oauth-protected-resource/mcp");

  /** Writes request bodies while the calling thread reads the answer. */
  private static final ExecutorService WRITERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "adversarial-writer");
            t.setDaemon(true);
            return t;
          });

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** Session id per token, on a transport with sessions. */
  private final Map<String, String> sessions = new ConcurrentHashMap<>();

  /** What each spelling got: spelling -> "POST GET DELETE" statuses (or the GET status). */
  private final Map<String, String> mcpResults = Collections.synchronizedMap(new LinkedHashMap<>());

  private final Map<String, String> metadataResults =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<String> memoryResults = Collections.synchronizedList(new ArrayList<>());

  FakeAuthorizationServer testIssuer;
  ServerUnderTest.Running server;
  String base;
  String resource;
  String prm;
  int port;

  /** The server this suite drives, allowing the browser origin {@link #APP_ORIGIN}. */
  abstract ServerUnderTest server();

  /** The child JVM's options in the pre-authentication memory test. */
  List<String> smallMemoryJvmOptions() {
    return List.of("-Xmx96m");
  }

  private String stack() {
    return getClass().getSimpleName().replace("AdversarialTest", "");
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  @BeforeAll
  void start() throws Exception {
    testIssuer = new FakeAuthorizationServer();
    server = server().start(freePort(), testIssuer.issuer());
    base = server.baseUrl();
    port = URI.create(base).getPort();
    resource = base + "/mcp";
    prm = base + "/.well-known/oauth-protected-resource/mcp";
  }

  @AfterAll
  void stop() throws Exception {
    try {
      printResults();
    } finally {
      server.close();
      testIssuer.close();
    }
  }

  private void printResults() {
    StringBuilder b = new StringBuilder();
    b.append("\n=== Adversarial suite on ").append(stack()).append(" ===\n");
    if (!mcpResults.isEmpty()) {
      b.append(String.format("%-45s %s%n", "MCP endpoint spelling (no token)", "POST GET DELETE"));
      synchronized (mcpResults) {
        mcpResults.forEach((k, v) -> b.append(String.format("  %-43s %s%n", k, v)));
      }
    }
    if (!metadataResults.isEmpty()) {
      b.append(String.format("%-45s %s%n", "metadata path spelling", "GET"));
      synchronized (metadataResults) {
        metadataResults.forEach((k, v) -> b.append(String.format("  %-43s %s%n", k, v)));
      }
    }
    synchronized (memoryResults) {
      memoryResults.forEach(line -> b.append(line).append('\n'));
    }
    System.out.println(b);
  }

  // ---------------------------------------------------------------- 1: path spellings

  /** The raw client sees the canonical endpoint as a client does: the control of the catalogue. */
  @Test
  void theRawClientSeesTheCanonicalEndpoint() throws Exception {
    RawResponse open = raw("POST", "/mcp", mcpHeaders(null), initializeBody().getBytes());
    assertThat(open.status()).isEqualTo(401);
    assertThat(open.header("WWW-Authenticate")).startsWith("Bearer ");
    RawResponse served =
        raw("POST", "/mcp", mcpHeaders(token("read:notes")), initializeBody().getBytes());
    assertThat(served.status()).as(served.body()).isEqualTo(200);
    assertThat(served.body()).contains("\"result\"");
    RawResponse metadata = raw("GET", "/.well-known/oauth-protected-resource/mcp", Map.of(), null);
    assertThat(metadata.status()).isEqualTo(200);
    assertThat(
            JsonParser.parseString(metadata.body()).getAsJsonObject().get("resource").getAsString())
        .isEqualTo(resource);
  }

  @TestFactory
  Stream<DynamicTest> theMcpEndpointIsNeverServedWithoutATokenUnderAnySpelling() {
    assertThat(MCP_SPELLINGS).hasSizeGreaterThanOrEqualTo(30);
    return MCP_SPELLINGS.stream()
        .map(
            spelling ->
                dynamicTest(
                    spelling,
                    () -> {
                      String target = spelling.replace("{PORT}", String.valueOf(port));
                      RawResponse post =
                          raw("POST", target, mcpHeaders(null), initializeBody().getBytes());
                      RawResponse get =
                          raw("GET", target, Map.of("Accept", "text/event-stream"), null);
                      RawResponse delete = raw("DELETE", target, Map.of(), null);
                      mcpResults.put(
                          spelling,
                          post.statusText() + " " + get.statusText() + " " + delete.statusText());
                      List<String> problems = new ArrayList<>();
                      refusedOrChallenged("POST", post, problems);
                      refusedOrChallenged("GET", get, problems);
                      refusedOrChallenged("DELETE", delete, problems);
                      assertThat(problems).as("%s %s", stack(), spelling).isEmpty();
                    }));
  }

  /**
   * Refused (400, 403, 404, 405, connection closed) or challenged (401 with a Bearer challenge);
   * never served, never an MCP session, never internals.
   */
  private static void refusedOrChallenged(String method, RawResponse r, List<String> problems) {
    String prefix = method + " -> " + r.statusText() + ": ";
    if (r.header("Mcp-Session-Id") != null) {
      problems.add(prefix + "an MCP session was created (Mcp-Session-Id)");
    }
    if (r.status() == 401) {
      String challenge = r.header("WWW-Authenticate");
      if (challenge == null || !challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
        problems.add(prefix + "401 without a Bearer challenge: " + challenge);
      }
    } else if (!List.of(400, 403, 404, 405, RawResponse.CLOSED).contains(r.status())) {
      problems.add(prefix + "neither refused nor challenged; body " + abbreviate(r.body()));
    }
    internals(r.body()).ifPresent(leak -> problems.add(prefix + "internals in the body: " + leak));
  }

  @TestFactory
  Stream<DynamicTest> theMetadataIsTheRightDocumentOrARefusalUnderAnySpelling() {
    assertThat(METADATA_SPELLINGS).hasSizeGreaterThanOrEqualTo(10);
    return METADATA_SPELLINGS.stream()
        .map(
            spelling ->
                dynamicTest(
                    spelling,
                    () -> {
                      RawResponse r =
                          raw(
                              "GET",
                              spelling.replace("{PORT}", String.valueOf(port)),
                              Map.of(),
                              null);
                      metadataResults.put(spelling, r.statusText());
                      String what = stack() + " GET " + spelling + " -> " + r.statusText();
                      assertThat(internals(r.body())).as(what).isEmpty();
                      if (r.status() == 200) {
                        JsonElement doc = parseOrNull(r.body());
                        assertThat(doc != null && doc.isJsonObject())
                            .as(what + ": the RFC 9728 document, got " + abbreviate(r.body()))
                            .isTrue();
                        assertThat(doc.getAsJsonObject().get("resource").getAsString())
                            .as(what)
                            .isEqualTo(resource);
                      } else {
                        assertThat(
                                r.status() == RawResponse.CLOSED
                                    || (r.status() >= 400 && r.status() < 500))
                            .as(what + ": the document or a refusal (4xx)")
                            .isTrue();
                      }
                    }));
  }

  // ---------------------------------------------------------------- 2: no internals in errors

  @Test
  void errorsWithoutATokenNameNoInternals() throws Exception {
    Map<String, RawResponse> answers = new LinkedHashMap<>();
    Map<String, String> json = mcpHeaders(null);
    answers.put("malformed JSON", raw("POST", "/mcp", json, "{this is not json".getBytes()));
    answers.put("JSON of the wrong type", raw("POST", "/mcp", json, "[1,\"x\",null]".getBytes()));
    for (String type :
        List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "")) {
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.putAll(json);
      headers.put("Content-Type", type);
      answers.put(
          "content type " + type, raw("POST", "/mcp", headers, initializeBody().getBytes()));
    }
    answers.put("a 5 MiB body", raw("POST", "/mcp", json, hugeBody(5 << 20)));
    for (String session : List.of("made-up", "../../etc/passwd", "x".repeat(2000), "%00")) {
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.putAll(json);
      headers.put("Mcp-Session-Id", session);
      answers.put(
          "session id " + abbreviate(session),
          raw("POST", "/mcp", headers, toolCall(1, "list_notes").getBytes()));
      answers.put(
          "GET with session id " + abbreviate(session),
          raw(
              "GET",
              "/mcp",
              Map.of("Accept", "text/event-stream", "Mcp-Session-Id", session),
              null));
      answers.put(
          "DELETE with session id " + abbreviate(session),
          raw("DELETE", "/mcp", Map.of("Mcp-Session-Id", session), null));
    }
    for (String authorization :
        List.of(
            "Bearer garbage",
            "Bearer a.b.c",
            "Bearer " + Tokens.b64("{\"alg\":") + ".e30.x",
            "Bearer " + Tokens.b64("{\"alg\":\"RS256\",\"kid\":[1]}") + ".e30.x",
            "Bearer =====",
            "DPoP abc",
            "Basic !!!")) {
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.putAll(json);
      headers.put("Authorization", authorization);
      answers.put(
          "Authorization " + abbreviate(authorization),
          raw("POST", "/mcp", headers, initializeBody().getBytes()));
    }
    for (String method : List.of("PUT", "PATCH", "OPTIONS", "TRACE", "FOO")) {
      answers.put(method + " /mcp", raw(method, "/mcp", Map.of(), null));
    }
    answers.put(
        "GET /mcp with Accept: text/html", raw("GET", "/mcp", Map.of("Accept", "text/html"), null));
    answers.put("GET /notes", raw("GET", "/notes", Map.of(), null));
    answers.put(
        "POST metadata",
        raw("POST", "/.well-known/oauth-protected-resource/mcp", json, "{}".getBytes()));
    answers.put(
        "unknown well-known path",
        raw("GET", "/.well-known/oauth-protected-resource/evil", Map.of(), null));
    assertNoInternals(answers);
  }

  @Test
  void errorsOfAnAuthenticatedCallerNameNoInternals() throws Exception {
    String token = token("read:notes write:notes");
    Map<String, String> json = mcpHeaders(token);
    Map<String, RawResponse> answers = new LinkedHashMap<>();
    List<String> bodies = new ArrayList<>(malformedBodies());
    bodies.addAll(
        List.of(
            "",
            "{}",
            "\uFEFF{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"no/such/method\"}",
            "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1e999999,\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"\\ud800\",\"method\":\"tools/list\"}",
            toolCall(1, "no_such_tool"),
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"add\",\"arguments\":{\"a\":\"x\",\"b\":[]}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":"
                + "{\"uri\":\"notes://not-a-number\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":"
                + "{\"uri\":\"file:///etc/passwd\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\",\"params\":"
                + "{\"name\":\"no_such_prompt\"}}",
            "[" + "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"},".repeat(200) + "1]",
            "[".repeat(10_000) + "]".repeat(10_000),
            "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)));
    Map<String, String> inSession = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (server.sessions()) { // the same bodies inside a session this caller initialized
      inSession.putAll(json);
      inSession.put("Mcp-Session-Id", sessions.computeIfAbsent(token, this::initialize));
      inSession.put("MCP-Protocol-Version", PROTOCOL_VERSION);
    }
    for (String body : bodies) {
      answers.put(
          "body " + abbreviate(body),
          raw("POST", "/mcp", json, body.getBytes(StandardCharsets.UTF_8)));
      if (!inSession.isEmpty()) {
        answers.put(
            "in a session, body " + abbreviate(body),
            raw("POST", "/mcp", inSession, body.getBytes(StandardCharsets.UTF_8)));
      }
    }
    for (String type :
        List.of("text/plain", "application/json; charset=UTF-16", "application/xml", "")) {
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.putAll(json);
      headers.put("Content-Type", type);
      answers.put(
          "content type " + type, raw("POST", "/mcp", headers, initializeBody().getBytes()));
    }
    Map<String, String> noAccept = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    noAccept.putAll(json);
    noAccept.put("Accept", "text/html");
    answers.put("Accept: text/html", raw("POST", "/mcp", noAccept, initializeBody().getBytes()));
    answers.put("a 5 MiB body", raw("POST", "/mcp", json, hugeBody(5 << 20)));
    for (String session : List.of("made-up", "../../etc/passwd", "x".repeat(2000))) {
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.putAll(json);
      headers.put("Mcp-Session-Id", session);
      answers.put(
          "session id " + abbreviate(session),
          raw("POST", "/mcp", headers, toolCall(1, "list_notes").getBytes()));
      answers.put(
          "DELETE with session id " + abbreviate(session),
          raw(
              "DELETE",
              "/mcp",
              Map.of("Authorization", "Bearer " + token, "Mcp-Session-Id", session),
              null));
    }
    Map<String, String> badVersion = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    badVersion.putAll(json);
    badVersion.put("MCP-Protocol-Version", "\u00ff\u00fe");
    answers.put(
        "protocol version of Latin-1 bytes",
        raw("POST", "/mcp", badVersion, toolCall(1, "list_notes").getBytes()));
    assertNoInternals(answers);
  }

  private void assertNoInternals(Map<String, RawResponse> answers) {
    List<String> problems = new ArrayList<>();
    answers.forEach(
        (what, r) -> {
          if (r.status() >= 500 || r.status() == RawResponse.TIMEOUT) {
            problems.add(what + " -> " + r.statusText() + " " + abbreviate(r.body()));
          }
          boolean upstream =
              server().knownUpstreamLeaks().stream()
                  .anyMatch(known -> String.valueOf(r.body()).contains(known));
          internals(r.body())
              .filter(leak -> !upstream)
              .ifPresent(leak -> problems.add(what + " -> " + r.statusText() + " shows " + leak));
        });
    assertThat(problems).as(stack()).isEmpty();
  }

  // ---------------------------------------------------------------- 3: pre-authentication memory

  /**
   * Issue 19 item 1 on every stack: with a 96 MiB heap, 50 concurrent unauthenticated POSTs that
   * declare 4 MiB and send a few KB each get their 401 (or the connection closed) without waiting
   * for the body, and the server serves an authorized request afterwards, with no OutOfMemoryError.
   */
  @Test
  void unauthenticatedBodiesAreNotWaitedForNorHeldInASmallHeap() throws Exception {
    int childPort = freePort();
    Optional<List<String>> commandLine = server().commandLine(childPort);
    Assumptions.assumeTrue(commandLine.isPresent(), "the server cannot run in a child JVM");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(smallMemoryJvmOptions());
    command.addAll(commandLine.get());
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuffer log = new StringBuffer();
    Thread reader = new Thread(() -> copy(child.getInputStream(), log), "child-output");
    reader.setDaemon(true);
    reader.start();
    ExecutorService clients = Executors.newFixedThreadPool(50);
    try {
      long startDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
      while (log.indexOf("Press Ctrl+C") < 0
          && child.isAlive()
          && System.nanoTime() < startDeadline) {
        reader.join(100); // returns early when the child exits
      }
      assertThat(log.indexOf("Press Ctrl+C")).as("the child started:\n" + log).isNotNegative();
      Matcher tokenEndpoint =
          Pattern.compile("(http://localhost:\\d+/[A-Za-z0-9_-]+/token)\\b").matcher(log);
      assertThat(tokenEndpoint.find()).as("the banner names the token endpoint:\n" + log).isTrue();

      List<Future<long[]>> calls = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        calls.add(clients.submit(() -> trickle(childPort)));
      }
      Map<String, Integer> statuses = new TreeMap<>();
      long slowest = 0;
      List<String> problems = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (Future<long[]> call : calls) {
        long[] outcome;
        try {
          outcome = call.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          outcome = new long[] {RawResponse.TIMEOUT, TimeUnit.SECONDS.toMillis(60)};
        }
        String status = RawResponse.statusText((int) outcome[0]);
        statuses.merge(status, 1, Integer::sum);
        slowest = Math.max(slowest, outcome[1]);
        if (outcome[0] != 401 && outcome[0] != RawResponse.CLOSED) {
          problems.add(status + " after " + outcome[1] + " ms");
        } else if (outcome[1] > 10_000) {
          problems.add(status + " only after " + outcome[1] + " ms");
        }
      }
      clients.shutdownNow();

      String childResource = "http://localhost:" + childPort + "/mcp";
      String token = clientCredentials(tokenEndpoint.group(1), "read:notes", childResource);
      HttpResponse<String> authorized =
          http.send(
              HttpRequest.newBuilder(URI.create(childResource))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .header("Accept", "application/json, text/event-stream")
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.ofString(initializeBody()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      boolean outOfMemory = log.indexOf("OutOfMemoryError") >= 0;
      memoryResults.add(
          "pre-auth memory ("
              + String.join(" ", smallMemoryJvmOptions())
              + ", 50 x Content-Length 4 MiB, 8 KB sent): "
              + statuses
              + ", slowest "
              + slowest
              + " ms; authorized request afterwards "
              + authorized.statusCode()
              + "; child alive "
              + child.isAlive()
              + "; OutOfMemoryError "
              + outOfMemory);
      assertThat(problems).as(stack() + " unauthenticated 4 MiB POSTs").isEmpty();
      assertThat(authorized.statusCode()).as(authorized.body()).isEqualTo(200);
      assertThat(child.isAlive()).isTrue();
      assertThat(outOfMemory).as(log.toString()).isFalse();
    } finally {
      clients.shutdownNow();
      child.destroy();
      if (!child.waitFor(20, TimeUnit.SECONDS)) {
        child.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * One POST that declares 4 MiB and sends its body a KB at a time, at most 8 KB, while waiting for
   * the status line: {status, milliseconds until it came}.
   */
  private static long[] trickle(int port) {
    long started = System.nanoTime();
    long deadline = started + TimeUnit.SECONDS.toNanos(30);
    byte[] kilobyte = "0,".repeat(512).getBytes(StandardCharsets.US_ASCII);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(250); // the pace of the trickle
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /mcp HTTP/1.1\r\nHost: localhost:"
                  + port
                  + "\r\nContent-Type: application/json\r\n"
                  + "Accept: application/json, text/event-stream\r\n"
                  + "Content-Length: "
                  + (4 << 20)
                  + "\r\nConnection: close\r\n\r\n[")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      StringBuilder line = new StringBuilder();
      int sent = 0;
      boolean writable = true;
      while (System.nanoTime() < deadline) {
        if (writable && sent < 8) {
          try {
            out.write(kilobyte);
            out.flush();
            sent++;
          } catch (IOException e) {
            writable = false; // the server answered and closed: read what it said
          }
        }
        try {
          for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0 || line.length() >= 200) { // the end, or no status line at all
              return new long[] {statusOf(line), millisSince(started)};
            }
            line.append((char) c);
          }
          return new long[] {statusOf(line), millisSince(started)};
        } catch (SocketTimeoutException e) {
          // nothing yet: send the next kilobyte
        }
      }
      return new long[] {RawResponse.TIMEOUT, millisSince(started)};
    } catch (IOException e) {
      return new long[] {RawResponse.CLOSED, millisSince(started)};
    }
  }

  private static int statusOf(CharSequence statusLine) {
    String[] parts = statusLine.toString().split(" ");
    try {
      return parts.length >= 2 && parts[0].startsWith("HTTP/")
          ? Integer.parseInt(parts[1])
          : RawResponse.CLOSED;
    } catch (NumberFormatException e) {
      return RawResponse.CLOSED;
    }
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  private static void copy(InputStream in, StringBuffer log) {
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) > 0; ) {
        log.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // the child exited
    }
  }

  private String clientCredentials(String tokenEndpoint, String scope, String forResource)
      throws Exception {
    String form =
        "grant_type=client_credentials&scope="
            + URLEncoder.encode(scope, StandardCharsets.UTF_8)
            + "&resource="
            + URLEncoder.encode(forResource, StandardCharsets.UTF_8);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(tokenEndpoint))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString("adversarial:secret".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JsonParser.parseString(r.body()).getAsJsonObject().get("access_token").getAsString();
  }

  // ---------------------------------------------------------------- review findings (issues 14,
  // 19)

  // 14.6 and 19.9: malformed JSON-RPC from an authenticated caller gets a JSON-RPC error without
  // internals (an object id or string params: once a 500 and a logged stack trace), no tool runs,
  // and nothing is logged at error level.
  @Test
  void malformedJsonRpcGetsAPlainJsonRpcErrorWithoutInternals() throws Exception {
    String token = token("read:notes write:notes");
    int notesBefore = noteCount();
    String log =
        capturingServerOutput(
            () -> {
              for (String body : malformedBodies()) {
                assertPlainJsonRpcError(mcp(token, body, Map.of()), body);
                if (server.sessions()) { // outside the session too
                  assertPlainJsonRpcError(post(token, body, Map.of()), body);
                }
              }
              String objectId = "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"tools/list\"}";
              HttpResponse<String> r = mcp(token, objectId, Map.of());
              assertThat(r.statusCode()).isEqualTo(400);
              assertPlainJsonRpcError(r, objectId);
              String badArguments =
                  "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                      + "{\"name\":\"create_note\",\"arguments\":7}}";
              HttpResponse<String> bad = mcp(token, badArguments, Map.of());
              assertThat(bad.statusCode()).isEqualTo(400); // refused by the gate, with the id
              assertThat(bad.body()).contains("\"id\":2");
              assertPlainJsonRpcError(bad, badArguments);
            });
    assertThat(log).doesNotContain("ERROR").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(noteCount()).as("no tool ran").isEqualTo(notesBefore);
  }

  // 14.6, continued: "params" that is not an object, or "arguments" that is not an object, is
  // refused by the gate with the request id (the SDK's streamable transport would answer an empty
  // 200).
  @Test
  void paramsTheSdkCannotReadGetAJsonRpcError() throws Exception {
    String token = token("read:notes");
    for (String params :
        List.of("\"oops\"", "7", "[\"x\"]", "true", "{\"name\":\"whoami\",\"arguments\":7}")) {
      String body =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":" + params + "}";
      HttpResponse<String> r = mcp(token, body, Map.of());
      assertPlainJsonRpcError(r, body);
      assertThat(r.body()).as(body).doesNotContain("alice");
    }
  }

  // 14.7: only UTF-8 JSON; any other declared charset is 415, never 500.
  @Test
  void aCharsetOtherThanUtf8Is415() throws Exception {
    String token = token("read:notes");
    for (String charset : List.of("UTF-16", "x-bogus", "ISO-8859-1")) {
      HttpResponse<String> r =
          post(
              token,
              initializeBody(),
              Map.of("Content-Type", "application/json; charset=" + charset));
      assertThat(r.statusCode()).as(charset).isEqualTo(415);
      assertThat(r.body()).as(charset).doesNotContain("Exception").doesNotContain("Charset");
    }
    HttpResponse<String> utf8 =
        post(token, initializeBody(), Map.of("Content-Type", "application/json; charset=utf-8"));
    assertThat(utf8.statusCode()).isEqualTo(200);
  }

  // 14.8: the metadata path with a trailing slash is 404 and logs no stack trace.
  @Test
  void metadataPathWithATrailingSlashIs404WithoutAStackTrace() throws Exception {
    String log =
        capturingServerOutput(
            () -> {
              for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = get(prm + "/", Map.of());
                assertThat(r.statusCode()).isEqualTo(404);
                assertThat(r.body()).doesNotContain("Exception");
              }
            });
    assertThat(log).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(get(prm, Map.of()).statusCode()).isEqualTo(200);
  }

  // 14.9: Base64 Mcp-Name is decoded (UTF-8); a mismatch is 400 -32020 with the id, before any
  // scope decision.
  @Test
  void base64McpNameIsDecodedAndAMismatchIs400BeforeScopes() throws Exception {
    String token = token("read:notes");
    HttpResponse<String> ok =
        mcp(
            token,
            toolCall(5, "list_notes"),
            Map.of("Mcp-Method", "tools/call", "Mcp-Name", base64Header("list_notes")));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains(FIRST_NOTE);

    // A non-ASCII name the server does not have: the gate decodes it and lets it through (the MCP
    // server then answers that there is no such tool), it is not a mismatch.
    HttpResponse<String> unicode =
        mcp(
            token,
            toolCall(6, UNICODE_TOOL),
            Map.of("Mcp-Method", "tools/call", "Mcp-Name", base64Header(UNICODE_TOOL)));
    assertThat(unicode.statusCode()).as(unicode.body()).isBetween(200, 499);
    assertThat(unicode.body()).doesNotContain("-32020");

    // create_note needs write:notes, which the token lacks: the mismatch must win over
    // insufficient_scope.
    HttpResponse<String> mismatch =
        mcp(
            token,
            toolCall(41, "create_note"),
            Map.of("Mcp-Method", "tools/call", "Mcp-Name", base64Header(UNICODE_TOOL)));
    assertThat(mismatch.statusCode()).isEqualTo(400);
    assertThat(mismatch.body()).contains("-32020").contains("\"id\":41");
    assertThat(mismatch.headers().firstValue("WWW-Authenticate")).isEmpty();

    HttpResponse<String> plainMismatch =
        mcp(
            token,
            toolCall("\"req-7\"", "create_note"),
            Map.of("Mcp-Method", "tools/call", "Mcp-Name", "whoami"));
    assertThat(plainMismatch.statusCode()).isEqualTo(400);
    assertThat(plainMismatch.body()).contains("-32020").contains("\"id\":\"req-7\"");

    HttpResponse<String> noScope =
        mcp(
            token,
            toolCall(42, "create_note"),
            Map.of("Mcp-Method", "tools/call", "Mcp-Name", "create_note"));
    assertThat(noScope.statusCode()).isEqualTo(403);
  }

  // 14.10: a disallowed Origin is 403, with or without a token, and never reaches the MCP server
  // (no note is created).
  @Test
  void aDisallowedOriginIs403() throws Exception {
    String token = token("read:notes write:notes");
    int notesBefore = noteCount();
    for (String origin : List.of("https://evil.test", "null", "http://127.0.0.1.evil.test")) {
      assertThat(post(token, initializeBody(), Map.of("Origin", origin)).statusCode())
          .as(origin)
          .isEqualTo(403);
      assertThat(post(null, initializeBody(), Map.of("Origin", origin)).statusCode())
          .as(origin)
          .isEqualTo(403);
      HttpResponse<String> create =
          mcp(token, toolCall(3, "create_note"), Map.of("Origin", origin));
      assertThat(create.statusCode()).as(origin).isEqualTo(403);
      assertThat(create.body()).as(origin).doesNotContain("created");
    }
    assertThat(noteCount()).isEqualTo(notesBefore);
    assertThat(post(token, initializeBody(), Map.of("Origin", APP_ORIGIN)).statusCode())
        .isEqualTo(200);
    assertThat(post(token, initializeBody(), Map.of("Origin", base)).statusCode()).isEqualTo(200);
  }

  // 14.11: an unsupported MCP-Protocol-Version is 400.
  @Test
  void anUnsupportedProtocolVersionIs400() throws Exception {
    String token = token("read:notes");
    String list = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}";
    HttpResponse<String> r = mcp(token, list, Map.of("MCP-Protocol-Version", "1999-01-01"));
    assertThat(r.statusCode()).isEqualTo(400);
    HttpResponse<String> known = mcp(token, list, Map.of("MCP-Protocol-Version", PROTOCOL_VERSION));
    assertThat(known.statusCode()).isEqualTo(200);
  }

  // 19.3: a CORS preflight without a token is answered before any protected code, on both kinds of
  // route (the MCP endpoint, and the REST route /notes).
  @Test
  void aCorsPreflightNeverReachesProtectedCode() throws Exception {
    HttpResponse<String> mcp = preflight(resource, APP_ORIGIN);
    assertThat(mcp.statusCode()).isEqualTo(204);
    assertThat(mcp.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
        .containsIgnoringCase("Authorization");
    assertThat(mcp.headers().firstValue("Mcp-Session-Id")).isEmpty();
    assertThat(preflight(resource, "https://evil.test").statusCode()).isEqualTo(403);

    HttpResponse<String> notes = preflight(base + "/notes", APP_ORIGIN);
    assertThat(notes.statusCode()).isEqualTo(204);
    assertThat(notes.body()).doesNotContain(FIRST_NOTE);
    HttpResponse<String> unauthenticated = get(base + "/notes", Map.of());
    assertThat(unauthenticated.statusCode()).isEqualTo(401);
    assertThat(unauthenticated.body()).doesNotContain(FIRST_NOTE);
    assertThat(
            get(base + "/notes", Map.of("Authorization", "Bearer " + token("read:notes"))).body())
        .contains(FIRST_NOTE);
  }

  // 19.6: a name or uri that is present but not a string is 400, not "no tool", and runs nothing.
  @Test
  void aNonStringToolNameIs400() throws Exception {
    String token = token("read:notes write:notes");
    int notesBefore = noteCount();
    for (String params :
        List.of(
            "{\"name\":42,\"arguments\":{}}",
            "{\"name\":{\"x\":1}}",
            "{\"name\":null}",
            "{\"name\":[\"create_note\"],\"arguments\":{\"text\":\"t\"}}")) {
      HttpResponse<String> r =
          mcp(
              token,
              "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":" + params + "}",
              Map.of());
      assertThat(r.statusCode()).as(params).isEqualTo(400);
      assertThat(r.body()).as(params).doesNotContain("created");
    }
    HttpResponse<String> uri =
        mcp(
            token,
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"resources/read\",\"params\":{\"uri\":7}}",
            Map.of());
    assertThat(uri.statusCode()).isEqualTo(400);
    assertThat(noteCount()).isEqualTo(notesBefore);
  }

  // ---------------------------------------------------------------- helpers

  static List<String> malformedBodies() {
    return List.of(
        "{\"x\":1}",
        "{\"jsonrpc\":\"2.0\",\"id\":1}",
        "[]",
        "null",
        "\"text\"",
        "42",
        "[{\"x\":1}]",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\""
            + UNICODE_TOOL
            + "\",\"arguments\":7}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":\"oops\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"tools/list\"}",
        "{\"jsonrpc\":",
        "{\"id\":1,\"method\":5}");
  }

  /** A JSON-RPC error (never 5xx) that names no exception, message of a library or stack frame. */
  static void assertPlainJsonRpcError(HttpResponse<String> r, String sent) {
    assertThat(r.statusCode()).as(sent).isBetween(200, 499);
    String body = r.body();
    assertThat(body)
        .as(r.statusCode() + " " + r.headers().map() + " for " + sent)
        .contains("\"error\"")
        .contains("\"code\"")
        .doesNotContain("Exception")
        .doesNotContain("stackTrace")
        .doesNotContain("\tat ")
        .doesNotContain("jackson")
        .doesNotContain("Jackson")
        .doesNotContain("java.")
        .doesNotContain("io.modelcontextprotocol")
        .doesNotContain("Cannot ")
        .doesNotContain("Unrecognized");
    assertThat(internals(body)).as(sent).isEmpty();
  }

  /**
   * The first thing in {@code body} that looks like a stack frame, an exception or a class name.
   */
  static Optional<String> internals(String body) {
    String text = body == null ? "" : body;
    Matcher m = INTERNALS.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    String context =
        text.substring(Math.max(0, m.start() - 40), Math.min(text.length(), m.end() + 60));
    return Optional.of(m.group() + " in ..." + abbreviate(context) + "...");
  }

  private static JsonElement parseOrNull(String body) {
    try {
      return JsonParser.parseString(body);
    } catch (RuntimeException e) {
      return null;
    }
  }

  static String abbreviate(String s) {
    String oneLine = s == null ? "" : s.replace("\r", "\\r").replace("\n", "\\n");
    return oneLine.length() <= 120
        ? oneLine
        : oneLine.substring(0, 120) + "...(" + s.length() + ")";
  }

  private static byte[] hugeBody(int size) {
    byte[] body = new byte[size];
    java.util.Arrays.fill(body, (byte) ' ');
    byte[] start = "[0".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(start, 0, body, 0, start.length);
    body[size - 1] = ']';
    return body;
  }

  static String initializeBody() {
    return "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
        + PROTOCOL_VERSION
        + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"adversarial\",\"version\":\"1\"}}}";
  }

  static String toolCall(Object id, String name) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
        + name
        + "\",\"arguments\":{\"text\":\"t\"}}}";
  }

  private static String base64Header(String value) {
    return "=?base64?"
        + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))
        + "?=";
  }

  /** A valid token of the suite's issuer for alice, with {@code scope}. */
  String token(String scope) {
    return Tokens.valid(testIssuer.issuer(), resource).claim("scope", scope).build();
  }

  /** The headers of an MCP POST (JSON, both Accept types), with {@code token} unless null. */
  private Map<String, String> mcpHeaders(String token) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.put("Content-Type", "application/json");
    headers.put("Accept", "application/json, text/event-stream");
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    return headers;
  }

  /** A POST to the MCP endpoint, outside any session. */
  HttpResponse<String> post(String token, String body, Map<String, String> headers)
      throws Exception {
    Map<String, String> all = mcpHeaders(token);
    all.putAll(headers);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(resource))
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    all.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /**
   * A POST to the MCP endpoint as a client sends it: with a token on a transport with sessions, in
   * the session this caller initialized ({@code headers} win).
   */
  HttpResponse<String> mcp(String token, String body, Map<String, String> headers)
      throws Exception {
    Map<String, String> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (token != null && server.sessions()) {
      all.put("Mcp-Session-Id", sessions.computeIfAbsent(token, this::initialize));
      all.put("MCP-Protocol-Version", PROTOCOL_VERSION);
    }
    all.putAll(headers);
    return post(token, body, all);
  }

  private String initialize(String token) {
    try {
      HttpResponse<String> init = post(token, initializeBody(), Map.of());
      assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
      String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
      HttpResponse<String> initialized =
          post(
              token,
              "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
              Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", PROTOCOL_VERSION));
      assertThat(initialized.statusCode()).isEqualTo(202);
      return session;
    } catch (Exception e) {
      throw new AssertionError("initialize failed", e);
    }
  }

  HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> preflight(String url, String origin) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization, content-type")
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** How many notes the server holds: whether a tool ran. */
  private int noteCount() throws Exception {
    HttpResponse<String> r =
        get(base + "/notes", Map.of("Authorization", "Bearer " + token("read:notes")));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject doc = JsonParser.parseString(r.body()).getAsJsonObject();
    return doc.getAsJsonArray("notes").size();
  }

  /**
   * What the server (in this JVM) logged while {@code action} ran: standard error (slf4j-simple)
   * and standard output (Spring Boot's console appender).
   */
  static String capturingServerOutput(ThrowingRunnable action) throws Exception {
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setErr(capture);
    System.setOut(capture);
    try {
      action.run();
    } finally {
      System.err.flush();
      System.out.flush();
      System.setErr(originalErr);
      System.setOut(originalOut);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** A block that may throw. */
  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  // ---------------------------------------------------------------- raw HTTP/1.1

  /**
   * One request over a fresh socket, the request line written as given (UTF-8), {@code Connection:
   * close}; the body is written on another thread while this one reads the answer, so an answer
   * sent before the body is read (as a 401 should be) is seen even if the server then closes.
   */
  RawResponse raw(String method, String target, Map<String, String> headers, byte[] body) {
    StringBuilder head =
        new StringBuilder(method)
            .append(' ')
            .append(target)
            .append(" HTTP/1.1\r\nHost: localhost:")
            .append(port)
            .append("\r\n");
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      if (body != null && body.length > 0) {
        WRITERS.submit(
            () -> {
              try {
                out.write(body);
                out.flush();
              } catch (IOException e) {
                // the server answered and closed without reading the whole body: allowed
              }
            });
      }
      return RawResponse.read(socket, new BufferedInputStream(socket.getInputStream()), method);
    } catch (IOException e) {
      return new RawResponse(RawResponse.CLOSED, Map.of(), "");
    }
  }

  /**
   * An answer read off the wire: {@link #CLOSED} when the connection ended (or was reset) before a
   * status line, {@link #TIMEOUT} when nothing came in time.
   */
  record RawResponse(int status, Map<String, List<String>> headers, String body) {
    static final int CLOSED = -1;
    static final int TIMEOUT = -2;
    private static final int MAX_BODY = 256 * 1024;

    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    String statusText() {
      return statusText(status);
    }

    static String statusText(int status) {
      return status == CLOSED ? "closed" : status == TIMEOUT ? "timeout" : String.valueOf(status);
    }

    static RawResponse read(Socket socket, InputStream in, String method) throws IOException {
      String statusLine;
      try {
        statusLine = line(in);
      } catch (SocketTimeoutException e) {
        return new RawResponse(TIMEOUT, Map.of(), "");
      } catch (IOException e) {
        return new RawResponse(CLOSED, Map.of(), "");
      }
      if (statusLine == null) {
        return new RawResponse(CLOSED, Map.of(), "");
      }
      int status = statusOf(statusLine);
      Map<String, List<String>> headers = new LinkedHashMap<>();
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      try {
        for (int i = 0; i < 200; i++) {
          String line = line(in);
          if (line == null || line.isEmpty()) {
            break;
          }
          int colon = line.indexOf(':');
          if (colon > 0) {
            headers
                .computeIfAbsent(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>())
                .add(line.substring(colon + 1).trim());
          }
        }
        List<String> type = headers.getOrDefault("content-type", List.of());
        if (!type.isEmpty() && type.get(0).startsWith("text/event-stream")) {
          socket.setSoTimeout(2_000); // a stream: what comes in two seconds is enough
        }
        if (!method.equals("HEAD") && status != 204 && status != 304) {
          List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
          List<String> length = headers.getOrDefault("content-length", List.of());
          if (!encoding.isEmpty() && encoding.get(0).equalsIgnoreCase("chunked")) {
            readChunked(in, body);
          } else if (!length.isEmpty()) {
            copy(in, body, Math.min(MAX_BODY, Long.parseLong(length.get(0).trim())));
          } else {
            copy(in, body, MAX_BODY);
          }
        }
      } catch (IOException | NumberFormatException e) {
        // what arrived is the answer
      }
      return new RawResponse(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static void readChunked(InputStream in, ByteArrayOutputStream body) throws IOException {
      for (int i = 0; i < 10_000 && body.size() < MAX_BODY; i++) {
        String size = line(in);
        if (size == null) {
          return;
        }
        int semicolon = size.indexOf(';');
        long n = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        if (n == 0) {
          return;
        }
        copy(in, body, Math.min(n, MAX_BODY));
        line(in);
      }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out, long max)
        throws IOException {
      byte[] buffer = new byte[8192];
      long left = max;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          return;
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }

    /**
     * A line without its CR LF (ISO-8859-1); null at the end of the stream, an {@link IOException}
     * past 16 KB.
     */
    private static String line(InputStream in) throws IOException {
      StringBuilder b = new StringBuilder();
      for (int c; (c = in.read()) != '\n'; ) {
        if (c < 0) {
          return b.length() == 0 ? null : b.toString();
        }
        if (b.length() >= 16_384) {
          throw new IOException("a line longer than 16 KB");
        }
        b.append((char) c);
      }
      int end = b.length();
      return end > 0 && b.charAt(end - 1) == '\r' ? b.substring(0, end - 1) : b.toString();
    }
  }
}
