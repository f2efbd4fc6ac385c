package dev.mcpauth.undertow;

import dev.mcpauth.HttpResponse;
import dev.mcpauth.RequestHeaders;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RenegotiationRequiredException;
import io.undertow.server.SSLSessionInfo;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Translation between Undertow's exchange and the core's plain values; no decisions. */
final class UndertowHttp {
  private UndertowHttp() {}

  static RequestHeaders headers(HttpServerExchange exchange) {
    // HeaderValues is itself a List: handed over read-only, without a copy.
    RequestHeaders headers =
        RequestHeaders.of(
            exchange.getRequestMethod().toString(),
            exchange.getRequestPath(),
            name -> {
              HeaderValues values = exchange.getRequestHeaders().get(name);
              return values == null ? List.of() : values;
            });
    String query = exchange.getQueryString();
    headers = query == null || query.isEmpty() ? headers : headers.withQuery(query);
    return headers.withClientCertificate(clientCertificate(exchange));
  }

  /**
   * The client certificate of a mutual-TLS connection (the exchange's SSL session; the client's own
   * first); null on plain HTTP, without a client certificate, or when the session cannot tell.
   */
  static X509Certificate clientCertificate(HttpServerExchange exchange) {
    SSLSessionInfo ssl = exchange.getConnection().getSslSessionInfo();
    if (ssl == null) {
      return null;
    }
    try {
      Certificate[] chain = ssl.getPeerCertificates();
      return chain != null && chain.length > 0 && chain[0] instanceof X509Certificate own
          ? own
          : null;
    } catch (SSLPeerUnverifiedException | RenegotiationRequiredException e) {
      return null;
    }
  }

  static void write(HttpServerExchange exchange, HttpResponse response) {
    write(exchange, response.status(), response.headers(), response.body());
  }

  static void write(
      HttpServerExchange exchange, int status, Map<String, String> headers, String body) {
    exchange.setStatusCode(status);
    headers.forEach(
        (name, value) -> exchange.getResponseHeaders().put(HttpString.tryFromString(name), value));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0) {
      exchange
          .getResponseHeaders()
          .put(HttpString.tryFromString("Content-Length"), Integer.toString(bytes.length));
      exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    } else {
      exchange.endExchange();
    }
  }
}
