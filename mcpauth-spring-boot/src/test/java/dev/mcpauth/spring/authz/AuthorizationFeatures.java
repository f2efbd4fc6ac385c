package dev.mcpauth.spring.authz;

import dev.mcpauth.McpGate;
import dev.mcpauth.OperationScopes;
import dev.mcpauth.mcp.McpAuthContext;
import dev.mcpauth.spring.McpAuthCustomizer;
import dev.mcpauth.spring.RequiredAuthentication;
import dev.mcpauth.spring.RequiredClaim;
import dev.mcpauth.spring.RequiredScopes;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import org.springframework.ai.mcp.annotation.McpArg;
import org.springframework.ai.mcp.annotation.McpPrompt;
import org.springframework.ai.mcp.annotation.McpResource;
import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.mcp.annotation.McpToolParam;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * Tools, a resource template and a prompt declaring everything beyond static scopes: placeholders,
 * a per-request scope bean, RFC 9470 authentication, a claim rule, a callback registered through
 * {@link McpAuthCustomizer}, and mid-call step-ups.
 */
@Configuration(proxyBeanMethods = false)
public class AuthorizationFeatures {

  /** Record 1 is public; any other record (or none named) also needs read:secrets. */
  @Component
  public static class SecretScopes implements OperationScopes {
    @Override
    public List<String> scopesFor(dev.mcpauth.McpOperation operation, dev.mcpauth.AuthInfo who) {
      return operation.argument("id").filter("1"::equals).isPresent()
          ? List.of()
          : List.of("read:secrets");
    }
  }

  /** A report before 2020 also needs read:archive: a callback registered on the gate in Java. */
  @Bean
  McpAuthCustomizer archiveReports() {
    return new McpAuthCustomizer() {
      @Override
      public void customizeGate(McpGate.Builder gate) {
        gate.tool(
            "report",
            (operation, caller) ->
                operation
                        .argument("year")
                        .filter(y -> y.matches("\\d{1,4}") && Integer.parseInt(y) >= 2020)
                        .isPresent()
                    ? List.of()
                    : List.of("read:archive"));
      }
    };
  }

  /** The annotated MCP methods. */
  @Component
  public static class Features {
    /** {project} is the argument. */
    @McpTool(name = "open_project", description = "Opens a project")
    @RequiredScopes("projects:{project}")
    public String openProject(@McpToolParam(description = "the project") String project) {
      return "opened " + project;
    }

    /** read:secrets unless id is 1, decided by the SecretScopes bean. */
    @McpTool(name = "read_secret", description = "Reads a record")
    @RequiredScopes(value = "read:notes", perRequest = SecretScopes.class)
    public String readSecret(@McpToolParam(description = "the record") int id) {
      return "record " + id;
    }

    /** Needs read:archive for years before 2020 (the customizer's callback). */
    @McpTool(name = "report", description = "A yearly report")
    public String report(@McpToolParam(description = "the year") int year) {
      return "report " + year;
    }

    /** RFC 9470: mfa within the last 300 s. */
    @McpTool(name = "purge", description = "Deletes everything")
    @RequiredAuthentication(acr = "mfa", maxAgeSeconds = 300)
    public String purge() {
      return "purged";
    }

    /** Only for notes-admin. */
    @McpTool(name = "audit", description = "The audit log")
    @RequiredClaim(path = "roles", contains = "notes-admin")
    public String audit() {
      return "audited";
    }

    /** Asks for read:secrets mid-call, before anything was sent. */
    @McpTool(name = "export", description = "Exports everything")
    public String export(McpTransportContext context) {
      McpAuthContext.requireScopes(context, "read:secrets");
      return "exported";
    }

    /** Sends a log event on the response stream first, then asks for read:secrets. */
    @McpTool(name = "export_streaming", description = "Exports everything, streaming")
    public String exportStreaming(McpSyncServerExchange exchange) {
      exchange.loggingNotification(
          McpSchema.LoggingMessageNotification.builder()
              .level(McpSchema.LoggingLevel.EMERGENCY)
              .logger("export")
              .data("starting")
              .build());
      McpAuthContext.requireScopes(exchange, "read:secrets");
      return "exported";
    }

    /** {id} is the template variable. */
    @McpResource(uri = "docs://{id}", name = "doc", description = "A document")
    @RequiredScopes("docs:{id}")
    public String doc(String id) {
      return "doc " + id;
    }

    /** {topic} is the prompt argument. */
    @McpPrompt(name = "brief", description = "A brief on a topic")
    @RequiredScopes("topics:{topic}")
    public String brief(
        @McpArg(name = "topic", description = "the topic", required = true) String topic) {
      return "Brief on " + topic;
    }
  }
}
