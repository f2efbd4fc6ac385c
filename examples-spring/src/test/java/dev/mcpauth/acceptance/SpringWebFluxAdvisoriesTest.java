package dev.mcpauth.acceptance;

/** The published advisories as regression tests against the Spring demo on Spring WebFlux. */
class SpringWebFluxAdvisoriesTest extends AdvisoriesSuite {
  @Override
  ServerUnderTest server() {
    return new SpringDemoServer("webflux");
  }
}
