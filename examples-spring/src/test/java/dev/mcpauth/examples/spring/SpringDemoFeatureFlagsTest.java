package dev.mcpauth.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The main demo's opt-in flags on the Spring demo, through real HTTP, with their meaning there. */
class SpringDemoFeatureFlagsTest {
  private static final String TOOLS_LIST =
      "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
  private static final String INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
  private final HttpClient http = HttpClient.newHttpClient();

  private static SpringDemo start(String... flags) throws Exception {
    List<String> args = new ArrayList<>();
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      args.addAll(List.of("--port", String.valueOf(s.getLocalPort())));
    }
    args.addAll(List.of(flags));
    return SpringDemo.start(SpringDemoOptions.parse(args, Map.of()));
  }

  /** A token from the embedded server, bound to {@code dpop}'s key when given. */
  private String token(SpringDemo demo, String scope, DefaultDPoPProofFactory dpop)
      throws Exception {
    String endpoint = demo.devServer().orElseThrow().tokenEndpoint();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(endpoint))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString("demo-client:secret".getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "grant_type=client_credentials&scope="
                        + scope.replace(" ", "%20")
                        + "&resource=http://localhost:"
                        + demo.port()
                        + "/mcp"));
    if (dpop != null) {
      request.header("DPoP", dpop.createDPoPJWT("POST", URI.create(endpoint)).serialize());
    }
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JsonParser.parseString(r.body()).getAsJsonObject().get("access_token").getAsString();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder notes(SpringDemo demo, String authorization) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + demo.port() + "/notes"))
        .header("Authorization", authorization);
  }

  private static HttpRequest.Builder rpc(SpringDemo demo, String authorization, String body) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + demo.port() + "/mcp"))
        .header("Authorization", authorization)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static String proof(DefaultDPoPProofFactory key, String method, String url, String token)
      throws Exception {
    return key.createDPoPJWT(method, URI.create(url), new DPoPAccessToken(token)).serialize();
  }

  @Test
  void dpopRequiredWithReplayCacheOpaqueTokensHiddenToolsAndAnAllowedOrigin() throws Exception {
    try (SpringDemo demo =
        start(
            "--dpop",
            "required",
            "--replay-cache",
            "--tokens",
            "opaque",
            "--no-token-cache",
            "--hide-tools",
            "--allowed-origin",
            "https://app.example")) {
      assertThat(send(notes(demo, "Bearer " + token(demo, "read:notes", null))).statusCode())
          .as("--dpop required refuses Bearer")
          .isEqualTo(401);
      DefaultDPoPProofFactory key =
          new DefaultDPoPProofFactory(
              new ECKeyGenerator(Curve.P_256).generate(), JWSAlgorithm.ES256);
      String bound = token(demo, "read:notes", key);
      assertThat(bound).as("--tokens opaque").doesNotContain(".");
      String url = "http://localhost:" + demo.port() + "/notes";
      String once = proof(key, "GET", url, bound);
      assertThat(send(notes(demo, "DPoP " + bound).header("DPoP", once)).statusCode())
          .isEqualTo(200);
      assertThat(send(notes(demo, "DPoP " + bound).header("DPoP", once)).statusCode())
          .as("--replay-cache")
          .isEqualTo(401);
      String mcp = "http://localhost:" + demo.port() + "/mcp";
      HttpResponse<String> initialized =
          send(
              rpc(demo, "DPoP " + bound, INITIALIZE)
                  .header("DPoP", proof(key, "POST", mcp, bound))
                  .header("Origin", "https://app.example"));
      assertThat(initialized.statusCode()).as("--allowed-origin").isEqualTo(200);
      String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
      assertThat(
              send(rpc(demo, "DPoP " + bound, INITIALIZED)
                      .header("DPoP", proof(key, "POST", mcp, bound))
                      .header("Mcp-Session-Id", session))
                  .statusCode())
          .isEqualTo(202);
      HttpResponse<String> tools =
          send(
              rpc(demo, "DPoP " + bound, TOOLS_LIST)
                  .header("DPoP", proof(key, "POST", mcp, bound))
                  .header("Mcp-Session-Id", session));
      assertThat(tools.body())
          .as("--hide-tools")
          .contains("list_notes")
          .doesNotContain("create_note");
      assertThat(
              send(rpc(demo, "DPoP " + bound, INITIALIZE)
                      .header("DPoP", proof(key, "POST", mcp, bound))
                      .header("Origin", "https://elsewhere.example"))
                  .statusCode())
          .isEqualTo(403);
      assertThat(demo.devServer().orElseThrow().introspectionRequests())
          .as("--tokens opaque: the opaque token was introspected (its result is cached 30 s)")
          .isPositive();
    }
  }

  @Test
  void dpopNoncesAskForANonceFirst() throws Exception {
    try (SpringDemo demo = start("--stack", "webflux", "--dpop", "allowed", "--dpop-nonces")) {
      DefaultDPoPProofFactory key =
          new DefaultDPoPProofFactory(
              new ECKeyGenerator(Curve.P_256).generate(), JWSAlgorithm.ES256);
      String bound = token(demo, "read:notes", key);
      String url = "http://localhost:" + demo.port() + "/notes";
      HttpResponse<String> first =
          send(notes(demo, "DPoP " + bound).header("DPoP", proof(key, "GET", url, bound)));
      assertThat(first.statusCode()).isEqualTo(401);
      assertThat(first.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("use_dpop_nonce");
      String nonce = first.headers().firstValue("DPoP-Nonce").orElseThrow();
      String withNonce =
          key.createDPoPJWT(
                  "GET",
                  URI.create(url),
                  new DPoPAccessToken(bound),
                  new com.nimbusds.openid.connect.sdk.Nonce(nonce))
              .serialize();
      assertThat(send(notes(demo, "DPoP " + bound).header("DPoP", withNonce)).statusCode())
          .isEqualTo(200);
      assertThat(send(notes(demo, "Bearer " + token(demo, "read:notes", null))).statusCode())
          .as("--dpop allowed still takes Bearer")
          .isEqualTo(200);
    }
  }

  @Test
  void aTakenAsPortIsNamedAsSuch() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int asPort = taken.getLocalPort();
      assertThatThrownBy(() -> start("--as-port", String.valueOf(asPort)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "port "
                  + asPort
                  + " on 127.0.0.1 (--as-port) is already in use: stop what listens there, or"
                  + " choose another with --as-port");
    }
  }

  @Test
  void asPortFixesTheEmbeddedServersIssuer() throws Exception {
    int asPort;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      asPort = free.getLocalPort();
    }
    try (SpringDemo demo = start("--as-port", String.valueOf(asPort))) {
      assertThat(demo.devServer().orElseThrow().issuer())
          .isEqualTo("http://localhost:" + asPort + "/dev");
      assertThat(demo.banner()).contains("http://localhost:" + asPort + "/dev");
    }
  }
}
