package dev.mcpauth.acceptance;

import java.util.List;

/** The authorization suite against the Spring demo on Spring WebFlux (Reactor Netty). */
class SpringWebFluxAuthorizationTest extends AuthorizationSuite {
  @Override
  ServerUnderTest server(List<String> extraArguments) {
    return new SpringDemoServer("webflux", extraArguments);
  }
}
