package dev.mcpauth.acceptance;

/** The published advisories as regression tests against the notes server on Undertow. */
class UndertowAdvisoriesTest extends AdvisoriesSuite {
  @Override
  ServerUnderTest server() {
    return new DemoServer("undertow");
  }
}
