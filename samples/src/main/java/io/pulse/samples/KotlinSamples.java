package io.pulse.samples;

import io.pulse.kotlin.PulseKServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command-line entries for the Kotlin samples (their code is in src/main/kotlin). */
final class KotlinSamples {
  private KotlinSamples() {}

  /** Options the Kotlin samples share. */
  abstract static class Base implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port = 9000;

    @Option(names = "--loops", description = "Event loops (default: one per core).")
    Integer loops;

    abstract PulseKServer start();

    abstract String name();

    @Override
    public Integer call() throws Exception {
      PulseKServer s = start();
      Runtime.getRuntime().addShutdownHook(new Thread(s::close));
      System.out.println(name() + " listening on " + s.getLocalAddresses());
      s.getServer().awaitTermination(); // serve until closed (the shutdown hook closes it)
      return 0;
    }
  }

  @Command(name = "kotlin-echo", mixinStandardHelpOptions = true,
      description = "Echo server in the Kotlin DSL: a coroutine per connection, suspending send.")
  static final class Echo extends Base {
    @Override PulseKServer start() { return KotlinEchoKt.kotlinEcho(host, port, loops); }

    @Override String name() { return "kotlin-echo"; }
  }

  @Command(name = "kotlin-chat", mixinStandardHelpOptions = true,
      description = "Line-based chat room in Kotlin: broadcasts each line to the others; /nick NAME renames.")
  static final class Chat extends Base {
    @Override PulseKServer start() { return new KotlinChat(host, port, loops).getServer(); }

    @Override String name() { return "kotlin-chat"; }
  }

  @Command(name = "kotlin-http", mixinStandardHelpOptions = true, defaultValueProvider = KotlinHttpPort.class,
      description = "HTTP and WebSocket in the Kotlin DSL: GET /plaintext, and a /chat WebSocket room (port 8082).")
  static final class Http extends Base {
    @Override PulseKServer start() { return KotlinHttpKt.kotlinHttp(host, port, loops); }

    @Override String name() { return "kotlin-http"; }
  }

  /** 8082 for the kotlin-http sample. */
  static final class KotlinHttpPort extends DefaultPort {
    KotlinHttpPort() { super(8082); }
  }
}
