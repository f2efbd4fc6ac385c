package dev.mcpauth.examples.springdocs;

// tag::spring-application[]
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application: Spring AI serves the tools, MCP Auth protects them (application.properties). */
@SpringBootApplication
public class QuickstartApplication {
  /** Starts it. */
  public static void main(String[] args) {
    SpringApplication.run(QuickstartApplication.class, args);
  }
}
// end::spring-application[]
