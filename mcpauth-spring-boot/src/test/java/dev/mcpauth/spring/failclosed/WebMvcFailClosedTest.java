package dev.mcpauth.spring.failclosed;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/** Fail closed on WebMVC (Tomcat) with Spring AI's streamable transport. */
class WebMvcFailClosedTest extends FailClosedContract {
  @Override
  String stack() {
    return "webmvc";
  }

  @Override
  Class<?> bypass() {
    return Forwarder.class;
  }

  /** Forwards {@code /bypass} to the MCP endpoint: a FORWARD dispatch the filter never sees. */
  @Controller
  public static class Forwarder {
    /** The forward. */
    @RequestMapping("/bypass")
    public String bypass() {
      return "forward:/api/mcp";
    }
  }
}
