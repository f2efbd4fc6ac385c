package dev.mcpauth.spring.custom;

import dev.mcpauth.McpGate;
import dev.mcpauth.spring.McpAuthCustomizer;
import dev.mcpauth.spring.ProtectedPaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Java configuration instead of properties: a tool's scopes and a protected route. */
@Configuration(proxyBeanMethods = false)
public class NotesCustomizer {

  /** whoami needs admin:notes; /notes needs read:notes. */
  @Bean
  McpAuthCustomizer notesScopes() {
    return new McpAuthCustomizer() {
      @Override
      public void customizeGate(McpGate.Builder gate) {
        gate.tool("whoami", "admin:notes");
      }

      @Override
      public void customizeProtectedPaths(ProtectedPaths paths) {
        paths.protect("/notes", "read:notes");
      }
    };
  }
}
