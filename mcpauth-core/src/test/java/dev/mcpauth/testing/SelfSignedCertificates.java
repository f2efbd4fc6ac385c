package dev.mcpauth.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates made at test time with the JDK's {@code keytool} (no key material is
 * checked in): a PKCS#12 key store holding one EC key and its certificate, for a TLS server or a
 * TLS client on loopback.
 */
public final class SelfSignedCertificates {
  /** The password of every key store made here. */
  public static final char[] PASSWORD = "changeit".toCharArray();

  private SelfSignedCertificates() {}

  /** One key and its self-signed certificate, in a PKCS#12 file. */
  public record Identity(Path keyStore, KeyStore store, X509Certificate certificate) {
    /** The certificate's RFC 8705 thumbprint: base64url SHA-256 of its DER encoding. */
    public String thumbprint() {
      try {
        return Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The certificate as PEM text. */
    public String pem() {
      try {
        return "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A new identity for {@code commonName}, valid for a day, with localhost/127.0.0.1 as SANs. */
  public static Identity create(String commonName) {
    try {
      Path dir = Files.createTempDirectory("mcpauth-certs");
      Path file = dir.resolve(commonName + ".p12");
      Process keytool =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                  "-genkeypair",
                  "-alias",
                  "key",
                  "-keyalg",
                  "EC",
                  "-groupname",
                  "secp256r1",
                  "-sigalg",
                  "SHA256withECDSA",
                  "-dname",
                  "CN=" + commonName,
                  "-ext",
                  "SAN=dns:localhost,ip:127.0.0.1",
                  "-validity",
                  "1",
                  "-storetype",
                  "PKCS12",
                  "-keystore",
                  file.toString(),
                  "-storepass",
                  new String(PASSWORD))
              .redirectErrorStream(true)
              .start();
      keytool.getInputStream().readAllBytes();
      if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
        throw new IllegalStateException("keytool failed");
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(file)) {
        store.load(in, PASSWORD);
      }
      return new Identity(file, store, (X509Certificate) store.getCertificate("key"));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A PKCS#12 trust store file holding the certificates of {@code trusted}. */
  public static Path trustStore(Identity... trusted) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      for (int i = 0; i < trusted.length; i++) {
        trust.setCertificateEntry("trusted-" + i, trusted[i].certificate());
      }
      Path file = Files.createTempDirectory("mcpauth-trust").resolve("trust.p12");
      try (java.io.OutputStream out = Files.newOutputStream(file)) {
        trust.store(out, PASSWORD);
      }
      return file;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A TLS client context presenting no certificate and trusting exactly {@code trusted}. */
  public static SSLContext anonymous(Identity... trusted) {
    return context(null, trusted);
  }

  /** A TLS context presenting {@code own} (null: none) and trusting exactly {@code trusted}. */
  public static SSLContext context(Identity own, Identity... trusted) {
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      KeyStore none = KeyStore.getInstance("PKCS12");
      none.load(null, null);
      keys.init(own == null ? none : own.store(), PASSWORD);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      for (int i = 0; i < trusted.length; i++) {
        trust.setCertificateEntry("trusted-" + i, trusted[i].certificate());
      }
      TrustManagerFactory trusts =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trusts.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trusts.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
