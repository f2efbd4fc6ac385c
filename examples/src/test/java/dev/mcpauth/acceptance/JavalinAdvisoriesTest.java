package dev.mcpauth.acceptance;

/** The published advisories as regression tests against the notes server on Javalin. */
class JavalinAdvisoriesTest extends AdvisoriesSuite {
  @Override
  ServerUnderTest server() {
    return new DemoServer("javalin");
  }
}
