package dev.mcpauth.acceptance;

/** The acceptance suite against the notes server on Javalin. */
class JavalinAcceptanceTest extends AcceptanceSuite {
  @Override
  ServerUnderTest server() {
    return new DemoServer("javalin");
  }
}
