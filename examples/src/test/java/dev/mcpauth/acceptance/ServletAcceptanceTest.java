package dev.mcpauth.acceptance;

/** The acceptance suite against the notes server on Servlet. */
class ServletAcceptanceTest extends AcceptanceSuite {
  @Override
  ServerUnderTest server() {
    return new DemoServer("servlet");
  }
}
