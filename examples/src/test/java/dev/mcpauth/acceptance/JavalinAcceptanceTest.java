package dev.mcpauth.acceptance;

/** The acceptance suite against the notes server on Javalin. */
class JavalinAcceptanceTest extends AcceptanceSuite {
  @Override
  String adapter() {
    return "javalin";
  }
}
