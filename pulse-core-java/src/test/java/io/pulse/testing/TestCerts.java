package io.pulse.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed EC certificates for TLS tests, made once per JVM with the JDK's keytool (no hand-written crypto):
 * subject CN=localhost, SAN localhost and 127.0.0.1.
 */
public final class TestCerts {
  private static final char[] PASSWORD = "changeit".toCharArray();
  private static Path keyStore;
  private static Path otherKeyStore;

  private TestCerts() {}

  /** The PKCS12 key store holding the server's key and certificate. */
  public static synchronized Path keyStore() throws Exception {
    if (keyStore == null) keyStore = generate("pulse-test");
    return keyStore;
  }

  /** A server context for the test certificate. */
  public static SSLContext serverContext() throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(load(keyStore()), PASSWORD);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  /** A client context that trusts the test certificate (and nothing else). */
  public static SSLContext clientContext() throws Exception {
    return trusting(keyStore());
  }

  /** A client context that trusts only an unrelated self-signed certificate. */
  public static synchronized SSLContext untrustingClientContext() throws Exception {
    if (otherKeyStore == null) otherKeyStore = generate("pulse-other");
    return trusting(otherKeyStore);
  }

  /** The certificate in PEM, for tools such as {@code openssl s_client -CAfile}. */
  public static Path certificatePem() throws Exception {
    Path pem = keyStore().resolveSibling("pulse-test.pem");
    if (!Files.exists(pem)) {
      run(keytool(), "-exportcert", "-rfc", "-alias", "pulse", "-keystore", keyStore().toString(),
          "-storepass", new String(PASSWORD), "-file", pem.toString());
    }
    return pem;
  }

  private static SSLContext trusting(Path store) throws Exception {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(load(store));
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static KeyStore load(Path p) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p)) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }

  private static Path generate(String name) throws Exception {
    Path dir = Files.createTempDirectory(name);
    dir.toFile().deleteOnExit();
    Path p = dir.resolve(name + ".p12");
    run(keytool(), "-genkeypair", "-alias", "pulse", "-keyalg", "EC", "-groupname", "secp256r1",
        "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
        "-validity", "3650", "-keystore", p.toString(), "-storetype", "PKCS12",
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
    p.toFile().deleteOnExit();
    return p;
  }

  private static String keytool() {
    return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + new String(out));
    }
  }
}
