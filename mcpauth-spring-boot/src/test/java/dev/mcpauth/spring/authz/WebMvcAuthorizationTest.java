package dev.mcpauth.spring.authz;

/** {@link AuthorizationContract} on Spring WebMVC (Tomcat). */
class WebMvcAuthorizationTest extends AuthorizationContract {
  @Override
  String stack() {
    return "webmvc";
  }
}
