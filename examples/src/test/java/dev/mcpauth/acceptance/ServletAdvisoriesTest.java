package dev.mcpauth.acceptance;

/** The published advisories as regression tests against the notes server on Servlet. */
class ServletAdvisoriesTest extends AdvisoriesSuite {
  @Override
  ServerUnderTest server() {
    return new DemoServer("servlet");
  }
}
