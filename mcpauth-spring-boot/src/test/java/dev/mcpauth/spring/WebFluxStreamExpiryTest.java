package dev.mcpauth.spring;

/** {@link StreamExpiryContract} on Spring WebFlux (Netty). */
class WebFluxStreamExpiryTest extends StreamExpiryContract {
  @Override
  String stack() {
    return "webflux";
  }
}
