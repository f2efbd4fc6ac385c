package dev.mcpauth.acceptance;

/** The adversarial suite against the notes server on Javalin. */
class JavalinAdversarialTest extends AdversarialSuite {
  @Override
  ServerUnderTest server() {
    return new DemoServer("javalin", APP_ORIGIN);
  }
}
