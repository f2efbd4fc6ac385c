package dev.mcpauth.spring;

import dev.mcpauth.testing.TestAuthorizationServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real MCP Java SDK client, getting tokens the MCP way whenever it is challenged (401, or 403
 * step-up).
 */
final class McpClients {
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private McpClients() {}

  static McpSyncClient client(
      String base, TestAuthorizationServer as, String clientId, List<String> challenges) {
    AtomicReference<String> token = new AtomicReference<>();
    McpHttpClientTransportAuthorizationErrorHandler discovery =
        McpHttpClientTransportAuthorizationErrorHandler.fromSync(
            (request, response, context) -> {
              String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
              challenges.add(response.statusCode() + " " + challenge);
              Map<String, String> p = params(challenge);
              if (!p.containsKey("resource_metadata") || !p.containsKey("scope")) {
                return false;
              }
              token.set(as.token(p.get("resource_metadata"), clientId, p.get("scope")));
              return true;
            });
    return McpClient.sync(
            HttpClientStreamableHttpTransport.builder(base)
                .endpoint("/mcp")
                .addHttpRequestCustomizer(
                    (b, method, uri, body, ctx) -> {
                      if (token.get() != null) {
                        b.header("Authorization", "Bearer " + token.get());
                      }
                    })
                .authorizationErrorHandler(discovery)
                .build())
        .build();
  }

  static Map<String, String> params(String challenge) {
    Map<String, String> out = new HashMap<>();
    Matcher m = PARAM.matcher(challenge);
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  static String call(McpSyncClient client, String tool, Map<String, Object> arguments) {
    McpSchema.CallToolResult result =
        client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build());
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }
}
