package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Authorization beyond static scopes, decided by the gate before the server dispatches: scopes that
 * depend on the request (callbacks, placeholders), RFC 9470 step-up authentication, claim rules,
 * client and audience policy, and the step-up a handler asks for mid-call.
 */
class McpAccessTest {
  private static final Set<String> PRIVATE_NOTES = Set.of("2");
  private final List<McpOperation> seen = new CopyOnWriteArrayList<>();
  private Fixture f = new Fixture();

  @AfterEach
  void close() {
    f.close();
  }

  private McpGate gate() {
    return f.mcpAuth
        .mcpGate(f.auth)
        .tool("read_note", "mcp:notes")
        .tool(
            "read_note",
            (op, caller) -> {
              seen.add(op);
              return op.argument("id").filter(id -> !PRIVATE_NOTES.contains(id)).isPresent()
                  ? List.of()
                  : List.of("mcp:private");
            })
        .resourceTemplate("notes://{id}", "notes:{id}")
        .tool("open_folder", "folder:{folder}")
        .tool(
            "purge",
            McpAccess.builder()
                .scopes("mcp:write")
                .authentication(
                    AuthenticationRequirement.acr("mfa").withMaxAge(Duration.ofSeconds(300)))
                .build())
        .tool(
            "audit",
            McpAccess.builder().claim(ClaimRule.claim("roles").contains("notes-admin")).build())
        .tool(
            "realm_audit",
            McpAccess.builder()
                .claim(ClaimRule.claim("realm_access", "roles").containsAny("auditor", "admin"))
                .build())
        .tool("app_only", McpAccess.builder().claim(ClaimRule.client("app-1")).build())
        .tool(
            "broken",
            (op, caller) -> {
              throw new IllegalStateException("backend down");
            })
        .tool("liar", (op, caller) -> List.of("has space"))
        .build();
  }

  private McpGate.Decision post(McpGate gate, String token, String body) {
    Map<String, List<String>> headers = new HashMap<>();
    headers.put("Authorization", new ArrayList<>(List.of("Bearer " + token)));
    return gate.check(
        RequestHeaders.of(headers).withRequestLine("POST", "/mcp"),
        limit -> body.getBytes(StandardCharsets.UTF_8));
  }

  private static String tool(String name, String arguments) {
    return "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\""
        + name
        + "\",\"arguments\":"
        + arguments
        + "}}";
  }

  private static String read(String uri) {
    return "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"resources/read\",\"params\":{\"uri\":\""
        + uri
        + "\"}}";
  }

  private static McpGate.Decision.Respond refused(McpGate.Decision d, int status) {
    assertThat(d).isInstanceOf(McpGate.Decision.Respond.class);
    McpGate.Decision.Respond r = (McpGate.Decision.Respond) d;
    assertThat(r.status()).isEqualTo(status);
    return r;
  }

  private static McpGate.Decision.Forward forwarded(McpGate.Decision d) {
    assertThat(d).isInstanceOf(McpGate.Decision.Forward.class);
    return (McpGate.Decision.Forward) d;
  }

  private String token(String scope) {
    return f.valid().claim("scope", scope).build();
  }

  @Test
  void aCallbackSeesTheArgumentsAndItsScopesJoinTheOneChallenge() {
    McpGate gate = gate();
    forwarded(post(gate, token("mcp:read mcp:notes"), tool("read_note", "{\"id\":1}")));
    McpGate.Decision.Respond denied =
        refused(post(gate, token("mcp:read mcp:notes"), tool("read_note", "{\"id\":2}")), 403);
    assertThat(denied.headers().get("WWW-Authenticate"))
        .contains("error=\"insufficient_scope\"")
        .contains("scope=\"mcp:read mcp:notes mcp:private\"");
    McpGate.Decision.Forward ok =
        forwarded(
            post(gate, token("mcp:read mcp:notes mcp:private"), tool("read_note", "{\"id\":2}")));
    assertThat(ok.scopes()).containsExactly("mcp:read", "mcp:notes", "mcp:private");
    assertThat(seen.get(0).method()).isEqualTo("tools/call");
    assertThat(seen.get(0).name()).contains("read_note");
  }

  @Test
  void numbersReadAsJacksonWouldSoAnotherSpellingOfAPrivateIdIsStillPrivate() {
    McpGate gate = gate();
    for (String id : List.of("2", "2.0", "2e0", "20e-1", "\"2\"", "2.000")) {
      refused(
          post(gate, token("mcp:read mcp:notes"), tool("read_note", "{\"id\":" + id + "}")), 403);
    }
    assertThat(JsonRpcScan.canonicalNumber("-0.0")).isEqualTo("0");
    assertThat(JsonRpcScan.canonicalNumber("2.5")).isEqualTo("2.5");
    assertThat(JsonRpcScan.canonicalNumber("1e999999999")).isEqualTo("1e999999999");
  }

  @Test
  void aMissingOrNestedArgumentIsNotAPublicOne() {
    McpGate gate = gate();
    refused(post(gate, token("mcp:read mcp:notes"), tool("read_note", "{}")), 403);
    refused(post(gate, token("mcp:read mcp:notes"), tool("read_note", "{\"id\":{\"x\":1}}")), 403);
    refused(post(gate, token("mcp:read mcp:notes"), tool("read_note", "{\"id\":[1]}")), 403);
  }

  @Test
  void aDuplicatedArgumentIsRefusedBeforeAnyRuleReadsIt() {
    McpGate.Decision.Respond r =
        refused(
            post(gate(), token("mcp:read mcp:notes"), tool("read_note", "{\"id\":1,\"id\":2}")),
            400);
    assertThat(r.body()).contains("-32700").contains("params.arguments.id");
    assertThat(seen).isEmpty();
  }

  @Test
  void templateVariablesFillScopePlaceholders() {
    McpGate gate = gate();
    McpGate.Decision.Respond denied =
        refused(post(gate, token("mcp:read"), read("notes://7")), 403);
    assertThat(denied.headers().get("WWW-Authenticate")).contains("scope=\"mcp:read notes:7\"");
    forwarded(post(gate, token("mcp:read notes:7"), read("notes://7")));
    refused(post(gate, token("mcp:read notes:7"), read("notes://8")), 403);
  }

  @Test
  void argumentPlaceholdersAndValuesThatCannotBeAScopeAre400() {
    McpGate gate = gate();
    forwarded(
        post(gate, token("mcp:read folder:work"), tool("open_folder", "{\"folder\":\"work\"}")));
    for (String bad :
        List.of(
            "{}",
            "{\"folder\":\"\"}",
            "{\"folder\":\"a b\"}",
            "{\"folder\":\"a\\\"b\"}",
            "{\"folder\":\"é\"}",
            "{\"folder\":[\"work\"]}")) {
      McpGate.Decision.Respond r =
          refused(post(gate, token("mcp:read folder:work"), tool("open_folder", bad)), 400);
      assertThat(
              JsonParser.parseString(r.body())
                  .getAsJsonObject()
                  .getAsJsonObject("error")
                  .get("code")
                  .getAsInt())
          .isEqualTo(McpGate.INVALID_PARAMS_CODE);
      assertThat(r.headers()).doesNotContainKey("WWW-Authenticate");
    }
  }

  @Test
  void aPlaceholderThatIsNotATemplateVariableIsAConfigurationError() {
    assertThatThrownBy(
            () -> f.mcpAuth.mcpGate(f.auth).resourceTemplate("notes://{id}", "notes:{name}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{name}");
    assertThatThrownBy(() -> f.mcpAuth.mcpGate(f.auth).resource("notes://all", "notes:{id}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> f.mcpAuth.mcpGate(f.auth).method("tools/list", "x:{id}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRuleThatThrowsOrAnswersNonsenseRefusesWithoutNamingAScope() {
    McpGate gate = gate();
    for (String tool : List.of("broken", "liar")) {
      McpGate.Decision.Respond r = refused(post(gate, token("mcp:read"), tool(tool, "{}")), 403);
      assertThat(r.headers().get("WWW-Authenticate"))
          .contains("error=\"access_denied\"")
          .doesNotContain("scope=");
      assertThat(r.reason()).contains(DenialReason.SCOPE_RULE_FAILED);
    }
  }

  @Test
  void stepUpAuthenticationAnswers401WithAcrValuesAndMaxAge() {
    McpGate gate = gate();
    long now = java.time.Instant.now().getEpochSecond();
    McpGate.Decision.Respond r =
        refused(post(gate, token("mcp:read mcp:write"), tool("purge", "{}")), 401);
    String challenge = r.headers().get("WWW-Authenticate");
    assertThat(challenge)
        .startsWith("Bearer error=\"insufficient_user_authentication\"")
        .contains("acr_values=\"mfa\"")
        .contains("max_age=\"300\"")
        .contains("scope=\"mcp:read mcp:write\"")
        .contains("resource_metadata=");
    assertThat(r.reason()).contains(DenialReason.INSUFFICIENT_USER_AUTHENTICATION);
    // mfa but too old, recent but not mfa: both refused; recent mfa passes
    refused(
        post(
            gate,
            f.valid()
                .claim("scope", "mcp:read mcp:write")
                .claim("acr", "mfa")
                .claim("auth_time", now - 301)
                .build(),
            tool("purge", "{}")),
        401);
    refused(
        post(
            gate,
            f.valid()
                .claim("scope", "mcp:read mcp:write")
                .claim("acr", "pwd")
                .claim("auth_time", now)
                .build(),
            tool("purge", "{}")),
        401);
    AuthInfo ok =
        forwarded(
                post(
                    gate,
                    f.valid()
                        .claim("scope", "mcp:read mcp:write")
                        .claim("acr", "mfa")
                        .claim("amr", List.of("pwd", "otp"))
                        .claim("auth_time", now - 10)
                        .build(),
                    tool("purge", "{}")))
            .authInfo();
    assertThat(ok.acr()).contains("mfa");
    assertThat(ok.amr()).containsExactly("pwd", "otp");
    assertThat(ok.authTime()).contains(java.time.Instant.ofEpochSecond(now - 10));
  }

  @Test
  void aClaimRuleRefusesWith403ThatNamesNoScopeAndSaysWhichRule() {
    McpGate gate = gate();
    McpGate.Decision.Respond r =
        refused(
            post(gate, f.valid().claim("roles", List.of("reader")).build(), tool("audit", "{}")),
            403);
    assertThat(r.headers().get("WWW-Authenticate"))
        .doesNotContain("scope=")
        .contains("access_denied");
    assertThat(r.body()).contains("the roles claim must contain notes-admin").contains("\"id\":5");
    assertThat(r.reason()).contains(DenialReason.CLAIM_RULE_FAILED);
    forwarded(
        post(gate, f.valid().claim("roles", List.of("notes-admin")).build(), tool("audit", "{}")));
    forwarded(post(gate, f.valid().claim("roles", "notes-admin").build(), tool("audit", "{}")));
    refused(
        post(gate, f.valid().claim("roles", "notes-admin-x").build(), tool("audit", "{}")), 403);
    forwarded(
        post(
            gate,
            f.valid().claim("realm_access", Map.of("roles", List.of("auditor"))).build(),
            tool("realm_audit", "{}")));
    refused(
        post(gate, f.valid().claim("realm_access", "auditor").build(), tool("realm_audit", "{}")),
        403);
  }

  @Test
  void aToolLimitedToAClientRefusesOtherClients() {
    McpGate gate = gate();
    forwarded(post(gate, f.valid().claim("client_id", "app-1").build(), tool("app_only", "{}")));
    refused(post(gate, f.valid().claim("client_id", "app-2").build(), tool("app_only", "{}")), 403);
  }

  @Test
  void allowedClientsAndClientMetadataHostsAreCheckedForEveryRequest() {
    f.close();
    f =
        new Fixture(
            p -> p.allowedClients("app-1").allowedClientHosts("Apps.Example"),
            java.time.Clock.systemUTC());
    McpGate gate = f.mcpAuth.mcpGate(f.auth).build();
    String list = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
    forwarded(post(gate, f.valid().claim("client_id", "app-1").build(), list));
    forwarded(
        post(gate, f.valid().claim("client_id", "https://apps.example/c.json").build(), list));
    for (String other :
        List.of(
            "app-2",
            "http://apps.example/c.json",
            "https://apps.example.evil/c.json",
            "https://x@apps.example/c.json")) {
      McpGate.Decision.Respond r =
          refused(post(gate, f.valid().claim("client_id", other).build(), list), 401);
      assertThat(r.headers().get("WWW-Authenticate")).contains("error=\"invalid_token\"");
      assertThat(r.reason()).contains(DenialReason.CLIENT_NOT_ALLOWED);
    }
    refused(post(gate, f.valid().without("client_id").without("azp").build(), list), 401);
  }

  @Test
  void aSingleAudienceCanBeRequired() {
    String list = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
    McpGate lenient = f.mcpAuth.mcpGate(f.auth).build();
    String multi =
        f.valid().claim("aud", List.of(Fixture.RESOURCE, "https://other.example")).build();
    forwarded(post(lenient, multi, list));
    f.close();
    f = new Fixture(TokenPolicy.Builder::requireSingleAudience, java.time.Clock.systemUTC());
    McpGate strict = f.mcpAuth.mcpGate(f.auth).build();
    multi = f.valid().claim("aud", List.of(Fixture.RESOURCE, "https://other.example")).build();
    McpGate.Decision.Respond r = refused(post(strict, multi, list), 401);
    assertThat(r.reason()).contains(DenialReason.AUDIENCE_MISMATCH);
    forwarded(post(strict, f.valid().build(), list));
  }

  @Test
  void aHandlerAsksForAStepUpMidCall() {
    McpGate gate = gate();
    McpGate.Decision.Forward fw =
        forwarded(post(gate, token("mcp:read mcp:notes"), tool("read_note", "{\"id\":1}")));
    StepUp stepUp = gate.stepUp(fw);
    assertThat(stepUp.challenge()).isEmpty();
    assertThat(stepUp.require("mcp:notes")).isFalse(); // held already: nothing to ask
    assertThat(stepUp.isRequested()).isFalse();
    assertThat(stepUp.require("mcp:backend")).isTrue();
    HttpResponse challenge = stepUp.challenge().orElseThrow();
    assertThat(challenge.status()).isEqualTo(403);
    assertThat(challenge.headers().get("WWW-Authenticate"))
        .contains("error=\"insufficient_scope\"")
        .contains("scope=\"mcp:read mcp:notes mcp:backend\"");
    assertThat(stepUp.errorData())
        .containsEntry("error", "insufficient_scope")
        .containsEntry("scope", "mcp:read mcp:notes mcp:backend")
        .containsKey("resource_metadata");
    assertThatThrownBy(() -> stepUp.require("bad scope"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyRequestRequirementsApplyToGetToo() {
    McpGate gate =
        f.mcpAuth
            .mcpGate(f.auth)
            .require(McpAccess.builder().claim(ClaimRule.claim("roles").contains("staff")).build())
            .build();
    Map<String, List<String>> headers = new HashMap<>();
    headers.put("Authorization", List.of("Bearer " + f.valid().build()));
    refused(
        gate.check(RequestHeaders.of(headers).withRequestLine("GET", "/mcp"), limit -> new byte[0]),
        403);
    assertThatThrownBy(() -> f.mcpAuth.mcpGate(f.auth).require(McpAccess.scopes("x:{id}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void templateMatchGivesTheValuesTheSdkRegexWouldCapture() {
    ResourceUriTemplate t = ResourceUriTemplate.parse("files://{dir}/{name}.txt");
    assertThat(t.match("files://docs/a.b.txt")).contains(Map.of("dir", "docs", "name", "a.b"));
    assertThat(t.match("files://docs/sub/a.txt")).isEmpty();
    assertThat(ResourceUriTemplate.parse("n://{a}{b}").match("n://xyz"))
        .contains(Map.of("a", "x", "b", "yz"));
  }
}
