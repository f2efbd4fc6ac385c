package dev.mcpauth.examples.springload;

import com.sun.net.httpserver.HttpServer;
import dev.mcpauth.examples.spring.NotesApplication;
import dev.mcpauth.examples.spring.SpringDemo;
import dev.mcpauth.examples.spring.SpringDemoOptions;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Spring demo for an external load generator (wrk), the counterpart of the benchmarks' {@code
 * dev.mcpauth.bench.LoadServer} for Javalin and Undertow: the demo on {@code --stack
 * webmvc|webflux} trusts an issuer this process runs (RFC 8414 metadata and a JWKS on loopback, one
 * RS256 key), writes {@code tokens.txt} (one valid token per line) and {@code port} into {@code
 * --out}, and serves until killed. {@code GET /public/notes} (added here, not in the demo) is the
 * unprotected baseline of {@code GET /notes} in the same process; {@code --cache off} turns the
 * verified-token cache off ({@code mcpauth.cache.enabled}).
 *
 * <p>This package is outside the demo's component scan, so the demo itself never serves {@code
 * /public/notes}. From the demo jar:
 *
 * <pre>
 * java -cp mcpauth-spring-demo.jar -Dloader.main=dev.mcpauth.examples.springload.SpringLoadServer \
 *   org.springframework.boot.loader.launch.PropertiesLauncher --stack webflux --cache on --tokens 2000 --out DIR
 * </pre>
 */
public final class SpringLoadServer {
  private SpringLoadServer() {}

  /** {@code GET /public/notes}: the same answer as {@code /notes}, without authorization. */
  @RestController
  public static class PublicNotes {
    private final NotesApplication.NoteStore notes;

    /** A controller over the demo's notes. */
    public PublicNotes(NotesApplication.NoteStore notes) {
      this.notes = notes;
    }

    /** The notes. */
    @GetMapping("/public/notes")
    public Map<String, List<String>> notes() {
      return Map.of("notes", notes.all());
    }
  }

  /**
   * Entry point: {@code --stack}, {@code --cache on|off}, {@code --tokens N}, {@code --out DIR}.
   */
  public static void main(String[] args) throws Exception {
    String stack = "webmvc";
    boolean cache = false;
    int tokenCount = 2000;
    Path out = Path.of(".");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--stack" -> stack = args[i + 1];
        case "--cache" -> cache = args[i + 1].equals("on");
        case "--tokens" -> tokenCount = Integer.parseInt(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
    key.setKeyId("bench-RS256");
    HttpServer as =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    String issuer = "http://127.0.0.1:" + as.getAddress().getPort() + "/as";
    serve(
        as, "/jwks", "{\"keys\":[" + key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}");
    serve(
        as,
        "/.well-known/oauth-authorization-server/as",
        "{\"issuer\":\""
            + issuer
            + "\",\"authorization_endpoint\":\""
            + issuer
            + "/authorize\",\"token_endpoint\":\""
            + issuer
            + "/token\",\"jwks_uri\":\"http://127.0.0.1:"
            + as.getAddress().getPort()
            + "/jwks\",\"response_types_supported\":[\"code\"],"
            + "\"code_challenge_methods_supported\":[\"S256\"]}");
    as.start();
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    String resource = "http://localhost:" + port + "/mcp";
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < tokenCount; i++) {
      tokens.add(token(key, issuer, resource, "user-" + i));
    }
    SpringDemo demo =
        SpringDemo.start(
            SpringDemoOptions.parse(
                List.of(
                    "--port",
                    String.valueOf(port),
                    "--issuer",
                    issuer,
                    "--type",
                    "oauth",
                    "--stack",
                    stack)),
            List.of(),
            Map.of("mcpauth.cache.enabled", cache),
            PublicNotes.class);
    Files.write(out.resolve("tokens.txt"), tokens, StandardCharsets.US_ASCII);
    Files.writeString(out.resolve("port"), Integer.toString(port));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  demo.close();
                  as.stop(0);
                  stopped.countDown();
                }));
    stopped.await();
  }

  static void serve(HttpServer server, String path, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    server.createContext(
        path,
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream o = exchange.getResponseBody()) {
            o.write(body);
          }
        });
  }

  /** A typical RFC 9068 access token for {@code resource}, valid for an hour (RS256). */
  static String token(RsaJsonWebKey key, String issuer, String resource, String subject)
      throws Exception {
    return token(key, issuer, resource, subject, "mcp:read mcp:write read:notes");
  }

  /** The same token with another {@code scope} claim. */
  static String token(
      RsaJsonWebKey key, String issuer, String resource, String subject, String scope)
      throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String header = "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"" + key.getKeyId() + "\"}";
    String claims =
        "{\"iss\":\""
            + issuer
            + "\",\"sub\":\""
            + subject
            + "\",\"aud\":\""
            + resource
            + "\",\"client_id\":\"bench-client\",\"iat\":"
            + now
            + ",\"exp\":"
            + (now + 3600)
            + ",\"jti\":\""
            + UUID.randomUUID()
            + "\",\"scope\":\""
            + scope
            + "\"}";
    String input =
        b64(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64(claims.getBytes(StandardCharsets.UTF_8));
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(key.getPrivateKey());
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64(s.sign());
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
