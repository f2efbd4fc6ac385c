package dev.mcpauth.spring;

/** The contract on WebMVC (Tomcat) with Spring AI's streamable transport. */
class WebMvcStackTest extends StackContract {
  @Override
  String stack() {
    return "webmvc";
  }
}
