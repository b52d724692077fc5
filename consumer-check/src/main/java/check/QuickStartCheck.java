package check;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs each program extracted from the README (its quick starts) as a user would: starts it in its own JVM on a
 * free port, waits for "listening on", echoes a line through a socket, then stops it (SIGTERM: its shutdown hook
 * closes the server and main returns). Exits non-zero on the first failure. Argument: the mains.txt list.
 */
public final class QuickStartCheck {
  private QuickStartCheck() {}

  public static void main(String[] args) throws Exception {
    List<String> mains = Files.readAllLines(Path.of(args[0])).stream().filter(l -> !l.isBlank()).toList();
    if (mains.isEmpty()) throw new IllegalStateException("no program found in the README");
    for (String main : mains) run(main);
    System.out.println("README quick starts echoed and stopped: " + mains);
    System.out.println("readme: " + mains.size() + " passed, 0 failed");
  }

  private static void run(String mainClass) throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), mainClass, Integer.toString(port)).redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
        try {
          for (String l; (l = out.readLine()) != null; ) {
            System.out.println("  [" + mainClass + "] " + l);
            if (l.contains("listening on")) return l;
          }
          return null;
        } catch (Exception e) {
          return null;
        }
      });
      String line = ready.get(60, TimeUnit.SECONDS);
      if (line == null) throw new IllegalStateException(mainClass + " ended without printing 'listening on'");
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(10_000);
        OutputStream o = s.getOutputStream();
        o.write("hello from the README\n".getBytes(StandardCharsets.UTF_8));
        o.flush();
        String echoed = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (!"hello from the README".equals(echoed)) {
          throw new IllegalStateException(mainClass + " echoed " + echoed);
        }
      }
      p.destroy(); // SIGTERM: the shutdown hook closes the server, awaitTermination / awaitClose return
      if (!p.waitFor(20, TimeUnit.SECONDS)) throw new IllegalStateException(mainClass + " did not stop on SIGTERM");
      System.out.println("  " + mainClass + ": started, echoed a line, stopped");
    } finally {
      p.destroyForcibly();
    }
  }
}
