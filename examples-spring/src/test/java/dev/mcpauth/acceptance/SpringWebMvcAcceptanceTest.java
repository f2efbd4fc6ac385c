package dev.mcpauth.acceptance;

/** The acceptance suite against the Spring demo on Spring WebMVC (Tomcat). */
class SpringWebMvcAcceptanceTest extends AcceptanceSuite {
  @Override
  ServerUnderTest server() {
    return new SpringDemoServer("webmvc");
  }
}
