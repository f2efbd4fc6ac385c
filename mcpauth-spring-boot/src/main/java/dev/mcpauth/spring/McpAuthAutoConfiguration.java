package dev.mcpauth.spring;

import dev.mcpauth.AuthServerConfig;
import dev.mcpauth.BearerAuth;
import dev.mcpauth.DpopSettings;
import dev.mcpauth.Introspection;
import dev.mcpauth.McpAuth;
import dev.mcpauth.McpAuthListener;
import dev.mcpauth.McpGate;
import dev.mcpauth.ResourceServerConfig;
import dev.mcpauth.SharedStore;
import dev.mcpauth.TokenExchange;
import dev.mcpauth.TokenPolicy;
import dev.mcpauth.mcp.SdkProtocolVersions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the {@link McpAuth} and the {@link McpAuthRoutes} from the {@code mcpauth.*} properties
 * and the {@link McpAuthCustomizer} beans; every {@link McpAuthListener} bean observes the {@code
 * McpAuth}. Active when {@code mcpauth.resource} is set or the application declares its own {@link
 * McpAuth}; {@code mcpauth.enabled=false} turns everything off.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "mcpauth.enabled", matchIfMissing = true)
@EnableConfigurationProperties(McpAuthProperties.class)
public class McpAuthAutoConfiguration {

  /** Creates the auto-configuration. */
  public McpAuthAutoConfiguration() {}

  /**
   * Collects {@link RequiredScopes}, {@link RequiredAuthentication} and {@link RequiredClaim} from
   * the beans (static: it is a bean post-processor).
   */
  @Bean
  @ConditionalOnMissingBean
  public static ToolScopeRegistry mcpAuthToolScopeRegistry() {
    return new ToolScopeRegistry();
  }

  /**
   * Fails the start when {@code mcpauth.store.url} is set without {@code mcpauth-redis} on the
   * classpath: ignoring it would leave each instance with its own state while the operator believes
   * it shared.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "mcpauth.store.url")
  @ConditionalOnMissingClass("dev.mcpauth.redis.RedisStores")
  static class StoreWithoutRedisModule {
    StoreWithoutRedisModule() {
      throw new IllegalStateException(
          "mcpauth.store.url is set, but dev.mcpauth:mcpauth-redis is not on the classpath: add"
              + " it, or remove the property (the state then stays in this instance's memory)");
    }
  }

  /** Builds the {@link McpAuth} from properties (skipped when the application declares one). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "mcpauth.resource")
  static class FromProperties {
    @Bean
    @ConditionalOnMissingBean
    McpAuth mcpAuth(
        McpAuthProperties properties,
        ObjectProvider<McpAuthCustomizer> customizers,
        ObjectProvider<McpAuthListener> listeners) {
      List<McpAuthCustomizer> all = customizers.orderedStream().toList();
      ResourceServerConfig.Builder resource =
          ResourceServerConfig.builder(properties.getResource());
      for (McpAuthProperties.AuthorizationServer server : properties.getAuthorizationServers()) {
        resource.authorizationServer(
            switch (server.getType()) {
              case AUTO -> AuthServerConfig.discover(server.getIssuer());
              case OAUTH ->
                  AuthServerConfig.discover(server.getIssuer(), AuthServerConfig.Type.OAUTH);
              case OIDC ->
                  AuthServerConfig.discover(server.getIssuer(), AuthServerConfig.Type.OIDC);
            });
      }
      if (!properties.getScopesSupported().isEmpty()) {
        resource.scopesSupported(properties.getScopesSupported().toArray(String[]::new));
      }
      McpAuthProperties.IntrospectionSettings introspection = properties.getIntrospection();
      if (introspection.getIssuer() != null) {
        Introspection.Builder i =
            Introspection.builder(introspection.getIssuer()).cacheTtl(introspection.getCacheTtl());
        if (introspection.getClientId() != null) {
          i.clientCredentials(introspection.getClientId(), introspection.getClientSecret());
        }
        if (introspection.getEndpoint() != null) {
          i.endpoint(introspection.getEndpoint());
        }
        if (introspection.isEveryToken()) {
          resource.introspection(i.build());
        } else {
          resource.introspectOpaqueTokens(i.build());
        }
      }
      resource.tlsClientCertificateBoundAccessTokens(
          properties.isTlsClientCertificateBoundAccessTokens());
      if (properties.getForwardedClientCertificateHeader() != null) {
        resource.forwardedClientCertificateHeader(properties.getForwardedClientCertificateHeader());
      }
      TokenPolicy.Builder policy = tokenPolicy(properties);
      all.forEach(c -> c.customizeTokenPolicy(policy));
      resource.tokenPolicy(policy.build());
      all.forEach(c -> c.customizeResource(resource));
      McpAuth.Builder builder = McpAuth.builder().protectedResource(resource.build());
      List<McpAuthListener> observers = listeners.orderedStream().toList();
      if (!observers.isEmpty()) {
        builder.listener(observers.size() == 1 ? observers.get(0) : new ListenerGroup(observers));
      }
      all.forEach(c -> c.customizeMcpAuth(builder));
      return builder.build();
    }

    private static TokenPolicy.Builder tokenPolicy(McpAuthProperties properties) {
      TokenPolicy.Builder policy =
          TokenPolicy.builder()
              .scopeClaim(properties.getScopeClaim())
              .clockSkew(properties.getClockSkew())
              .showErrorDetails(properties.isShowErrorDetails());
      if (!properties.getAudience().isEmpty()) {
        policy.audience(properties.getAudience().toArray(String[]::new));
      }
      if (!properties.getAllowedClients().isEmpty()) {
        policy.allowedClients(properties.getAllowedClients().toArray(String[]::new));
      }
      if (!properties.getAllowedClientHosts().isEmpty()) {
        policy.allowedClientHosts(properties.getAllowedClientHosts().toArray(String[]::new));
      }
      if (properties.isRequireSingleAudience()) {
        policy.requireSingleAudience();
      }
      McpAuthProperties.Cache cache = properties.getCache();
      if (cache.isEnabled()) {
        policy.tokenCache(cache.getTtl(), cache.getMaxEntries());
      } else {
        policy.noTokenCache();
      }
      McpAuthProperties.Dpop dpop = properties.getDpop();
      if (dpop.isEnabled()) {
        DpopSettings.Builder settings = DpopSettings.builder();
        if (dpop.isNonces()) {
          settings.nonces();
        }
        if (dpop.isReplayCheck()) {
          settings.replayCheck();
        }
        if (dpop.isRequired()) {
          settings.requiredForEveryToken();
        }
        if (!dpop.getNonceSecrets().isEmpty()) {
          List<byte[]> secrets =
              dpop.getNonceSecrets().stream()
                  .map(secret -> secret.getBytes(StandardCharsets.UTF_8))
                  .toList();
          settings.nonceSecrets(
              secrets.get(0), secrets.subList(1, secrets.size()).toArray(byte[][]::new));
        }
        policy.dpop(settings.build());
      }
      return policy;
    }
  }

  /**
   * The {@link TokenExchange} of {@code mcpauth.token-exchange.*}, for tool handlers that call
   * downstream APIs as the caller (RFC 8693); exchanged tokens are kept in the application's {@link
   * SharedStore} bean when there is one (for example {@code mcpauth-redis}'s), else in memory.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "mcpauth.token-exchange.client-id")
  static class TokenExchangeFromProperties {
    @Bean
    @ConditionalOnMissingBean
    TokenExchange mcpAuthTokenExchange(
        McpAuthProperties properties, ObjectProvider<SharedStore> stores) {
      McpAuthProperties.TokenExchangeSettings settings = properties.getTokenExchange();
      String issuer = settings.getIssuer();
      AuthServerConfig server = null;
      for (McpAuthProperties.AuthorizationServer candidate : properties.getAuthorizationServers()) {
        if (issuer == null || issuer.equals(candidate.getIssuer())) {
          server = discovery(candidate);
          break;
        }
      }
      if (server == null) {
        if (issuer == null) {
          throw new IllegalStateException(
              "mcpauth.token-exchange.client-id is set but there is no authorization server:"
                  + " set mcpauth.authorization-servers[0].issuer or"
                  + " mcpauth.token-exchange.issuer");
        }
        server = AuthServerConfig.discover(issuer);
      }
      TokenExchange.Builder exchange = TokenExchange.builder(server);
      String secret = settings.getClientSecret() == null ? "" : settings.getClientSecret();
      if (settings.getClientAuthentication()
          == McpAuthProperties.ClientAuthentication.CLIENT_SECRET_POST) {
        exchange.clientSecretPost(settings.getClientId(), secret);
      } else {
        exchange.clientSecretBasic(settings.getClientId(), secret);
      }
      if (settings.getTokenEndpoint() != null) {
        exchange.tokenEndpoint(settings.getTokenEndpoint());
      }
      exchange.expirySkew(settings.getExpirySkew()).cacheCapacity(settings.getCacheCapacity());
      stores.ifUnique(exchange::sharedStore);
      return exchange.build();
    }

    private static AuthServerConfig discovery(McpAuthProperties.AuthorizationServer server) {
      return switch (server.getType()) {
        case AUTO -> AuthServerConfig.discover(server.getIssuer());
        case OAUTH -> AuthServerConfig.discover(server.getIssuer(), AuthServerConfig.Type.OAUTH);
        case OIDC -> AuthServerConfig.discover(server.getIssuer(), AuthServerConfig.Type.OIDC);
      };
    }
  }

  /** The MCP endpoint's gate and the other protected routes. */
  @Bean
  @ConditionalOnBean(McpAuth.class)
  @ConditionalOnMissingBean
  public McpAuthRoutes mcpAuthRoutes(
      McpAuth mcpAuth,
      McpAuthProperties properties,
      ObjectProvider<McpAuthCustomizer> customizers,
      ToolScopeRegistry toolScopes) {
    List<McpAuthCustomizer> all = customizers.orderedStream().toList();
    List<String> required = new ArrayList<>(properties.getRequiredScopes());
    all.forEach(c -> c.customizeRequiredScopes(required));
    BearerAuth mcpRoute = route(mcpAuth, properties, required);
    ProtectedPaths paths = new ProtectedPaths();
    properties
        .getProtectedPaths()
        .forEach(p -> paths.protect(p.getPattern(), p.getScopes().toArray(String[]::new)));
    all.forEach(c -> c.customizeProtectedPaths(paths));
    Map<String, BearerAuth> routes = new LinkedHashMap<>();
    paths
        .routes()
        .forEach((pattern, scopes) -> routes.put(pattern, route(mcpAuth, properties, scopes)));
    return new McpAuthRoutes(
        mcpAuth,
        () -> {
          McpGate.Builder scopes =
              mcpAuth
                  .mcpGate(mcpRoute)
                  .maxBodyBytes(properties.getMaxBodyBytes())
                  .allowedOrigins(properties.getAllowedOrigins().toArray(String[]::new));
          // declared next to the tool first; properties add to it (operators may tighten)
          toolScopes.toolAccess().forEach(scopes::tool);
          properties
              .getToolScopes()
              .forEach((tool, s) -> scopes.tool(tool, s.toArray(String[]::new)));
          // a URI or a template such as notes://{id}: McpGate.Builder#resource matches a URI with
          // variables as the MCP SDK does, and resolves {id} in its scopes
          toolScopes.resourceAccess().forEach(scopes::resource);
          properties
              .getResourceScopes()
              .forEach((uri, s) -> scopes.resource(uri, s.toArray(String[]::new)));
          toolScopes.promptAccess().forEach(scopes::prompt);
          properties
              .getPromptScopes()
              .forEach((prompt, s) -> scopes.prompt(prompt, s.toArray(String[]::new)));
          properties
              .getMethodScopes()
              .forEach((method, s) -> scopes.method(method, s.toArray(String[]::new)));
          McpGate.Builder gate = scopes;
          if (!properties.isSessionBinding()) {
            gate.disableSessionBinding();
          }
          all.forEach(c -> c.customizeGate(gate));
          // fail closed: only the protocol versions the MCP Java SDK behind the endpoint speaks
          return SdkProtocolVersions.restrict(gate.build());
        },
        routes);
  }

  /** A route of the configured resource (or of the only one, for an application's own McpAuth). */
  private static BearerAuth route(
      McpAuth mcpAuth, McpAuthProperties properties, List<String> scopes) {
    String[] needed = scopes.toArray(String[]::new);
    return properties.getResource() != null
        ? mcpAuth.bearerAuthFor(properties.getResource(), needed)
        : mcpAuth.bearerAuth(needed);
  }
}
