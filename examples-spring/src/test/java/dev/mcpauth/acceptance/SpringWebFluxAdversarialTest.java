package dev.mcpauth.acceptance;

import java.util.List;

/** The adversarial suite against the Spring demo on Spring WebFlux (Reactor Netty). */
class SpringWebFluxAdversarialTest extends AdversarialSuite {
  @Override
  ServerUnderTest server() {
    return new SpringDemoServer("webflux", APP_ORIGIN);
  }

  /** Netty buffers in direct memory: bounded too, so that holding bodies shows. */
  @Override
  List<String> smallMemoryJvmOptions() {
    return List.of("-Xmx96m", "-XX:MaxDirectMemorySize=32m");
  }
}
