package io.pulse.samples;

import io.pulse.Callback;
import io.pulse.PulseServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * An echo server over TLS. Without {@code --keystore} it makes a self-signed certificate for localhost with the
 * JDK's keytool and prints the {@code openssl s_client} command that trusts it.
 */
@Command(name = "tls-echo", mixinStandardHelpOptions = true,
    description = "Echo server over TLS (1.3 and 1.2); makes a self-signed certificate unless given a key store.")
final class TlsEchoSample implements Callable<Integer> {
  @Mixin ServerOptionsMixin server;

  @Option(names = "--keystore", description = "A PKCS12 key store with the server's key (default: a new self-signed one).")
  Path keyStore;

  @Option(names = "--password", defaultValue = "changeit", description = "The key store's password (default: ${DEFAULT-VALUE}).")
  String password;

  @Override
  public Integer call() throws Exception {
    Path pem = null;
    if (keyStore == null) {
      Path dir = Files.createTempDirectory("pulse-tls-echo");
      keyStore = dir.resolve("server.p12");
      pem = dir.resolve("server.pem");
      keytool("-genkeypair", "-alias", "pulse", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
          "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "365", "-keystore", keyStore.toString(),
          "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
      keytool("-exportcert", "-rfc", "-alias", "pulse", "-keystore", keyStore.toString(), "-storepass", password,
          "-file", pem.toString());
    }
    Callback<ByteBuffer> echo = Callback.of((conn, data) -> conn.write(data));
    PulseServer s = server.apply(PulseServer.builder()).tls(serverContext(keyStore, password.toCharArray()))
        .callback(echo).bind(server.host, server.port);
    Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    System.out.println("tls-echo listening on " + s.localAddress() + " (" + s.transport() + ")");
    if (pem != null) {
      System.out.println("try: openssl s_client -connect 127.0.0.1:" + s.port() + " -CAfile " + pem + " -quiet");
    }
    s.awaitTermination(); // serve until closed (the shutdown hook closes it)
    return 0;
  }

  private static SSLContext serverContext(Path store, char[] password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, password);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    String[] cmd = new String[args.length + 1];
    cmd[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("keytool failed: " + out);
  }
}
