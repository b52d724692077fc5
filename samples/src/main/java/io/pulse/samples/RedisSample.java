package io.pulse.samples;

import io.pulse.PulseServer;
import io.pulse.TaskType;
import io.pulse.samples.redis.MiniRedis;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A mini Redis (strings, expiry, pipelining) on port 6380. Try it with {@code redis-cli -p 6380 ping}. */
@Command(name = "redis", mixinStandardHelpOptions = true, defaultValueProvider = RedisSample.Defaults.class,
    description = "Mini Redis: GET/SET/INCR/EXPIRE/KEYS... over RESP2; try redis-cli -p 6380 or redis-benchmark.")
final class RedisSample implements Callable<Integer> {
  @Mixin ServerOptionsMixin server;

  @Option(names = "--max-args", defaultValue = "10000",
      description = "Arguments per request before an error reply (default: ${DEFAULT-VALUE}).")
  int maxArgs;

  @Option(names = "--max-value", defaultValue = "1048576",
      description = "Bytes per argument before an error reply (default: ${DEFAULT-VALUE}).")
  int maxValue;

  @Option(names = "--hard-max-args", defaultValue = "65536",
      description = "Arguments per request that close the connection (default: ${DEFAULT-VALUE}).")
  int hardMaxArgs;

  @Option(names = "--hard-max-bytes", defaultValue = "8388608",
      description = "Bytes per request that close the connection (default: ${DEFAULT-VALUE}).")
  long hardMaxBytes;

  @Override
  public Integer call() throws Exception {
    boolean onLoop = server.taskType() == TaskType.EVENT_LOOP;
    MiniRedis redis = new MiniRedis(maxArgs, maxValue, hardMaxArgs, hardMaxBytes, onLoop);
    PulseServer s = server.apply(PulseServer.builder(redis.codec())).callback(redis)
        .readBufferSize(16 * 1024) // as Redis reads: a pipelined batch of small requests in one read
        .bind(server.host, server.port);
    redis.serve(s);
    Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    System.out.println("redis listening on " + s.localAddress() + " (" + s.transport() + ")");
    s.awaitTermination(); // serve until closed (the shutdown hook closes it)
    return 0;
  }

  /** Port 6380 unless --port says otherwise (6379 is left to a real Redis). */
  static final class Defaults implements picocli.CommandLine.IDefaultValueProvider {
    @Override
    public String defaultValue(picocli.CommandLine.Model.ArgSpec arg) {
      return arg.isOption() && ((picocli.CommandLine.Model.OptionSpec) arg).longestName().equals("--port") ? "6380" : null;
    }
  }
}
