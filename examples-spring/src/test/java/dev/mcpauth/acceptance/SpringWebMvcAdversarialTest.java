package dev.mcpauth.acceptance;

/** The adversarial suite against the Spring demo on Spring WebMVC (Tomcat). */
class SpringWebMvcAdversarialTest extends AdversarialSuite {
  @Override
  ServerUnderTest server() {
    return new SpringDemoServer("webmvc", APP_ORIGIN);
  }
}
