package dev.mcpauth.spring.webmvc;

import dev.mcpauth.AuthInfo;
import dev.mcpauth.mcp.servlet.McpAuthContextExtractor;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.ai.mcp.server.common.autoconfigure.McpServerAutoConfiguration;
import org.springframework.ai.mcp.server.common.autoconfigure.McpServerStatelessAutoConfiguration;
import org.springframework.ai.mcp.server.common.autoconfigure.McpServerStdioDisabledCondition;
import org.springframework.ai.mcp.server.common.autoconfigure.properties.McpServerStreamableHttpProperties;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcSseServerTransportProvider;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStatelessServerTransport;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStreamableServerTransportProvider;
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
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * With Spring AI's WebMVC MCP server on the classpath: its streamable and stateless transports,
 * built from Spring AI's own properties exactly as Spring AI builds them, plus a context extractor
 * that hands the caller's {@link AuthInfo} and the request's {@link dev.mcpauth.StepUp} (stored by
 * {@link McpAuthServletFilter}) to tools; read them with {@code
 * McpAuthContext.authInfo(transportContext)}, ask for a step-up mid-call with {@code
 * McpAuthContext.requireScopes(transportContext, ...)}. An application that declares its own
 * transport bean keeps it.
 */
@AutoConfiguration(
    beforeName = {
      "org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerStreamableHttpWebMvcAutoConfiguration",
      "org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerStatelessWebMvcAutoConfiguration"
    })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({
  WebMvcStreamableServerTransportProvider.class,
  McpServerStreamableHttpProperties.class
})
@EnableConfigurationProperties(McpServerStreamableHttpProperties.class)
public class SpringAiWebMvcAutoConfiguration {

  /** Creates the auto-configuration. */
  public SpringAiWebMvcAutoConfiguration() {}

  /**
   * The routes of every Spring AI WebMVC transport in the context (streamable, stateless and SSE),
   * which {@link McpAuthServletFilter} asks whether a request is an MCP request.
   */
  @Bean
  @ConditionalOnMissingBean
  public WebMvcMcpRoutes mcpAuthWebMvcMcpRoutes(
      ObjectProvider<WebMvcStreamableServerTransportProvider> streamable,
      ObjectProvider<WebMvcStatelessServerTransport> stateless,
      ObjectProvider<WebMvcSseServerTransportProvider> sse) {
    WebMvcMcpRoutes routes = new WebMvcMcpRoutes();
    streamable.orderedStream().forEach(t -> routes.add(t, t.getRouterFunction()));
    stateless.orderedStream().forEach(t -> routes.add(t, t.getRouterFunction()));
    sse.orderedStream().forEach(t -> routes.add(t, t.getRouterFunction()));
    return routes;
  }

  /**
   * Attaches {@link WebMvcMcpRoutes#backstop()} to each transport's router function bean, so the
   * transport itself refuses what did not pass the gate.
   */
  @Bean
  public static BeanPostProcessor mcpAuthWebMvcTransportBackstop(ListableBeanFactory beans) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof RouterFunction<?> router && isTransportRouter(beans, router)) {
          return WebMvcMcpRoutes.guarded(router);
        }
        return bean;
      }
    };
  }

  /** Whether {@code router} is the router function of a transport singleton created already. */
  private static boolean isTransportRouter(ListableBeanFactory beans, RouterFunction<?> router) {
    for (Class<?> type :
        List.of(
            WebMvcStreamableServerTransportProvider.class,
            WebMvcStatelessServerTransport.class,
            WebMvcSseServerTransportProvider.class)) {
      for (String name : beans.getBeanNamesForType(type, false, false)) {
        if (beans instanceof SingletonBeanRegistry registry && registry.containsSingleton(name)) {
          Object transport = registry.getSingleton(name);
          RouterFunction<?> own =
              transport instanceof WebMvcStreamableServerTransportProvider s
                  ? s.getRouterFunction()
                  : transport instanceof WebMvcStatelessServerTransport t
                      ? t.getRouterFunction()
                      : transport instanceof WebMvcSseServerTransportProvider e
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
   * Copies the filter's {@link AuthInfo} request attribute into the MCP transport context, with the
   * MCP SDK adapter's own servlet extractor.
   */
  static McpTransportContextExtractor<ServerRequest> contextExtractor() {
    McpTransportContextExtractor<HttpServletRequest> servlet =
        McpAuthContextExtractor.contextExtractor();
    return request -> servlet.extract(request.servletRequest());
  }

  /** Spring AI's WebMVC streamable transport, with the identity bridge. */
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
    public WebMvcStreamableServerTransportProvider webMvcStreamableServerTransportProvider(
        @Qualifier("mcpServerJsonMapper") JsonMapper jsonMapper,
        McpServerStreamableHttpProperties properties) {
      return WebMvcStreamableServerTransportProvider.builder()
          .jsonMapper(new JacksonMcpJsonMapper(jsonMapper))
          .mcpEndpoint(properties.getMcpEndpoint())
          .keepAliveInterval(properties.getKeepAliveInterval())
          .disallowDelete(properties.isDisallowDelete())
          .contextExtractor(contextExtractor())
          .build();
    }
  }

  /** Spring AI's WebMVC stateless transport, with the identity bridge. */
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
    public WebMvcStatelessServerTransport webMvcStatelessServerTransport(
        @Qualifier("mcpServerJsonMapper") JsonMapper jsonMapper,
        McpServerStreamableHttpProperties properties) {
      return WebMvcStatelessServerTransport.builder()
          .jsonMapper(new JacksonMcpJsonMapper(jsonMapper))
          .messageEndpoint(properties.getMcpEndpoint())
          .contextExtractor(contextExtractor())
          .build();
    }
  }
}
