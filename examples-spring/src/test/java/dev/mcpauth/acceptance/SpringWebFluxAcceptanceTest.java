package dev.mcpauth.acceptance;

/** The acceptance suite against the Spring demo on Spring WebFlux (Reactor Netty). */
class SpringWebFluxAcceptanceTest extends AcceptanceSuite {
  @Override
  ServerUnderTest server() {
    return new SpringDemoServer("webflux");
  }
}
