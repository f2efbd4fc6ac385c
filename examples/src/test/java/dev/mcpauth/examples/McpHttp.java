package dev.mcpauth.examples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Plain HTTP helpers for the examples' tests: tokens from the dev server, JSON-RPC tool calls. */
final class McpHttp {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private McpHttp() {}

  static String token(DevAuthorizationServer as, String clientId, String scope, String resource)
      throws Exception {
    String form =
        "grant_type=client_credentials&scope="
            + scope.replace(" ", "%20")
            + "&resource="
            + resource;
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(as.tokenEndpoint()))
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(
                                (clientId + ":secret").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.body().replaceAll("(?s).*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
  }

  static HttpResponse<String> callTool(String endpoint, String token, String tool, String arguments)
      throws IOException, InterruptedException {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\""
            + tool
            + "\",\"arguments\":"
            + arguments
            + "}}";
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(endpoint))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
