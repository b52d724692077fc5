package io.pulse.bench;

import io.pulse.bench.e2e.E2eCommand;
import java.util.Arrays;

/**
 * {@code java -jar pulse-benchmarks.jar e2e [options]} runs the same-run Pulse vs Netty echo grid;
 * {@code java -jar pulse-benchmarks.jar redis [--quick]} compares the samples' mini Redis with redis-server;
 * {@code java -jar pulse-benchmarks.jar jmh [JMH options]} runs the micro-benchmarks.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    String cmd = args.length == 0 ? "help" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    switch (cmd) {
      case "e2e":
        System.exit(E2eCommand.main(rest));
        break;
      case "redis":
        System.exit(io.pulse.bench.redis.RedisCommand.main(rest));
        break;
      case "jmh":
        org.openjdk.jmh.Main.main(rest);
        break;
      case "syscalls":
        io.pulse.bench.e2e.Syscalls.main(rest);
        break;
      default:
        System.out.println("usage: java -jar pulse-benchmarks.jar e2e [--quick] [--warmup MS] [--duration MS]"
            + " [--servers a,b] [--scenarios TEXT] [--server-cpus 0] [--driver-cpus 1] [--out DIR]\n"
            + "       java -jar pulse-benchmarks.jar redis [--quick] [--requests N] [--rounds N] [--samples-jar PATH]"
            + " [--server-cpus 0] [--driver-cpus 1] [--out DIR]\n"
            + "       java -jar pulse-benchmarks.jar jmh [JMH options, e.g. -f 1 -wi 3 -i 5 NativeCall]\n"
            + "       java -jar pulse-benchmarks.jar syscalls [--servers a,b] [--scenarios TEXT] [--warmup MS]"
            + " [--duration MS]");
    }
  }
}
