package dev.mcpauth.acceptance;

/** The published advisories as regression tests against the Spring demo on Spring WebMvc. */
class SpringWebMvcAdvisoriesTest extends AdvisoriesSuite {
  @Override
  ServerUnderTest server() {
    return new SpringDemoServer("webmvc");
  }
}
