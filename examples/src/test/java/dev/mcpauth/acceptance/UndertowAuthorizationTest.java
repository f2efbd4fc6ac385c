package dev.mcpauth.acceptance;

import java.util.List;

/** The authorization suite against the notes server on Undertow. */
class UndertowAuthorizationTest extends AuthorizationSuite {
  @Override
  ServerUnderTest server(List<String> extraArguments) {
    return new DemoServer("undertow", extraArguments);
  }
}
