package dev.mcpauth.acceptance;

/** The acceptance suite against the notes server on Undertow. */
class UndertowAcceptanceTest extends AcceptanceSuite {
  @Override
  ServerUnderTest server() {
    return new DemoServer("undertow");
  }
}
