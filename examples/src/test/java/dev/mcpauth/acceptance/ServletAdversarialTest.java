package dev.mcpauth.acceptance;

/** The adversarial suite against the notes server on Servlet. */
class ServletAdversarialTest extends AdversarialSuite {
  @Override
  ServerUnderTest server() {
    return new DemoServer("servlet", APP_ORIGIN);
  }
}
