package dev.mcpauth.spring.failclosed;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** Fail closed on WebFlux (Reactor Netty) with Spring AI's streamable transport. */
class WebFluxFailClosedTest extends FailClosedContract {
  @Override
  String stack() {
    return "webflux";
  }

  @Override
  Class<?> bypass() {
    return Rewriter.class;
  }

  /** Rewrites {@code /bypass} to the MCP endpoint after MCP Auth's filter has looked at it. */
  public static class Rewriter implements WebFilter, Ordered {
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
      if (!exchange.getRequest().getPath().value().equals("/bypass")) {
        return chain.filter(exchange);
      }
      return chain.filter(
          exchange
              .mutate()
              .request(exchange.getRequest().mutate().path("/api/mcp").build())
              .build());
    }

    @Override
    public int getOrder() {
      return 0;
    }
  }
}
