package dev.mcpauth.spring.authz;

/** {@link AuthorizationContract} on Spring WebFlux (Reactor Netty). */
class WebFluxAuthorizationTest extends AuthorizationContract {
  @Override
  String stack() {
    return "webflux";
  }
}
