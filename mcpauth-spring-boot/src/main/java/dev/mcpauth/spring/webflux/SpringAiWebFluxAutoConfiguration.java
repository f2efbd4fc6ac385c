package dev.mcpauth.spring.webflux;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.StepUp;
import dev.mcpauth.mcp.McpAuthContext;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import java.util.List;
import java.util.Optional;
import org.springframework.ai.mcp.server.common.autoconfigure.McpServerAutoConfiguration;
import org.springframework.ai.mcp.server.common.autoconfigure.McpServerStatelessAutoConfiguration;
import org.springframework.ai.mcp.server.common.autoconfigure.McpServerStdioDisabledCondition;
import org.springframework.ai.mcp.server.common.autoconfigure.properties.McpServerStreamableHttpProperties;
import org.springframework.ai.mcp.server.webflux.transport.WebFluxSseServerTransportProvider;
import org.springframework.ai.mcp.server.webflux.transport.WebFluxStatelessServerTransport;
import org.springframework.ai.mcp.server.webflux.transport.WebFluxStreamableServerTransportProvider;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.SingletonBeanRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * With Spring AI's WebFlux MCP server on the classpath: its streamable and stateless transports,
 * built from Spring AI's own properties exactly as Spring AI builds them, plus a context extractor
 * that hands the caller's {@link AuthInfo} and the request's {@link StepUp} (stored by {@link
 * McpAuthWebFilter}) to tools; read them with {@code McpAuthContext.authInfo(transportContext)},
 * ask for a step-up mid-call with {@code McpAuthContext.requireScopes(transportContext, ...)}. An
 * application that declares its own transport bean keeps it.
 */
@AutoConfiguration(
    beforeName = {
      "org.springframework.ai.mcp.server.webflux.autoconfigure.McpServerStreamableHttpWebFluxAutoConfiguration",
      "org.springframework.ai.mcp.server.webflux.autoconfigure.McpServerStatelessWebFluxAutoConfiguration"
    })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({
  WebFluxStreamableServerTransportProvider.class,
  McpServerStreamableHttpProperties.class
})
@EnableConfigurationProperties(McpServerStreamableHttpProperties.class)
public class SpringAiWebFluxAutoConfiguration {

  /** Creates the auto-configuration. */
  public SpringAiWebFluxAutoConfiguration() {}

  /**
   * The routes of every Spring AI WebFlux transport in the context (streamable, stateless and SSE),
   * which {@link McpAuthWebFilter} asks whether a request is an MCP request.
   */
  @Bean
  @ConditionalOnMissingBean
  public WebFluxMcpRoutes mcpAuthWebFluxMcpRoutes(
      ObjectProvider<WebFluxStreamableServerTransportProvider> streamable,
      ObjectProvider<WebFluxStatelessServerTransport> stateless,
      ObjectProvider<WebFluxSseServerTransportProvider> sse) {
    WebFluxMcpRoutes routes = new WebFluxMcpRoutes();
    streamable.orderedStream().forEach(t -> routes.add(t, t.getRouterFunction()));
    stateless.orderedStream().forEach(t -> routes.add(t, t.getRouterFunction()));
    sse.orderedStream().forEach(t -> routes.add(t, t.getRouterFunction()));
    return routes;
  }

  /**
   * Attaches {@link WebFluxMcpRoutes#backstop()} to each transport's router function bean, so the
   * transport itself refuses what did not pass the gate.
   */
  @Bean
  public static BeanPostProcessor mcpAuthWebFluxTransportBackstop(ListableBeanFactory beans) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof RouterFunction<?> router && isTransportRouter(beans, router)) {
          return WebFluxMcpRoutes.guarded(router);
        }
        return bean;
      }
    };
  }

  /** Whether {@code router} is the router function of a transport singleton created already. */
  private static boolean isTransportRouter(ListableBeanFactory beans, RouterFunction<?> router) {
    for (Class<?> type :
        List.of(
            WebFluxStreamableServerTransportProvider.class,
            WebFluxStatelessServerTransport.class,
            WebFluxSseServerTransportProvider.class)) {
      for (String name : beans.getBeanNamesForType(type, false, false)) {
        if (beans instanceof SingletonBeanRegistry registry && registry.containsSingleton(name)) {
          Object transport = registry.getSingleton(name);
          RouterFunction<?> own =
              transport instanceof WebFluxStreamableServerTransportProvider s
                  ? s.getRouterFunction()
                  : transport instanceof WebFluxStatelessServerTransport t
                      ? t.getRouterFunction()
                      : transport instanceof WebFluxSseServerTransportProvider e
                          ? e.getRouterFunction()
                          : null;
          if (own == router) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Copies the filter's {@link AuthInfo} and {@link StepUp} exchange attributes into the MCP
   * transport context.
   */
  static McpTransportContextExtractor<ServerRequest> contextExtractor() {
    return request -> {
      Optional<AuthInfo> info =
          request
              .attribute(AuthInfo.KEY)
              .filter(AuthInfo.class::isInstance)
              .map(AuthInfo.class::cast);
      if (info.isEmpty()) {
        return McpTransportContext.EMPTY;
      }
      return request
          .attribute(StepUp.KEY)
          .filter(StepUp.class::isInstance)
          .map(stepUp -> McpAuthContext.contextFor(info.get(), (StepUp) stepUp))
          .orElseGet(() -> McpAuthContext.contextFor(info.get()));
    };
  }

  /** Spring AI's WebFlux streamable transport, with the identity bridge. */
  @Configuration(proxyBeanMethods = false)
  @Conditional({
    McpServerStdioDisabledCondition.class,
    McpServerAutoConfiguration.EnabledStreamableServerCondition.class
  })
  public static class Streamable {
    /** Creates the configuration. */
    public Streamable() {}

    /** The transport Spring AI would build, plus the context extractor. */
    @Bean
    @ConditionalOnMissingBean
    public WebFluxStreamableServerTransportProvider webFluxStreamableServerTransportProvider(
        @Qualifier("mcpServerJsonMapper") JsonMapper jsonMapper,
        McpServerStreamableHttpProperties properties) {
      return WebFluxStreamableServerTransportProvider.builder()
          .jsonMapper(new JacksonMcpJsonMapper(jsonMapper))
          .messageEndpoint(properties.getMcpEndpoint())
          .keepAliveInterval(properties.getKeepAliveInterval())
          .disallowDelete(properties.isDisallowDelete())
          .contextExtractor(contextExtractor())
          .build();
    }
  }

  /** Spring AI's WebFlux stateless transport, with the identity bridge. */
  @Configuration(proxyBeanMethods = false)
  @Conditional({
    McpServerStdioDisabledCondition.class,
    McpServerStatelessAutoConfiguration.EnabledStatelessServerCondition.class
  })
  public static class Stateless {
    /** Creates the configuration. */
    public Stateless() {}

    /** The transport Spring AI would build, plus the context extractor. */
    @Bean
    @ConditionalOnMissingBean
    public WebFluxStatelessServerTransport webFluxStatelessServerTransport(
        @Qualifier("mcpServerJsonMapper") JsonMapper jsonMapper,
        McpServerStreamableHttpProperties properties) {
      return WebFluxStatelessServerTransport.builder()
          .jsonMapper(new JacksonMcpJsonMapper(jsonMapper))
          .messageEndpoint(properties.getMcpEndpoint())
          .contextExtractor(contextExtractor())
          .build();
    }
  }
}
