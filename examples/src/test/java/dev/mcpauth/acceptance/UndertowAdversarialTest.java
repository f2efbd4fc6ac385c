package dev.mcpauth.acceptance;

/** The adversarial suite against the notes server on Undertow. */
class UndertowAdversarialTest extends AdversarialSuite {
  @Override
  ServerUnderTest server() {
    return new DemoServer("undertow", APP_ORIGIN);
  }
}
