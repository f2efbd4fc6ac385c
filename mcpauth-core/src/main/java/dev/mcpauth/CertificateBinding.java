package dev.mcpauth;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * RFC 8705 §3: whether the client certificate of a request matches a token's {@code cnf} {@code
 * x5t#S256} (the base64url SHA-256 thumbprint of the DER certificate). The certificate comes from
 * the TLS handshake, as the adapter supplies it, or, only when configured, from a header a trusted
 * proxy sets; a malformed forwarded header counts as no certificate. Thread-safe.
 */
final class CertificateBinding {
  /** Larger forwarded values are not parsed (a certificate chain is a few KiB). */
  private static final int MAX_FORWARDED_LENGTH = 16 * 1024;

  private final Optional<String> forwardedHeader;

  CertificateBinding(Optional<String> forwardedHeader) {
    this.forwardedHeader = forwardedHeader;
  }

  /** The thumbprint of the client's certificate, if the request has exactly one. */
  Optional<String> thumbprint(RequestHeaders headers) {
    Optional<X509Certificate> certificate = headers.clientCertificate();
    if (certificate.isEmpty() && forwardedHeader.isPresent()) {
      List<String> values = headers.values(forwardedHeader.get());
      if (values.size() == 1) {
        certificate = parse(values.get(0));
      }
    }
    return certificate.flatMap(CertificateBinding::thumbprint);
  }

  /** Whether {@code thumbprint} equals {@code x5t} (constant time). */
  static boolean matches(String thumbprint, String x5t) {
    return MessageDigest.isEqual(
        thumbprint.getBytes(StandardCharsets.US_ASCII), x5t.getBytes(StandardCharsets.US_ASCII));
  }

  static Optional<String> thumbprint(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
    } catch (CertificateEncodingException e) {
      return Optional.empty();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** A URL-encoded PEM certificate, or a base64 DER one. */
  private static Optional<X509Certificate> parse(String value) {
    if (value.isEmpty() || value.length() > MAX_FORWARDED_LENGTH) {
      return Optional.empty();
    }
    try {
      String text = value.contains("%") ? URLDecoder.decode(value, StandardCharsets.UTF_8) : value;
      byte[] der;
      if (text.contains("-----BEGIN CERTIFICATE-----")) {
        int start = text.indexOf("-----BEGIN CERTIFICATE-----") + 27;
        int end = text.indexOf("-----END CERTIFICATE-----", start);
        if (end < 0) {
          return Optional.empty();
        }
        der = Base64.getMimeDecoder().decode(text.substring(start, end));
      } else {
        der = Base64.getDecoder().decode(text.trim());
      }
      return Optional.of(
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der)));
    } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
      return Optional.empty();
    }
  }
}
