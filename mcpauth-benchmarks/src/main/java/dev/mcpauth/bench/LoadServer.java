package dev.mcpauth.bench;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.AuthServerMetadata;
import dev.mcpauth.examples.NotesOnJavalin;
import dev.mcpauth.examples.NotesOnUndertow;
import dev.mcpauth.examples.NotesServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The notes server for an external load generator (wrk): trusts a key this process holds, writes
 * {@code tokens.txt} (one valid token per line) and {@code port} into {@code --out}, and serves
 * until killed. {@code GET /public/notes} is the unprotected baseline of {@code GET /notes}.
 *
 * <p>{@code java -cp benchmarks.jar dev.mcpauth.bench.LoadServer --adapter javalin --cache off
 * --tokens 2000 --out DIR}
 */
public final class LoadServer {
  private LoadServer() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.jboss.logging.provider", "slf4j");
    String adapter = "javalin";
    boolean cache = false;
    int tokenCount = 2000;
    Path out = Path.of(".");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--adapter":
          adapter = args[i + 1];
          break;
        case "--cache":
          cache = args[i + 1].equals("on");
          break;
        case "--tokens":
          tokenCount = Integer.parseInt(args[i + 1]);
          break;
        case "--out":
          out = Path.of(args[i + 1]);
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    BenchmarkKeys keys = new BenchmarkKeys("RS256");
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    String resource = "http://localhost:" + port + "/mcp";
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < tokenCount; i++) {
      tokens.add(keys.token(resource, "user-" + i));
    }
    AuthServerMetadata metadata = keys.metadata();
    NotesServer notes =
        new NotesServer(
            resource, cache, AuthServerConfig.resolved(AuthServerConfig.Type.OAUTH, metadata));
    AutoCloseable server =
        adapter.equals("undertow")
            ? new NotesOnUndertow(notes, port)
            : new NotesOnJavalin(notes, port);
    Files.write(out.resolve("tokens.txt"), tokens, StandardCharsets.US_ASCII);
    Files.writeString(out.resolve("port"), Integer.toString(port));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                    notes.close();
                    keys.close();
                  } catch (Exception ignored) {
                    // stopping anyway
                  }
                }));
    Thread.currentThread().join();
  }
}
