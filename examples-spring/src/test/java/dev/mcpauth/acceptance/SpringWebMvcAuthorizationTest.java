package dev.mcpauth.acceptance;

import java.util.List;

/** The authorization suite against the Spring demo on Spring WebMVC (Tomcat). */
class SpringWebMvcAuthorizationTest extends AuthorizationSuite {
  @Override
  ServerUnderTest server(List<String> extraArguments) {
    return new SpringDemoServer("webmvc", extraArguments);
  }
}
