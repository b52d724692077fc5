package io.pulse.samples;

import static io.pulse.samples.RedisCli.cli;
import static io.pulse.samples.RedisCli.cliWithInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.testing.Requires;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The redis sample, started from the jar, driven by the real redis-cli and redis-benchmark. */
class RedisSampleIT {
  private static SampleProcess redis;

  @BeforeAll
  static void start() throws Exception {
    Requires.tools("redis-cli", "redis-benchmark");
    redis = SampleProcess.start("redis", "--loops", "2");
  }

  @AfterAll
  static void stop() throws Exception {
    if (redis != null) redis.close();
  }

  @BeforeEach
  void flush() throws Exception {
    assertEquals("OK", cli(redis.port, "flushall"));
  }

  @Test
  void answersEveryStringCommand() throws Exception {
    int p = redis.port;
    assertEquals("PONG", cli(p, "ping"));
    assertEquals("hello", cli(p, "ping", "hello"));
    assertEquals("hi there", cli(p, "echo", "hi there"));
    assertEquals("OK", cli(p, "set", "greeting", "hello"));
    assertEquals("hello", cli(p, "get", "greeting"));
    assertEquals("", cli(p, "get", "missing"));
    assertEquals("1", cli(p, "incr", "n"));
    assertEquals("11", cli(p, "incrby", "n", "10"));
    assertEquals("10", cli(p, "decr", "n"));
    assertEquals("7", cli(p, "decrby", "n", "3"));
    assertEquals("10", cli(p, "incrby", "n", "3"));
    assertEquals("OK", cli(p, "mset", "user:1", "ann", "user:2", "bob", "other", "x"));
    assertEquals("ann\nbob\n\nx", cli(p, "mget", "user:1", "user:2", "nope", "other"));
    assertEquals("3", cli(p, "exists", "user:1", "user:2", "nope", "user:1"));
    assertEquals(List.of("user:1", "user:2"), sorted(cli(p, "keys", "user:*")));
    assertEquals(List.of("greeting", "n", "other", "user:1", "user:2"), sorted(cli(p, "keys", "*")));
    assertEquals("5", cli(p, "dbsize"));
    assertEquals("2", cli(p, "del", "user:1", "user:2", "nope"));
    assertEquals("3", cli(p, "dbsize"));
    assertTrue(cli(p, "info").contains("redis_version:"), "INFO has a server section");
    assertEquals("save", cli(p, "config", "get", "save"), "redis-benchmark asks for these two at start");
    assertEquals("appendonly\nno", cli(p, "config", "get", "appendonly"));
    assertEquals("25", cli(p, "command", "count"));
    assertEquals("", cli(p, "command", "docs"), "no docs: redis-cli falls back to its own help");
    assertEquals("OK", cli(p, "quit"));
    assertEquals("OK", cli(p, "flushall"));
    assertEquals("0", cli(p, "dbsize"));
  }

  @Test
  void setOptionsAndExpiryFollowRedis() throws Exception {
    int p = redis.port;
    assertEquals("OK", cli(p, "set", "k", "v", "nx"));
    assertEquals("", cli(p, "set", "k", "w", "nx"), "NX on an existing key does nothing");
    assertEquals("OK", cli(p, "set", "k", "w", "xx"));
    assertEquals("", cli(p, "set", "absent", "w", "xx"), "XX on a missing key does nothing");
    assertEquals("-1", cli(p, "ttl", "k"));
    assertEquals("-2", cli(p, "ttl", "absent"));
    assertEquals("OK", cli(p, "set", "k", "v", "ex", "100"));
    assertEquals("100", cli(p, "ttl", "k"));
    assertEquals("1", cli(p, "expire", "k", "50"));
    assertEquals("50", cli(p, "ttl", "k"));
    assertEquals("0", cli(p, "expire", "absent", "50"));
    assertEquals("OK", cli(p, "set", "gone", "v", "px", "1"));
    waitUntil(() -> cli(p, "get", "gone").isEmpty(), "a PX 1 key expires (lazily on GET)");
    assertEquals("-2", cli(p, "ttl", "gone"));
  }

  @Test
  void activeExpiryDeletesKeysNobodyReads() throws Exception {
    int p = redis.port;
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < 500; i++) in.append("SET tmp:").append(i).append(" v PX 50\n");
    cliWithInput(p, in.toString());
    // Only the loop timer's sweep can bring DBSIZE (which counts expired keys not yet collected) to zero.
    waitUntil(() -> cli(p, "dbsize").equals("0"), "active expiry collects 500 keys with a 50 ms TTL");
  }

  @Test
  void errorsUseRedisWordingAndKeepTheConnectionOpen() throws Exception {
    String out = cliWithInput(redis.port, "SET text abc\nINCR text\nGET\nNOSUCH a b\nSET k v ex 0\nSET k v nx xx\n"
        + "MSET a\nINCRBY n 9223372036854775807\nINCR n\nEXPIRE k x\nPING\n");
    assertEquals(String.join("\n", "OK",
        "ERR value is not an integer or out of range",
        "ERR wrong number of arguments for 'get' command",
        "ERR unknown command 'NOSUCH', with args beginning with: 'a' 'b' ",
        "ERR invalid expire time in 'set' command",
        "ERR syntax error",
        "ERR wrong number of arguments for 'mset' command",
        "9223372036854775807",
        "ERR increment or decrement would overflow",
        "ERR value is not an integer or out of range",
        "PONG"), out.lines().filter(l -> !l.isEmpty()).collect(java.util.stream.Collectors.joining("\n")));
  }

  @Test
  void pipeModeLoadsTenThousandCommands() throws Exception {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (int i = 0; i < 10_000; i++) {
      String k = "key:" + i;
      wire.writeBytes(("*3\r\n$3\r\nSET\r\n$" + k.length() + "\r\n" + k + "\r\n$1\r\nv\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    String out = RedisCli.run(wire.toByteArray(), RedisCli.prefixed("redis-cli", redis.port, "--pipe"));
    assertTrue(out.contains("errors: 0, replies: 10000"), out);
    assertEquals("10000", cli(redis.port, "dbsize"));
  }

  @ParameterizedTest(name = "pipeline {0}")
  @ValueSource(ints = {1, 16})
  void redisBenchmarkCompletesWithoutErrors(int pipeline) throws Exception {
    int requests = pipeline == 1 ? 20_000 : 100_000; // keeps each run well under 20 s on a shared 2-core machine
    String out = RedisCli.run(null, RedisCli.prefixed("redis-benchmark", redis.port,
        "-t", "ping,set,get,incr,mset", "-n", "" + requests, "-c", "50", "-P", "" + pipeline, "-q"));
    String[] tests = {"PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "MSET (10 keys)"};
    for (String t : tests) {
      Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(t) + ": ([0-9.]+) requests per second").matcher(
          out.replace('\r', '\n'));
      assertTrue(m.find(), t + " reported no rate:\n" + out);
      assertTrue(Double.parseDouble(m.group(1)) > 0, t + ": " + m.group(1));
    }
    assertTrue(!out.toLowerCase(java.util.Locale.ROOT).contains("error"), "errors in:\n" + out);
    assertTrue(!out.contains("WARNING"), "redis-benchmark could not read the CONFIG it asks for:\n" + out);
  }

  private static List<String> sorted(String lines) {
    return lines.lines().sorted().toList();
  }

  interface Check {
    boolean ok() throws Exception;
  }

  /** Polls {@code check} until it holds, for at most 10 s. */
  static void waitUntil(Check check, String what) throws Exception {
    long end = System.nanoTime() + 10_000_000_000L;
    while (!check.ok()) {
      assertTrue(System.nanoTime() < end, "timed out waiting: " + what);
      Thread.sleep(20);
    }
  }
}
