package dev.mcpauth.spring.webmvc;

import dev.mcpauth.RequestHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

/** Translation between the servlet API and the core's plain values; no decisions. */
final class ServletExchange {
  private ServletExchange() {}

  static RequestHeaders headers(HttpServletRequest request) {
    return RequestHeaders.of(
            name -> {
              Enumeration<String> values = request.getHeaders(name);
              return values == null ? List.of() : Collections.list(values);
            })
        .withRequestLine(request.getMethod(), path(request))
        .withQuery(request.getQueryString())
        .withClientCertificate(clientCertificate(request));
  }

  /**
   * The client certificate of a mutual-TLS connection, as the servlet container reports it (Servlet
   * §3.10 attribute {@code jakarta.servlet.request.X509Certificate}: the chain, the client's own
   * first); null when there is none.
   */
  static X509Certificate clientCertificate(HttpServletRequest request) {
    Object chain = request.getAttribute("jakarta.servlet.request.X509Certificate");
    return chain instanceof X509Certificate[] certificates && certificates.length > 0
        ? certificates[0]
        : null;
  }

  /** The request path without the context path, as the core's paths are written. */
  static String path(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return context != null && !context.isEmpty() && uri.startsWith(context)
        ? uri.substring(context.length())
        : uri;
  }

  static void write(
      HttpServletResponse response, int status, Map<String, String> headers, String body)
      throws IOException {
    response.setStatus(status);
    headers.forEach(response::setHeader);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0) {
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    }
    response.flushBuffer();
  }
}
