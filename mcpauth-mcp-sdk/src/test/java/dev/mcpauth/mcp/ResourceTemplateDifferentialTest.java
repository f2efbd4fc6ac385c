package dev.mcpauth.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.mcp.servlet.McpAuthContextExtractor;
import dev.mcpauth.mcp.servlet.McpAuthFilter;
import dev.mcpauth.testing.TestAuthorizationServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.util.DefaultMcpUriTemplateManagerFactory;
import io.modelcontextprotocol.util.McpUriTemplateManagerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #24, item 6: the gate's resource-template scopes apply to exactly the URIs the MCP Java
 * SDK's dispatcher routes to the template's handler ({@code DefaultMcpUriTemplateManager}, which
 * Spring AI's MCP server uses too). Before, the gate's variables stopped at {@code ?} and {@code
 * #}, so {@code notes://1#x} reached the {@code notes://{id}} handler without the template's scope.
 */
class ResourceTemplateDifferentialTest {
  private static final McpUriTemplateManagerFactory SDK = new DefaultMcpUriTemplateManagerFactory();
  private static final String SCOPE = "tmpl:read";

  private static final List<String> TEMPLATES =
      List.of(
          "notes://{id}",
          "notes://{id}/attachments/{name}",
          "files://{dir}/{name}.txt",
          "a.b://{x}",
          "x+y://{id}",
          "search://{q}?page={p}",
          "frag://{doc}#{section}",
          "r://{a}-{b}",
          "r://{a}{b}",
          "t://{a}/{b}/{c}",
          "q://\\E{a}.*(\\Q)",
          "{scheme}://host/{path}",
          "u://caf\u00e9/{x}",
          "emoji://\uD83D\uDE00/{x}",
          "plain://no-variables");

  private static final List<String> URIS = adversarialUris();

  private static List<String> adversarialUris() {
    List<String> uris =
        new ArrayList<>(
            List.of(
                // fragments and queries: the original finding
                "notes://1",
                "notes://1#x",
                "notes://1?x=1",
                "notes://1?x=1#y",
                "notes://#",
                "notes://?",
                "notes://1?next=/etc/passwd",
                // encoded and real slashes, dots
                "notes://1%2F2",
                "notes://1%2f..%2f2",
                "notes://1/2",
                "notes://../secret",
                "notes://..",
                "notes://.",
                "notes://1/",
                "notes:///1",
                // empty variables and empty URIs
                "notes://",
                "",
                "notes:/",
                "notes://1\n",
                "notes://\t",
                // several variables
                "notes://1/attachments/a.png",
                "notes://1/attachments/",
                "notes:///attachments/a",
                "notes://1/attachments/a/b",
                "notes://1/attachments/a?b#c",
                "notes://1/x/attachments/a",
                "files://docs/readme.txt",
                "files://docs/.txt",
                "files://docs/a.txt.txt",
                "files://docs/a.txt?.txt",
                "files://docs/sub/a.txt",
                "search://cats?page=2",
                "search://cats?page=",
                "search://?page=2",
                "search://c?page=2?page=3",
                "frag://doc#intro",
                "frag://doc#intro#more",
                "frag://#intro",
                "r://1-2",
                "r://1-2-3",
                "r://-",
                "r://--",
                "r://12",
                "r://1",
                "t://a/b/c",
                "t://a//c",
                "t://a/b/c/",
                // regex metacharacters in literals taken literally, or not
                "a.b://1",
                "aXb://1",
                "a.b://1.2",
                "x+y://7",
                "xxy://7",
                "xy://7",
                "q://\\E1.*(\\Q)",
                "q://\\E1zz(\\Q)",
                "q://1.*(\\Q)",
                // schemes as variables
                "https://host/p",
                "a/b://host/p",
                "://host/p",
                // unicode
                "u://caf\u00e9/1",
                "u://cafe\u0301/1",
                "notes://\u00e9\u00e8",
                "notes://\uD83D\uDE00",
                "emoji://\uD83D\uDE00/1",
                "r://\uD83D\uDE00",
                "r://\uD83D\uDE00\uD83D\uDE01",
                "r://\uD83D",
                "notes://\u2215etc",
                "notes://\uFF0F",
                "plain://no-variables",
                "plain://no-variables#x",
                "plain://no-variables?x"));
    // very long values
    uris.add("notes://" + "9".repeat(20_000));
    uris.add("notes://" + "9".repeat(20_000) + "/");
    uris.add("notes://" + "#".repeat(5_000) + "?x=1");
    uris.add("files://" + "d".repeat(5_000) + "/" + "n".repeat(5_000) + ".txt");
    uris.add("r://" + "-".repeat(2_000));
    uris.add("r://" + "-".repeat(2_000) + "/");
    return List.copyOf(uris);
  }

  /** A resource nobody calls: the gates here are asked which scopes a URI needs, nothing else. */
  private static final McpAuth OFFLINE =
      McpAuth.builder()
          .protectedResource(
              ResourceServerConfig.builder("https://offline.example/mcp")
                  .authorizationServer(AuthServerConfig.discover("https://as.offline.example"))
                  .build())
          .build();

  private static McpGate.Builder gate() {
    return OFFLINE.mcpGate(OFFLINE.bearerAuth());
  }

  private static boolean policyApplies(McpGate policy, String uri) {
    return policy.scopesFor("resources/read", uri).contains(SCOPE);
  }

  @Test
  void theGateAppliesATemplatesScopesExactlyWhereTheSdkDispatchesToIt() {
    assertThat(URIS).hasSizeGreaterThanOrEqualTo(40);
    int dispatched = 0;
    for (String template : TEMPLATES) {
      McpGate asTemplate = gate().resourceTemplate(template, SCOPE).build();
      // the SDK matches a plain resource's URI with the same manager, so declaring it as a
      // resource must cover the same URIs
      McpGate asResource = gate().resource(template, SCOPE).build();
      for (String uri : URIS) {
        boolean sdk = SDK.create(template).matches(uri);
        String what = template + " against " + abbreviated(uri);
        assertThat(policyApplies(asTemplate, uri)).as("template " + what).isEqualTo(sdk);
        assertThat(policyApplies(asResource, uri)).as("resource " + what).isEqualTo(sdk);
        for (String method : List.of("resources/subscribe", "resources/unsubscribe")) {
          assertThat(asTemplate.scopesFor(method, uri).contains(SCOPE)).as(method).isEqualTo(sdk);
        }
        dispatched += sdk ? 1 : 0;
      }
    }
    // the list is adversarial, not vacuous: the SDK dispatches a fair share of it
    assertThat(dispatched).isGreaterThan(40);
    McpGate notes = gate().resourceTemplate("notes://{id}", SCOPE).build();
    assertThat(policyApplies(notes, "notes://1#x")).isTrue();
    assertThat(policyApplies(notes, "notes://1?x=1")).isTrue();
    assertThat(policyApplies(notes, "notes://1%2F2")).isTrue();
  }

  @Test
  void templatesTheSdkWouldReadAsLiteralTextAreRefusedWhenThePolicyIsBuilt() {
    // {a/b} and {} are literal text to the SDK but look like variables: refuse, never guess
    for (String template :
        List.of("notes://{a/b}", "notes://{}", "notes://{id", "notes://{{id}}")) {
      assertThatThrownBy(() -> gate().resourceTemplate(template, SCOPE))
          .as(template)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void a100KbAdversarialUriAgainst50TemplatesIsDecidedInBoundedTime() {
    // The SDK's own regex ([^/]+?)-([^/]+?)-... backtracks polynomially on such a URI; the gate
    // decides without backtracking. A ReDoS guard, not a performance target.
    McpGate.Builder builder = gate();
    for (int i = 0; i < 50; i++) {
      String template =
          switch (i % 5) {
            case 0 -> "adv://{a}-{b}-{c}-{d}-x" + i;
            case 1 -> "adv://{a}{b}{c}{d}/" + i;
            case 2 -> "adv://{a}-/{b}-{c}" + i;
            case 3 -> "adv://{a}--{b}--{c}--{d}" + i + "-";
            default -> "{s}://{a}-{b}-{c}-{d}-{e}?" + i;
          };
      builder.resourceTemplate(template, "t" + i);
    }
    McpGate policy = builder.build();
    String dashes = "adv://" + "-".repeat(100_000);
    List<String> uris = List.of(dashes + "/", dashes + "!", dashes, "adv://" + "-/".repeat(50_000));
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          for (String uri : uris) {
            policy.scopesFor("resources/read", uri);
          }
        });
    assertThat(policy.scopesFor("resources/read", dashes + "!")).isEmpty();
    assertThat(policy.scopesFor("resources/read", dashes + "x0")).containsExactly("t0");
  }

  @Test
  void overHttpAFragmentOrQueryNoLongerSkipsTheTemplatesScope() throws Exception {
    try (LoopbackJetty jetty = new LoopbackJetty();
        TestAuthorizationServer as =
            new TestAuthorizationServer(
                jetty.base() + "/mcp", List.of("mcp:read", "mcp:read mcp:notes"));
        McpAuth mcpAuth =
            McpAuth.builder()
                .protectedResource(
                    ResourceServerConfig.builder(jetty.base() + "/mcp")
                        .authorizationServer(
                            AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC))
                        .build())
                .build()) {
      String base = jetty.base();
      McpGate gate =
          mcpAuth
              .mcpGate(mcpAuth.bearerAuth())
              .resourceTemplate("notes://{id}", "mcp:notes")
              .build();
      HttpServletStatelessServerTransport transport =
          HttpServletStatelessServerTransport.builder()
              .messageEndpoint("/mcp")
              .contextExtractor(McpAuthContextExtractor.contextExtractor())
              .build();
      McpStatelessSyncServer server =
          McpServer.sync(transport)
              .serverInfo("notes", "1.0.0")
              .capabilities(McpSchema.ServerCapabilities.builder().resources(false, false).build())
              .resourceTemplates(
                  new McpStatelessServerFeatures.SyncResourceTemplateSpecification(
                      McpSchema.ResourceTemplate.builder("notes://{id}", "note").build(),
                      (context, request) ->
                          McpSchema.ReadResourceResult.builder(
                                  List.of(
                                      McpSchema.TextResourceContents.builder(
                                              request.uri(), "secret note")
                                          .build()))
                              .build()))
              .build();
      jetty
          .servlet(transport, "/mcp")
          .filter(McpAuthFilter.builder(gate).serveMetadata(mcpAuth).build(), "/*")
          .start();
      String metadata = mcpAuth.resourceMetadataUrl(base + "/mcp");
      try (McpSyncClient reader = client(base, as.token(metadata, "svc", "mcp:read"));
          McpSyncClient notesReader =
              client(base, as.token(metadata, "svc", "mcp:read mcp:notes"))) {
        reader.initialize();
        notesReader.initialize();
        for (String uri : List.of("notes://1", "notes://1#x", "notes://1?x=1")) {
          assertThatThrownBy(
                  () -> reader.readResource(McpSchema.ReadResourceRequest.builder(uri).build()))
              .as(uri)
              .isInstanceOfSatisfying(
                  McpHttpClientTransportAuthorizationException.class,
                  e -> {
                    assertThat(e.getResponseInfo().statusCode()).isEqualTo(403);
                    assertThat(
                            e.getResponseInfo()
                                .headers()
                                .firstValue("WWW-Authenticate")
                                .orElseThrow())
                        .contains("scope=\"mcp:notes\"");
                  });
          McpSchema.ReadResourceResult read =
              notesReader.readResource(McpSchema.ReadResourceRequest.builder(uri).build());
          assertThat(((McpSchema.TextResourceContents) read.contents().get(0)).text())
              .isEqualTo("secret note");
        }
      } finally {
        server.close();
      }
    }
  }

  private static McpSyncClient client(String base, String token) {
    return McpClient.sync(
            HttpClientStreamableHttpTransport.builder(base)
                .endpoint("/mcp")
                .addHttpRequestCustomizer(
                    (b, m, u, body, ctx) -> b.header("Authorization", "Bearer " + token))
                .build())
        .build();
  }

  private static String abbreviated(String uri) {
    return uri.length() <= 80 ? uri : uri.substring(0, 60) + "...(" + uri.length() + " chars)";
  }
}
