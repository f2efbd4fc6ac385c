package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every opt-in flag of the demo, through real HTTP against the embedded authorization server. */
class DemoFeatureFlagsTest {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String TOOLS_LIST =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
  private final OkHttpClient http =
      new OkHttpClient.Builder().readTimeout(20, TimeUnit.SECONDS).build();

  private static Demo start(String... flags) throws Exception {
    List<String> args = new ArrayList<>(List.of("--port", String.valueOf(DemoTest.freePort())));
    args.addAll(List.of(flags));
    return Demo.start(DemoOptions.parse(args));
  }

  private static String base(Demo demo) {
    return "http://localhost:" + demo.port();
  }

  /**
   * A token from the embedded server; {@code dpop} signs a proof for the token request when given.
   */
  private String token(Demo demo, String scope, DefaultDPoPProofFactory dpop, String format)
      throws Exception {
    DevAuthorizationServer as = demo.devServer().orElseThrow();
    FormBody.Builder form =
        new FormBody.Builder()
            .add("grant_type", "client_credentials")
            .add("scope", scope)
            .add("resource", demo.resource());
    if (format != null) {
      form.add("token_format", format);
    }
    Request.Builder request =
        new Request.Builder()
            .url(as.tokenEndpoint())
            .header("Authorization", Credentials.basic("demo-client", "secret"))
            .post(form.build());
    if (dpop != null) {
      request.header(
          "DPoP", dpop.createDPoPJWT("POST", URI.create(as.tokenEndpoint())).serialize());
    }
    try (Response r = http.newCall(request.build()).execute()) {
      String body = r.body().string();
      assertThat(r.code()).as(body).isEqualTo(200);
      assertThat(JsonParser.parseString(body).getAsJsonObject().get("token_type").getAsString())
          .isEqualTo(dpop != null ? "DPoP" : "Bearer");
      return JsonParser.parseString(body).getAsJsonObject().get("access_token").getAsString();
    }
  }

  private int status(Request.Builder request) throws Exception {
    try (Response r = http.newCall(request.build()).execute()) {
      return r.code();
    }
  }

  private Request.Builder notes(Demo demo, String scheme, String token) {
    return new Request.Builder()
        .url(base(demo) + "/notes")
        .header("Authorization", scheme + " " + token);
  }

  private Request.Builder mcp(Demo demo, String token, String body) {
    return new Request.Builder()
        .url(base(demo) + "/mcp")
        .header("Accept", "application/json, text/event-stream")
        .header("Authorization", "Bearer " + token)
        .post(RequestBody.create(body, JSON));
  }

  private static DefaultDPoPProofFactory proofs() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    return new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
  }

  private static String proof(
      DefaultDPoPProofFactory proofs, String method, String url, String token) throws Exception {
    return proofs.createDPoPJWT(method, URI.create(url), new DPoPAccessToken(token)).serialize();
  }

  @Test
  void hideToolsListsOnlyWhatTheTokenCanCallAndTheDefaultListsEverything() throws Exception {
    try (Demo hidden = start("--hide-tools");
        Demo shown = start()) {
      try (Response r =
          http.newCall(mcp(hidden, token(hidden, "read:notes", null, null), TOOLS_LIST).build())
              .execute()) {
        assertThat(r.body().string()).contains("list_notes").doesNotContain("create_note");
      }
      try (Response r =
          http.newCall(mcp(shown, token(shown, "read:notes", null, null), TOOLS_LIST).build())
              .execute()) {
        assertThat(r.body().string()).contains("list_notes", "create_note");
      }
      assertThat(hidden.banner()).contains("--hide-tools is on");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"javalin", "undertow", "servlet"})
  void allowedOriginsAreAcceptedAndOthersRefused(String adapter) throws Exception {
    try (Demo demo =
        start(
            "--adapter",
            adapter,
            "--allowed-origin",
            "http://localhost:6274",
            "--allowed-origin",
            "https://app.example")) {
      String token = token(demo, "read:notes", null, null);
      assertThat(status(mcp(demo, token, TOOLS_LIST).header("Origin", "http://localhost:6274")))
          .isEqualTo(200);
      assertThat(status(mcp(demo, token, TOOLS_LIST).header("Origin", "https://app.example")))
          .isEqualTo(200);
      assertThat(status(mcp(demo, token, TOOLS_LIST).header("Origin", base(demo)))).isEqualTo(200);
      assertThat(status(mcp(demo, token, TOOLS_LIST).header("Origin", "https://elsewhere.example")))
          .isEqualTo(403);
      assertThat(demo.banner()).contains("--allowed-origin is on", "https://app.example");
    }
  }

  @Test
  void dpopRequiredRefusesBearerAndAcceptsABoundTokenWithItsProof() throws Exception {
    try (Demo demo = start("--dpop", "required")) {
      assertThat(status(notes(demo, "Bearer", token(demo, "read:notes", null, null))))
          .isEqualTo(401);
      DefaultDPoPProofFactory key = proofs();
      String bound = token(demo, "read:notes", key, null);
      String url = base(demo) + "/notes";
      assertThat(status(notes(demo, "DPoP", bound).header("DPoP", proof(key, "GET", url, bound))))
          .isEqualTo(200);
      assertThat(status(notes(demo, "DPoP", bound))).isEqualTo(401);
      assertThat(
              status(notes(demo, "DPoP", bound).header("DPoP", proof(proofs(), "GET", url, bound))))
          .isEqualTo(401);
      assertThat(status(notes(demo, "DPoP", bound).header("DPoP", proof(key, "POST", url, bound))))
          .isEqualTo(401);
      assertThat(demo.banner()).contains("--dpop required is on");
    }
  }

  @Test
  void dpopAllowedTakesBothAndTheReplayCacheRefusesAProofTwice() throws Exception {
    try (Demo demo = start("--dpop", "allowed", "--replay-cache")) {
      assertThat(status(notes(demo, "Bearer", token(demo, "read:notes", null, null))))
          .isEqualTo(200);
      DefaultDPoPProofFactory key = proofs();
      String bound = token(demo, "read:notes", key, null);
      String proof = proof(key, "GET", base(demo) + "/notes", bound);
      assertThat(status(notes(demo, "DPoP", bound).header("DPoP", proof))).isEqualTo(200);
      assertThat(status(notes(demo, "DPoP", bound).header("DPoP", proof))).isEqualTo(401);
      assertThat(
              status(
                  notes(demo, "DPoP", bound)
                      .header("DPoP", proof(key, "GET", base(demo) + "/notes", bound))))
          .isEqualTo(200);
      assertThat(demo.banner()).contains("--dpop allowed is on", "--replay-cache is on");
    }
  }

  @Test
  void opaqueTokensAreIntrospected() throws Exception {
    try (Demo demo = start("--tokens", "opaque")) {
      String token = token(demo, "read:notes", null, null);
      assertThat(token).doesNotContain(".");
      assertThat(status(notes(demo, "Bearer", token))).isEqualTo(200);
      assertThat(status(notes(demo, "Bearer", token + "x"))).isEqualTo(401);
      assertThat(status(mcp(demo, token, TOOLS_LIST))).isEqualTo(200);
      assertThat(demo.banner()).contains("--tokens opaque is on", "/dev/introspect");
    }
  }

  @Test
  void mixedTokensTakeJwtsAndOpaqueOnes() throws Exception {
    try (Demo demo = start("--tokens", "mixed", "--no-token-cache")) {
      String jwt = token(demo, "read:notes", null, null);
      String opaque = token(demo, "read:notes", null, "opaque");
      assertThat(jwt.split("\\.")).hasSize(3);
      assertThat(opaque).doesNotContain(".");
      assertThat(status(notes(demo, "Bearer", jwt))).isEqualTo(200);
      assertThat(status(notes(demo, "Bearer", jwt))).isEqualTo(200);
      assertThat(status(notes(demo, "Bearer", opaque))).isEqualTo(200);
      assertThat(demo.banner())
          .contains("--tokens mixed is on", "token_format=opaque", "--no-token-cache is on");
    }
  }

  @Test
  void opaqueDpopBoundTokensNeedTheirProofThroughIntrospection() throws Exception {
    try (Demo demo = start("--tokens", "opaque", "--dpop", "allowed")) {
      DefaultDPoPProofFactory key = proofs();
      String bound = token(demo, "read:notes", key, null);
      String url = base(demo) + "/notes";
      assertThat(status(notes(demo, "DPoP", bound).header("DPoP", proof(key, "GET", url, bound))))
          .isEqualTo(200);
      assertThat(status(notes(demo, "Bearer", bound))).isEqualTo(401);
    }
  }

  @Test
  void anExternalIssuersIntrospectionWithTheGivenClient() throws Exception {
    try (Demo as = start("--tokens", "opaque")) {
      String issuer = as.devServer().orElseThrow().issuer();
      int port = DemoTest.freePort();
      try (Demo demo =
          Demo.start(
              DemoOptions.parse(
                  List.of(
                      "--port",
                      String.valueOf(port),
                      "--issuer",
                      issuer,
                      "--tokens",
                      "opaque",
                      "--introspection-client",
                      "notes:s3cret",
                      "--adapter",
                      "undertow")))) {
        // the token is asked for the second demo's resource from the first demo's embedded server
        DevAuthorizationServer dev = as.devServer().orElseThrow();
        String token = McpHttp.token(dev, "c", "read:notes", demo.resource());
        assertThat(token).doesNotContain(".");
        assertThat(status(notes(demo, "Bearer", token))).isEqualTo(200);
        assertThat(demo.banner()).contains(issuer + "'s introspection_endpoint");
      }
    }
  }

  /** The banner's DPoP steps, with the dpop-proof command it prints. */
  @Test
  void theBannersDpopStepsWorkWithTheDpopProofCommand(@TempDir Path tmp) throws Exception {
    try (Demo demo = start("--dpop", "required", "--replay-cache")) {
      String key = tmp.resolve("key.jwk").toString();
      DevAuthorizationServer as = demo.devServer().orElseThrow();
      assertThat(demo.banner())
          .contains(
              "dpop-proof \"$KEY\"",
              "$(PROOF POST " + as.tokenEndpoint() + ")",
              "$(PROOF GET " + base(demo) + "/notes $DTOKEN)");
      Request.Builder tokenRequest =
          new Request.Builder()
              .url(as.tokenEndpoint())
              .header("Authorization", Credentials.basic("demo-client", "secret"))
              .header("DPoP", dpopProofCommand(key, "POST", as.tokenEndpoint()))
              .post(
                  new FormBody.Builder()
                      .add("grant_type", "client_credentials")
                      .add("scope", "read:notes")
                      .add("resource", demo.resource())
                      .build());
      String bound;
      try (Response r = http.newCall(tokenRequest.build()).execute()) {
        bound =
            JsonParser.parseString(r.body().string())
                .getAsJsonObject()
                .get("access_token")
                .getAsString();
      }
      String proof = dpopProofCommand(key, "GET", base(demo) + "/notes", bound);
      assertThat(status(notes(demo, "DPoP", bound).header("DPoP", proof))).isEqualTo(200);
      assertThat(status(notes(demo, "DPoP", bound).header("DPoP", proof))).isEqualTo(401);
      assertThat(status(notes(demo, "DPoP", bound))).isEqualTo(401);
      assertThat(
              status(
                  notes(demo, "DPoP", bound)
                      .header("DPoP", dpopProofCommand(key, "GET", base(demo) + "/notes", bound))))
          .isEqualTo(200);
    }
  }

  /** --dpop-nonces: the banner's nonce step, with the dpop-proof command's NONCE argument. */
  @Test
  void dpopNoncesAskForANonceThatTheDpopProofCommandPutsInTheProof(@TempDir Path tmp)
      throws Exception {
    try (Demo demo = start("--dpop", "allowed", "--dpop-nonces")) {
      String key = tmp.resolve("key.jwk").toString();
      DevAuthorizationServer as = demo.devServer().orElseThrow();
      assertThat(demo.banner())
          .contains(
              "--dpop-nonces is on",
              "$(PROOF GET " + base(demo) + "/notes $DTOKEN $NONCE)",
              "Nonce secret: random, this process only");
      Request.Builder tokenRequest =
          new Request.Builder()
              .url(as.tokenEndpoint())
              .header("Authorization", Credentials.basic("demo-client", "secret"))
              .header("DPoP", dpopProofCommand(key, "POST", as.tokenEndpoint()))
              .post(
                  new FormBody.Builder()
                      .add("grant_type", "client_credentials")
                      .add("scope", "read:notes")
                      .add("resource", demo.resource())
                      .build());
      String bound;
      try (Response r = http.newCall(tokenRequest.build()).execute()) {
        bound =
            JsonParser.parseString(r.body().string())
                .getAsJsonObject()
                .get("access_token")
                .getAsString();
      }
      String url = base(demo) + "/notes";
      String nonce;
      try (Response r =
          http.newCall(
                  notes(demo, "DPoP", bound)
                      .header("DPoP", dpopProofCommand(key, "GET", url, bound))
                      .build())
              .execute()) {
        assertThat(r.code()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).contains("use_dpop_nonce");
        nonce = r.header("DPoP-Nonce");
      }
      assertThat(nonce).isNotBlank();
      assertThat(
              status(
                  notes(demo, "DPoP", bound)
                      .header("DPoP", dpopProofCommand(key, "GET", url, bound, nonce))))
          .isEqualTo(200);
    }
  }

  private static String dpopProofCommand(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        DpopProof.run(
            List.of(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8).trim();
  }
}
