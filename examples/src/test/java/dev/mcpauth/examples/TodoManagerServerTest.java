package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.AuthServerConfig;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The RBAC tutorial end to end with real tokens: scopes per tool, plus ownership rules in the
 * handlers.
 */
class TodoManagerServerTest {

  @Test
  void usersManageTheirOwnTodosAndAdminsEveryones() throws Exception {
    int port = DemoTest.freePort();
    String resource = "http://localhost:" + port + "/mcp";
    String mcp = resource;
    try (DevAuthorizationServer as = DevAuthorizationServer.start(0, resource);
        TodoManagerServer server =
            new TodoManagerServer(
                AuthServerConfig.discover(as.issuer(), AuthServerConfig.Type.OIDC), port)) {
      String alice = McpHttp.token(as, "alice", "create:todos", resource);
      String bob = McpHttp.token(as, "bob", "create:todos", resource);
      String admin = McpHttp.token(as, "admin", "create:todos read:todos delete:todos", resource);
      String reader = McpHttp.token(as, "reader", "read:todos", resource);

      assertThat(McpHttp.callTool(mcp, alice, "create-todo", "{\"content\":\"milk\"}").body())
          .contains("created todo 1");
      assertThat(McpHttp.callTool(mcp, bob, "create-todo", "{\"content\":\"bread\"}").body())
          .contains("created todo 2");
      assertThat(McpHttp.callTool(mcp, alice, "get-todos", "{}").body())
          .contains("1:milk")
          .doesNotContain("bread");
      assertThat(McpHttp.callTool(mcp, admin, "get-todos", "{}").body())
          .contains("1:milk")
          .contains("2:bread");

      HttpResponse<String> forbidden =
          McpHttp.callTool(mcp, reader, "create-todo", "{\"content\":\"x\"}");
      assertThat(forbidden.statusCode()).isEqualTo(403);
      assertThat(forbidden.headers().firstValue("WWW-Authenticate").orElseThrow())
          .isEqualTo(
              "Bearer error=\"insufficient_scope\", scope=\"create:todos\", resource_metadata=\"http://localhost:"
                  + port
                  + "/.well-known/oauth-protected-resource/mcp\"");

      assertThat(McpHttp.callTool(mcp, bob, "delete-todo", "{\"id\":\"1\"}").body())
          .contains("only your own");
      assertThat(McpHttp.callTool(mcp, admin, "delete-todo", "{\"id\":\"1\"}").body())
          .contains("deleted todo 1");
      assertThat(McpHttp.callTool(mcp, null, "get-todos", "{}").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void theLaunchersBannerGivesCommandsThatWork() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/curl")) && Files.isExecutable(Path.of("/bin/bash")),
        "needs bash and curl");
    int port = DemoTest.freePort();
    String resource = "http://localhost:" + port + "/mcp";
    try (DevAuthorizationServer as = DevAuthorizationServer.start(0, resource);
        TodoManagerServer server =
            new TodoManagerServer(AuthServerConfig.discover(as.issuer()), port)) {
      String banner = TodoManagerServer.banner(resource, as.issuer(), as.tokenEndpoint());
      String commands =
          banner.lines().filter(l -> l.startsWith("  ")).collect(Collectors.joining("\n"));
      Process bash =
          new ProcessBuilder("/bin/bash", "-c", commands + "\necho; echo \"admin=${#ADMIN}\"")
              .redirectErrorStream(true)
              .start();
      assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(out).contains("created todo 1").doesNotContain("admin=0");
    }
  }
}
