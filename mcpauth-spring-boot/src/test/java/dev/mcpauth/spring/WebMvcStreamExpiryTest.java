package dev.mcpauth.spring;

/** {@link StreamExpiryContract} on Spring WebMvc (Tomcat). */
class WebMvcStreamExpiryTest extends StreamExpiryContract {
  @Override
  String stack() {
    return "webmvc";
  }
}
