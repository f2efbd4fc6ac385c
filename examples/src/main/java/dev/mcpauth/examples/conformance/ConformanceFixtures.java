package dev.mcpauth.examples.conformance;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.AuthServerMetadata;
import dev.mcpauth.DenialReason;
import dev.mcpauth.McpGate;
import dev.mcpauth.TokenVerifier;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import javax.imageio.ImageIO;

/**
 * TEST FIXTURE, never a production setup: the reference fixtures the MCP conformance suite's server
 * scenarios call (tools {@code test_simple_text}, {@code test_image_content}, ..., resources {@code
 * test://static-text}, the template {@code test://template/{id}/data}, prompts, a completion), the
 * SEP-2350 scope challenge's fixed opaque tokens and per-operation scopes, and a fixed
 * authorization server that issues nothing. Shared by every stack (the plain demo's three adapters
 * and the Spring demo's two), so all five serve the same server.
 *
 * <p>The fixtures follow the suite's scenario descriptions ({@code conformance list}, then each
 * scenario's text); the two fixture tokens and the scopes are those of the SEP-2350 scenario,
 * declared exactly as {@code Sep2350ScopeChallengeTest} in the core does.
 */
public final class ConformanceFixtures {
  /** The SEP-2350 token holding only {@link #BASELINE}. */
  public static final String LOW_TOKEN = "mcp-conformance-scope-low";

  /** The SEP-2350 token holding every scope of {@link #ALL_SCOPES}. */
  public static final String FULL_TOKEN = "mcp-conformance-scope-full";

  /** The scope every request to the MCP endpoint needs. */
  public static final String BASELINE = "mcp:conformance:baseline";

  /** Every scope the SEP-2350 scenario names; the full token holds all of them. */
  public static final List<String> ALL_SCOPES =
      List.of(
          BASELINE,
          "mcp:conformance:tools:call",
          "mcp:conformance:tools:test_simple_text",
          "mcp:conformance:resources:read",
          "mcp:conformance:resources:static",
          "mcp:conformance:resources:template:123",
          "mcp:conformance:prompts:get",
          "mcp:conformance:prompts:test_simple_prompt");

  /**
   * The authorization server the metadata names. Nothing listens there: the fixture tokens are
   * fixed, so no client needs one (the SEP-2350 scenario's own convention).
   */
  public static final String FIXTURE_ISSUER = "http://localhost:3001";

  static final String SIMPLE_TEXT = "This is a simple text response for testing.";
  static final String STATIC_TEXT = "This is the content of the static text resource.";
  static final String TEMPLATE = "test://template/{id}/data";

  private static final String PNG = base64(redPixelPng());
  private static final String WAV = base64(silentWav());

  private ConformanceFixtures() {}

  /** The fixed authorization server of {@link #FIXTURE_ISSUER} (metadata only, no I/O). */
  public static AuthServerConfig authorizationServer() {
    return AuthServerConfig.resolved(
        AuthServerConfig.Type.OAUTH,
        AuthServerMetadata.builder(FIXTURE_ISSUER)
            .authorizationEndpoint(FIXTURE_ISSUER + "/authorize")
            .tokenEndpoint(FIXTURE_ISSUER + "/token")
            .responseTypesSupported("code")
            .codeChallengeMethodsSupported("S256")
            .jwksUri(FIXTURE_ISSUER + "/jwks")
            .build());
  }

  /**
   * Accepts exactly the two SEP-2350 tokens for {@code resource}: low with {@link #BASELINE}, full
   * with every scope; anything else is rejected.
   */
  public static TokenVerifier tokenVerifier(String resource) {
    return token -> {
      if (!token.equals(LOW_TOKEN) && !token.equals(FULL_TOKEN)) {
        return TokenVerifier.Result.rejected(DenialReason.REJECTED, "not a fixture token");
      }
      return TokenVerifier.Result.verified(
          AuthInfo.builder(token, FIXTURE_ISSUER)
              .subject("conformance")
              .audiences(List.of(resource))
              .scopes(token.equals(LOW_TOKEN) ? List.of(BASELINE) : ALL_SCOPES)
              .expiresAt(Instant.now().plus(Duration.ofHours(1)))
              .build());
    };
  }

  /**
   * The SEP-2350 per-operation scopes: each operation needs its kind's scope and its own, the
   * template's from its {@code {id}} variable. The baseline is the gate's {@code BearerAuth}.
   */
  public static McpGate.Builder scopes(McpGate.Builder gate) {
    return gate.tool(
            "test_simple_text",
            "mcp:conformance:tools:call",
            "mcp:conformance:tools:test_simple_text")
        .resource(
            "test://static-text",
            "mcp:conformance:resources:read",
            "mcp:conformance:resources:static")
        .resourceTemplate(
            TEMPLATE, "mcp:conformance:resources:read", "mcp:conformance:resources:template:{id}")
        .prompt(
            "test_simple_prompt",
            "mcp:conformance:prompts:get",
            "mcp:conformance:prompts:test_simple_prompt");
  }

  /** What the fixtures need: tools, resources with subscriptions, prompts, completions, logging. */
  public static McpSchema.ServerCapabilities capabilities() {
    return McpSchema.ServerCapabilities.builder()
        .tools(false)
        .resources(true, false)
        .prompts(false)
        .completions()
        .logging()
        .build();
  }

  /**
   * What a tool may ask of the client during a call. On a stateful (session) transport every
   * request goes through the session; a stateless transport has no channel back to the client, so
   * there each of them fails with {@link UnsupportedOperationException}.
   */
  interface Peer {
    void log(String message);

    void progress(Object token, double progress, double total);

    McpSchema.CreateMessageResult sample(McpSchema.CreateMessageRequest request);

    McpSchema.ElicitResult elicit(McpSchema.ElicitRequest request);
  }

  private record Tool(
      McpSchema.Tool tool,
      BiFunction<Peer, McpSchema.CallToolRequest, McpSchema.CallToolResult> call) {}

  // ---- the tools ------------------------------------------------------------------------------

  private static List<Tool> fixtureTools() {
    List<Tool> tools = new ArrayList<>();
    tools.add(
        new Tool(
            tool("test_simple_text", "Returns simple text."), (peer, call) -> text(SIMPLE_TEXT)));
    tools.add(
        new Tool(
            tool("test_image_content", "Returns a 1x1 red PNG."),
            (peer, call) -> result(new McpSchema.ImageContent(null, PNG, "image/png"))));
    tools.add(
        new Tool(
            tool("test_audio_content", "Returns a short silent WAV."),
            (peer, call) -> result(new McpSchema.AudioContent(null, WAV, "audio/wav"))));
    tools.add(
        new Tool(
            tool("test_embedded_resource", "Returns an embedded text resource."),
            (peer, call) ->
                result(
                    new McpSchema.EmbeddedResource(
                        null,
                        new McpSchema.TextResourceContents(
                            "test://embedded-resource",
                            "text/plain",
                            "This is an embedded resource content.")))));
    tools.add(
        new Tool(
            tool("test_multiple_content_types", "Returns text, an image and a resource."),
            (peer, call) ->
                result(
                    new McpSchema.TextContent("Multiple content types test:"),
                    new McpSchema.ImageContent(null, PNG, "image/png"),
                    new McpSchema.EmbeddedResource(
                        null,
                        new McpSchema.TextResourceContents(
                            "test://mixed-content-resource",
                            "application/json",
                            "{\"test\":\"data\",\"value\":123}")))));
    tools.add(
        new Tool(
            tool("test_tool_with_logging", "Logs three messages while it runs."),
            (peer, call) -> {
              peer.log("Tool execution started");
              pause();
              peer.log("Tool processing data");
              pause();
              peer.log("Tool execution completed");
              return text("Logging tool completed");
            }));
    tools.add(
        new Tool(
            tool("test_tool_with_progress", "Reports progress 0, 50 and 100 of 100."),
            (peer, call) -> {
              Object token = call.meta() == null ? null : call.meta().get("progressToken");
              for (int step = 0; step <= 100; step += 50) {
                if (token != null) {
                  peer.progress(token, step, 100);
                }
                if (step < 100) {
                  pause();
                }
              }
              return text("Progress tool completed");
            }));
    tools.add(
        new Tool(
            tool("test_error_handling", "Always fails."),
            (peer, call) ->
                McpSchema.CallToolResult.builder()
                    .content(
                        List.of(
                            new McpSchema.TextContent(
                                "This tool intentionally returns an error for testing")))
                    .isError(true)
                    .build()));
    tools.add(
        new Tool(
            tool(
                "test_sampling",
                "Asks the client's model to answer a prompt.",
                Map.of("prompt", stringProperty("The prompt to send to the LLM")),
                "prompt"),
            (peer, call) -> {
              String prompt = String.valueOf(call.arguments().get("prompt"));
              McpSchema.CreateMessageResult answer =
                  peer.sample(
                      McpSchema.CreateMessageRequest.builder(
                              List.of(
                                  new McpSchema.SamplingMessage(
                                      McpSchema.Role.USER, new McpSchema.TextContent(prompt))),
                              100)
                          .build());
              String said =
                  answer.content() instanceof McpSchema.TextContent t
                      ? t.text()
                      : String.valueOf(answer.content());
              return text("LLM response: " + said);
            }));
    tools.add(
        new Tool(
            tool(
                "test_elicitation",
                "Asks the user for a username and an email address.",
                Map.of("message", stringProperty("The message to show the user")),
                "message"),
            (peer, call) ->
                elicited(
                    "User response: ",
                    peer.elicit(
                        form(
                            String.valueOf(call.arguments().get("message")),
                            Map.of(
                                "username", stringProperty("User's response"),
                                "email", stringProperty("User's email address")),
                            List.of("username", "email"))))));
    tools.add(
        new Tool(
            tool("test_elicitation_sep1034_defaults", "Elicits values with defaults (SEP-1034)."),
            (peer, call) -> {
              Map<String, Object> properties = new LinkedHashMap<>();
              properties.put("name", Map.of("type", "string", "default", "John Doe"));
              properties.put("age", Map.of("type", "integer", "default", 30));
              properties.put("score", Map.of("type", "number", "default", 95.5));
              properties.put(
                  "status",
                  Map.of(
                      "type",
                      "string",
                      "enum",
                      List.of("active", "inactive", "pending"),
                      "default",
                      "active"));
              properties.put("verified", Map.of("type", "boolean", "default", true));
              return elicited(
                  "Elicitation completed: ",
                  peer.elicit(form("Please review your information", properties, List.of())));
            }));
    tools.add(
        new Tool(
            tool("test_elicitation_sep1330_enums", "Elicits every enum form (SEP-1330)."),
            (peer, call) -> {
              Map<String, Object> properties = new LinkedHashMap<>();
              properties.put(
                  "untitledSingle",
                  Map.of("type", "string", "enum", List.of("option1", "option2", "option3")));
              properties.put(
                  "titledSingle",
                  Map.of(
                      "type",
                      "string",
                      "oneOf",
                      List.of(
                          Map.of("const", "value1", "title", "First Option"),
                          Map.of("const", "value2", "title", "Second Option"),
                          Map.of("const", "value3", "title", "Third Option"))));
              properties.put(
                  "legacyEnum",
                  Map.of(
                      "type",
                      "string",
                      "enum",
                      List.of("opt1", "opt2", "opt3"),
                      "enumNames",
                      List.of("Option One", "Option Two", "Option Three")));
              properties.put(
                  "untitledMulti",
                  Map.of(
                      "type",
                      "array",
                      "items",
                      Map.of("type", "string", "enum", List.of("option1", "option2", "option3"))));
              properties.put(
                  "titledMulti",
                  Map.of(
                      "type",
                      "array",
                      "items",
                      Map.of(
                          "anyOf",
                          List.of(
                              Map.of("const", "value1", "title", "First Choice"),
                              Map.of("const", "value2", "title", "Second Choice"),
                              Map.of("const", "value3", "title", "Third Choice")))));
              return elicited(
                  "Elicitation completed: ",
                  peer.elicit(form("Please choose", properties, List.of())));
            }));
    tools.add(
        new Tool(
            McpSchema.Tool.builder("json_schema_2020_12_tool", jsonSchema202012())
                .description("Tool with JSON Schema 2020-12 features")
                .build(),
            (peer, call) -> text("ok")));
    return tools;
  }

  /** The input schema of {@code json_schema_2020_12_tool}: 2020-12 keywords kept as written. */
  private static Map<String, Object> jsonSchema202012() {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.put("type", "object");
    schema.put(
        "$defs",
        Map.of(
            "address",
            Map.of(
                "$anchor",
                "addressDef",
                "type",
                "object",
                "properties",
                Map.of("street", Map.of("type", "string"), "city", Map.of("type", "string")))));
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("name", Map.of("type", "string"));
    properties.put("address", Map.of("$ref", "#/$defs/address"));
    properties.put("contactMethod", Map.of("type", "string", "enum", List.of("phone", "email")));
    properties.put("phone", Map.of("type", "string"));
    properties.put("email", Map.of("type", "string"));
    schema.put("properties", properties);
    schema.put(
        "allOf",
        List.of(
            Map.of(
                "anyOf",
                List.of(
                    Map.of("required", List.of("phone")), Map.of("required", List.of("email"))))));
    schema.put(
        "if",
        Map.of(
            "properties",
            Map.of("contactMethod", Map.of("const", "phone")),
            "required",
            List.of("contactMethod")));
    schema.put("then", Map.of("required", List.of("phone")));
    schema.put("else", Map.of("required", List.of("email")));
    schema.put("additionalProperties", false);
    return schema;
  }

  // ---- resources, the template, prompts, the completion ----------------------------------------

  private static List<McpSchema.Resource> resourceList() {
    return List.of(
        McpSchema.Resource.builder("test://static-text", "static-text")
            .description("A static text resource")
            .mimeType("text/plain")
            .build(),
        McpSchema.Resource.builder("test://static-binary", "static-binary")
            .description("A static binary resource (a PNG)")
            .mimeType("image/png")
            .build(),
        McpSchema.Resource.builder("test://watched-resource", "watched-resource")
            .description("A resource to subscribe to")
            .mimeType("text/plain")
            .build());
  }

  private static McpSchema.ReadResourceResult read(String uri) {
    McpSchema.ResourceContents contents =
        switch (uri) {
          case "test://static-text" ->
              new McpSchema.TextResourceContents(uri, "text/plain", STATIC_TEXT);
          case "test://static-binary" -> new McpSchema.BlobResourceContents(uri, "image/png", PNG);
          case "test://watched-resource" ->
              new McpSchema.TextResourceContents(uri, "text/plain", "Watched resource content.");
          default -> throw McpError.RESOURCE_NOT_FOUND.apply(uri);
        };
    return new McpSchema.ReadResourceResult(List.of(contents));
  }

  private static final McpSchema.ResourceTemplate DATA_TEMPLATE =
      McpSchema.ResourceTemplate.builder(TEMPLATE, "template-data")
          .description("Data for one id")
          .mimeType("application/json")
          .build();

  private static McpSchema.ReadResourceResult readTemplate(String uri) {
    String prefix = "test://template/";
    String suffix = "/data";
    if (!uri.startsWith(prefix) || !uri.endsWith(suffix)) {
      throw McpError.RESOURCE_NOT_FOUND.apply(uri);
    }
    String id = uri.substring(prefix.length(), uri.length() - suffix.length());
    String json =
        "{\"id\":\""
            + id.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\",\"templateTest\":true,\"data\":\"Data for ID: "
            + id.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\"}";
    return new McpSchema.ReadResourceResult(
        List.of(new McpSchema.TextResourceContents(uri, "application/json", json)));
  }

  private record Prompt(
      McpSchema.Prompt prompt,
      java.util.function.Function<Map<String, Object>, McpSchema.GetPromptResult> get) {}

  private static List<Prompt> fixturePrompts() {
    return List.of(
        new Prompt(
            new McpSchema.Prompt("test_simple_prompt", "A prompt without arguments", List.of()),
            args ->
                messages(user(new McpSchema.TextContent("This is a simple prompt for testing.")))),
        new Prompt(
            new McpSchema.Prompt(
                "test_prompt_with_arguments",
                "A prompt with two arguments",
                List.of(
                    new McpSchema.PromptArgument("arg1", "First test argument", true),
                    new McpSchema.PromptArgument("arg2", "Second test argument", true))),
            args ->
                messages(
                    user(
                        new McpSchema.TextContent(
                            "Prompt with arguments: arg1='"
                                + args.get("arg1")
                                + "', arg2='"
                                + args.get("arg2")
                                + "'")))),
        new Prompt(
            new McpSchema.Prompt(
                "test_prompt_with_embedded_resource",
                "A prompt embedding a resource",
                List.of(
                    new McpSchema.PromptArgument(
                        "resourceUri", "URI of the resource to embed", true))),
            args ->
                messages(
                    user(
                        new McpSchema.EmbeddedResource(
                            null,
                            new McpSchema.TextResourceContents(
                                String.valueOf(args.get("resourceUri")),
                                "text/plain",
                                "Embedded resource content for testing."))),
                    user(
                        new McpSchema.TextContent("Please process the embedded resource above.")))),
        new Prompt(
            new McpSchema.Prompt("test_prompt_with_image", "A prompt with an image", List.of()),
            args ->
                messages(
                    user(new McpSchema.ImageContent(null, PNG, "image/png")),
                    user(new McpSchema.TextContent("Please analyze the image above.")))));
  }

  private static final McpSchema.CompleteReference COMPLETED_PROMPT =
      new McpSchema.PromptReference("test_prompt_with_arguments");

  /** Suggestions for {@code test_prompt_with_arguments}'s arguments that start with the input. */
  private static McpSchema.CompleteResult complete(McpSchema.CompleteRequest request) {
    String typed = request.argument() == null ? "" : request.argument().value();
    List<String> values =
        List.of("paris", "park", "party", "hello", "world").stream()
            .filter(v -> v.startsWith(typed == null ? "" : typed))
            .toList();
    return new McpSchema.CompleteResult(
        new McpSchema.CompleteResult.CompleteCompletion(values, values.size(), false));
  }

  // ---- the same fixtures as SDK specifications, stateful and stateless ------------------------

  /** The tools for a stateful (session) server. */
  public static List<McpServerFeatures.SyncToolSpecification> tools() {
    return fixtureTools().stream()
        .map(
            t ->
                new McpServerFeatures.SyncToolSpecification(
                    t.tool(), (exchange, call) -> t.call().apply(new SessionPeer(exchange), call)))
        .toList();
  }

  /** The tools for a stateless server: those that call back to the client fail there. */
  public static List<McpStatelessServerFeatures.SyncToolSpecification> statelessTools() {
    return fixtureTools().stream()
        .map(
            t ->
                new McpStatelessServerFeatures.SyncToolSpecification(
                    t.tool(), (context, call) -> t.call().apply(NO_PEER, call)))
        .toList();
  }

  /** The direct resources for a stateful server. */
  public static List<McpServerFeatures.SyncResourceSpecification> resources() {
    return resourceList().stream()
        .map(
            r ->
                new McpServerFeatures.SyncResourceSpecification(
                    r, (exchange, request) -> read(request.uri())))
        .toList();
  }

  /** The direct resources for a stateless server. */
  public static List<McpStatelessServerFeatures.SyncResourceSpecification> statelessResources() {
    return resourceList().stream()
        .map(
            r ->
                new McpStatelessServerFeatures.SyncResourceSpecification(
                    r, (context, request) -> read(request.uri())))
        .toList();
  }

  /** The resource template for a stateful server. */
  public static McpServerFeatures.SyncResourceTemplateSpecification resourceTemplate() {
    return new McpServerFeatures.SyncResourceTemplateSpecification(
        DATA_TEMPLATE, (exchange, request) -> readTemplate(request.uri()));
  }

  /** The resource template for a stateless server. */
  public static McpStatelessServerFeatures.SyncResourceTemplateSpecification
      statelessResourceTemplate() {
    return new McpStatelessServerFeatures.SyncResourceTemplateSpecification(
        DATA_TEMPLATE, (context, request) -> readTemplate(request.uri()));
  }

  /** The prompts for a stateful server. */
  public static List<McpServerFeatures.SyncPromptSpecification> prompts() {
    return fixturePrompts().stream()
        .map(
            p ->
                new McpServerFeatures.SyncPromptSpecification(
                    p.prompt(), (exchange, request) -> p.get().apply(arguments(request))))
        .toList();
  }

  /** The prompts for a stateless server. */
  public static List<McpStatelessServerFeatures.SyncPromptSpecification> statelessPrompts() {
    return fixturePrompts().stream()
        .map(
            p ->
                new McpStatelessServerFeatures.SyncPromptSpecification(
                    p.prompt(), (context, request) -> p.get().apply(arguments(request))))
        .toList();
  }

  /** The completion for a stateful server. */
  public static McpServerFeatures.SyncCompletionSpecification completion() {
    return new McpServerFeatures.SyncCompletionSpecification(
        COMPLETED_PROMPT, (exchange, request) -> complete(request));
  }

  /** The completion for a stateless server. */
  public static McpStatelessServerFeatures.SyncCompletionSpecification statelessCompletion() {
    return new McpStatelessServerFeatures.SyncCompletionSpecification(
        COMPLETED_PROMPT, (context, request) -> complete(request));
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static final class SessionPeer implements Peer {
    private final McpSyncServerExchange exchange;

    SessionPeer(McpSyncServerExchange exchange) {
      this.exchange = exchange;
    }

    @Override
    public void log(String message) {
      exchange.loggingNotification(
          McpSchema.LoggingMessageNotification.builder(McpSchema.LoggingLevel.INFO, message)
              .logger("conformance")
              .build());
    }

    @Override
    public void progress(Object token, double progress, double total) {
      exchange.progressNotification(
          new McpSchema.ProgressNotification(token, progress, total, null));
    }

    @Override
    public McpSchema.CreateMessageResult sample(McpSchema.CreateMessageRequest request) {
      return exchange.createMessage(request);
    }

    @Override
    public McpSchema.ElicitResult elicit(McpSchema.ElicitRequest request) {
      return exchange.createElicitation(request);
    }
  }

  private static final Peer NO_PEER =
      new Peer() {
        @Override
        public void log(String message) {
          throw new UnsupportedOperationException(
              "a stateless transport cannot send log notifications");
        }

        @Override
        public void progress(Object token, double progress, double total) {
          throw new UnsupportedOperationException(
              "a stateless transport cannot send progress notifications");
        }

        @Override
        public McpSchema.CreateMessageResult sample(McpSchema.CreateMessageRequest request) {
          throw new UnsupportedOperationException("a stateless transport cannot ask for sampling");
        }

        @Override
        public McpSchema.ElicitResult elicit(McpSchema.ElicitRequest request) {
          throw new UnsupportedOperationException(
              "a stateless transport cannot ask for elicitation");
        }
      };

  private static McpSchema.ElicitRequest form(
      String message, Map<String, Object> properties, List<String> required) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    return McpSchema.ElicitFormRequest.builder(message, schema).build();
  }

  private static McpSchema.CallToolResult elicited(String prefix, McpSchema.ElicitResult result) {
    return text(prefix + "action=" + result.action() + ", content=" + result.content());
  }

  private static Map<String, Object> arguments(McpSchema.GetPromptRequest request) {
    return request.arguments() == null ? Map.of() : request.arguments();
  }

  private static McpSchema.GetPromptResult messages(McpSchema.PromptMessage... messages) {
    return new McpSchema.GetPromptResult(null, List.of(messages));
  }

  private static McpSchema.PromptMessage user(McpSchema.Content content) {
    return new McpSchema.PromptMessage(McpSchema.Role.USER, content);
  }

  private static McpSchema.Tool tool(String name, String description) {
    return tool(name, description, Map.of());
  }

  private static McpSchema.Tool tool(
      String name, String description, Map<String, Object> properties, String... required) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    if (required.length > 0) {
      schema.put("required", List.of(required));
    }
    return McpSchema.Tool.builder(name, schema).description(description).build();
  }

  private static Map<String, Object> stringProperty(String description) {
    return Map.of("type", "string", "description", description);
  }

  private static McpSchema.CallToolResult text(String text) {
    return result(new McpSchema.TextContent(text));
  }

  private static McpSchema.CallToolResult result(McpSchema.Content... content) {
    return McpSchema.CallToolResult.builder().content(List.of(content)).build();
  }

  /** The pause the logging and progress scenarios ask for between two notifications. */
  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] redPixelPng() {
    BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, 0xFF0000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A RIFF/WAVE file: 8 kHz, 8-bit mono, 100 ms of silence. */
  private static byte[] silentWav() {
    int samples = 800;
    ByteBuffer b = ByteBuffer.allocate(44 + samples).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + samples);
    b.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
    b.putShort((short) 1).putShort((short) 1).putInt(8000).putInt(8000);
    b.putShort((short) 1).putShort((short) 8);
    b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(samples);
    for (int i = 0; i < samples; i++) {
      b.put((byte) 0x80); // unsigned 8-bit silence
    }
    return b.array();
  }
}
