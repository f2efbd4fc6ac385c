package dev.mcpauth.spring.secured;

import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The recommended arrangement with Spring Security's OAuth2 resource server: Spring Security owns
 * the application's own API ({@code /api/**}, its security matcher), MCP Auth owns the MCP endpoint
 * and the metadata. No chain matches the MCP paths, so each request is verified once, by one of
 * them, and answered with one challenge.
 */
@Configuration(proxyBeanMethods = false)
@Import(ApiSecurity.HelloController.class)
public class ApiSecurity {

  /** Spring Security for /api/** only. */
  @Bean
  SecurityFilterChain api(HttpSecurity http) {
    return http.securityMatcher("/api/**")
        .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()))
        .build();
  }

  /**
   * Spring Security's decoder, accepting RFC 9068 access tokens ({@code typ: at+jwt}), which its
   * default decoder refuses.
   */
  @Bean
  JwtDecoder jwtDecoder(Environment environment) {
    String issuer =
        environment.getRequiredProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri");
    NimbusJwtDecoder decoder =
        NimbusJwtDecoder.withIssuerLocation(issuer).validateType(false).build();
    decoder.setJwtValidator(
        new DelegatingOAuth2TokenValidator<>(
            new JwtTimestampValidator(),
            new JwtIssuerValidator(issuer),
            new JwtTypeValidator("at+jwt", "JWT")));
    return decoder;
  }

  /** An API route Spring Security protects. */
  @RestController
  public static class HelloController {
    /** Greets the JWT's subject. */
    @GetMapping("/api/hello")
    public Map<String, String> hello(@AuthenticationPrincipal Jwt jwt) {
      return Map.of("hello", jwt.getSubject());
    }
  }
}
