package io.pulse.bench.e2e;

import io.pulse.bench.servers.EchoServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A self-signed EC certificate for the TLS cells, made with the JDK's keytool once per run. */
record BenchCerts(Path keyStore) {

  static BenchCerts create() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("pulse-bench-tls");
    Path p = dir.resolve("bench.p12");
    String pw = new String(EchoServers.KEYSTORE_PASSWORD);
    Process k = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "bench", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "30", "-keystore", p.toString(),
        "-storetype", "PKCS12", "-storepass", pw, "-keypass", pw).redirectErrorStream(true).start();
    String out = new String(k.getInputStream().readAllBytes());
    if (!k.waitFor(30, TimeUnit.SECONDS) || k.exitValue() != 0) throw new IOException("keytool failed: " + out);
    p.toFile().deleteOnExit();
    dir.toFile().deleteOnExit();
    return new BenchCerts(p);
  }

  /** A client context trusting only this certificate. */
  SSLContext clientContext() throws Exception {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(EchoServers.loadKeyStore(keyStore));
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
