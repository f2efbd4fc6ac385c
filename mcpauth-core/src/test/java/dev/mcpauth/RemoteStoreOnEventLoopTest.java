package dev.mcpauth;

import static dev.mcpauth.Fixture.assertAuthorized;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.DpopProofs;
import dev.mcpauth.testing.FakeAuthorizationServer;
import dev.mcpauth.testing.TestKeys;
import dev.mcpauth.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A shared store (Redis, a database) may block for up to its timeout, so an event-loop decision
 * never calls it on the calling thread: the non-blocking faces answer Pending and the store is
 * called where the Pending is finished. In-process stores are still called in place.
 */
class RemoteStoreOnEventLoopTest {
  private final FakeAuthorizationServer as = new FakeAuthorizationServer();
  private final PublicJsonWebKey client = TestKeys.ec("client");

  @AfterEach
  void close() {
    as.close();
  }

  /** A store as a remote one looks to the library: it does not claim to answer without blocking. */
  private static final class RemoteStore implements SingleUseStore, SessionStore {
    final List<Thread> calledOn = new CopyOnWriteArrayList<>();
    private final Map<String, String> values = new ConcurrentHashMap<>();

    @Override
    public boolean isNonBlocking() {
      return false; // what a network round trip means
    }

    @Override
    public boolean firstUse(String key, Instant expiresAt) {
      calledOn.add(Thread.currentThread());
      return values.putIfAbsent(key, "used") == null;
    }

    @Override
    public String bindIfAbsent(String sessionId, String owner, Instant expiresAt) {
      calledOn.add(Thread.currentThread());
      String existing = values.putIfAbsent(sessionId, owner);
      return existing == null ? owner : existing;
    }

    @Override
    public Optional<String> owner(String sessionId) {
      calledOn.add(Thread.currentThread());
      return Optional.ofNullable(values.get(sessionId));
    }

    @Override
    public void remove(String sessionId) {
      values.remove(sessionId);
    }
  }

  private McpAuth mcpAuth(RemoteStore store) {
    McpAuth.Builder b =
        McpAuth.builder()
            .protectedResource(
                ResourceServerConfig.builder(Fixture.RESOURCE)
                    .authorizationServer(
                        AuthServerConfig.resolved(AuthServerConfig.Type.OIDC, as.metadata()))
                    .tokenPolicy(
                        TokenPolicy.builder()
                            .dpop(DpopSettings.builder().replayCheck().build())
                            .build())
                    .build());
    if (store != null) {
      b.singleUseStore(store).sessionStore(store);
    }
    return b.build();
  }

  private RequestHeaders dpopRequest(String token) {
    return RequestHeaders.of(
            Map.of(
                "Authorization",
                List.of("DPoP " + token),
                "DPoP",
                List.of(DpopProofs.proof(client, "POST", Fixture.RESOURCE, token).build())))
        .withRequestLine("POST", "/mcp");
  }

  private String boundToken() {
    return Tokens.valid(as.issuer(), Fixture.RESOURCE)
        .claim("cnf", Map.of("jkt", DpopProofs.jkt(client)))
        .build();
  }

  @Test
  void theReplayCheckOfARemoteStoreWaitsForTheWorker() {
    RemoteStore store = new RemoteStore();
    try (McpAuth mcpAuth = mcpAuth(store)) {
      BearerAuth auth = mcpAuth.bearerAuth(BearerAuthConfig.builder().build());
      assertAuthorized(auth.verify(dpopRequest(boundToken()))); // warms the keys
      store.calledOn.clear();

      RequestHeaders headers = dpopRequest(boundToken());
      AuthResult first = auth.verifyNonBlocking(headers);
      assertThat(first).isInstanceOf(AuthResult.Pending.class);
      assertThat(store.calledOn).as("not on the event loop").isEmpty();
      assertAuthorized(((AuthResult.Pending) first).await());
      assertThat(store.calledOn).containsExactly(Thread.currentThread());

      AuthResult replay = ((AuthResult.Pending) auth.verifyNonBlocking(headers)).await();
      assertThat(((AuthResult.Denied) replay).reason()).isEqualTo(DenialReason.DPOP_PROOF_REPLAYED);
    }
  }

  @Test
  void bearerTokensAndInProcessStoresAreStillDecidedInPlace() {
    RemoteStore store = new RemoteStore();
    try (McpAuth remote = mcpAuth(store);
        McpAuth local = mcpAuth(null)) {
      BearerAuth auth = remote.bearerAuth(BearerAuthConfig.builder().build());
      String bearer = Tokens.valid(as.issuer(), Fixture.RESOURCE).build();
      RequestHeaders headers =
          RequestHeaders.of(Map.of("Authorization", List.of("Bearer " + bearer)));
      assertAuthorized(auth.verify(headers));
      assertAuthorized(auth.verifyNonBlocking(headers));
      assertThat(store.calledOn).as("a Bearer token needs no store").isEmpty();

      BearerAuth inProcess = local.bearerAuth(BearerAuthConfig.builder().build());
      assertAuthorized(inProcess.verify(dpopRequest(boundToken())));
      assertAuthorized(inProcess.verifyNonBlocking(dpopRequest(boundToken())));
    }
  }

  @Test
  void aSessionLookupInARemoteStoreWaitsForTheWorker() throws Exception {
    RemoteStore store = new RemoteStore();
    try (McpAuth mcpAuth = mcpAuth(store)) {
      McpGate gate =
          mcpAuth.mcpGate(mcpAuth.bearerAuth(BearerAuthConfig.builder().build())).build();
      String bearer = Tokens.valid(as.issuer(), Fixture.RESOURCE).build();
      byte[] body =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"
              .getBytes(StandardCharsets.UTF_8);
      RequestHeaders plain =
          RequestHeaders.of(
                  Map.of(
                      "Authorization",
                      List.of("Bearer " + bearer),
                      "Content-Type",
                      List.of("application/json")))
              .withRequestLine("POST", "/mcp");
      McpGate.Decision created = gate.check(plain, limit -> body);
      assertThat(created).isInstanceOf(McpGate.Decision.Forward.class);
      gate.sessionStarted("s-1", ((McpGate.Decision.Forward) created).authInfo());
      store.calledOn.clear();

      RequestHeaders inSession =
          RequestHeaders.of(
                  Map.of(
                      "Authorization",
                      List.of("Bearer " + bearer),
                      "Content-Type",
                      List.of("application/json"),
                      "Mcp-Session-Id",
                      List.of("s-1")))
              .withRequestLine("POST", "/mcp");
      McpGate.Decision decision = gate.checkNonBlocking(inSession, limit -> body);
      assertThat(decision).isInstanceOf(McpGate.Decision.Pending.class);
      assertThat(store.calledOn).isEmpty();
      assertThat(((McpGate.Decision.Pending) decision).await())
          .isInstanceOf(McpGate.Decision.Forward.class);
      assertThat(store.calledOn).containsExactly(Thread.currentThread());
    }
  }
}
