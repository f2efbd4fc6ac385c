package dev.mcpauth.spring;

/** The contract on WebFlux (Reactor Netty) with Spring AI's streamable transport. */
class WebFluxStackTest extends StackContract {
  @Override
  String stack() {
    return "webflux";
  }
}
