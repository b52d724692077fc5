package io.pulse.samples.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The command table: runs one request against the {@link Store} and writes its RESP reply. Error replies use
 * Redis's wording, which clients match on. Thread-safe (the store is); one instance serves every loop.
 */
final class Commands {
  private final Store store;
  private final Limits limits;
  private final IntSupplier clients;
  private final IntSupplier port;
  private final long startMs = System.currentTimeMillis();
  private final LongAdder processed = new LongAdder();
  final LongAdder expiredKeys = new LongAdder();

  /** Per-command limits past which a request is refused with an error reply (the connection stays open). */
  record Limits(int maxArgs, int maxArgBytes) {}

  Commands(Store store, Limits limits, IntSupplier clients, IntSupplier port) {
    this.store = store;
    this.limits = limits;
    this.clients = clients;
    this.port = port;
  }

  /** Runs {@code a} (name and arguments), writing its reply to {@code r}; true if the client asked to QUIT. */
  boolean execute(byte[][] a, RespReply r) {
    processed.increment();
    try {
      if (a.length > limits.maxArgs()) {
        throw new CommandError("ERR too many arguments: " + a.length + " exceeds the limit of " + limits.maxArgs());
      }
      for (byte[] arg : a) {
        if (arg.length > limits.maxArgBytes()) {
          throw new CommandError("ERR string exceeds maximum allowed size (" + arg.length + " bytes > limit of "
              + limits.maxArgBytes() + ")");
        }
      }
      String cmd = name(a[0]);
      try {
        return run(cmd, a, r);
      } catch (ArithmeticException e) { // a deadline past the end of time
        throw new CommandError("ERR invalid expire time in '" + cmd + "' command");
      }
    } catch (CommandError e) {
      r.error(e.getMessage());
      return false;
    }
  }

  private boolean run(String cmd, byte[][] a, RespReply r) {
    switch (cmd) {
      case "get" -> {
        arity(cmd, a, 2);
        Store.Entry e = store.get(new Store.Key(a[1]));
        if (e == null) r.nil();
        else r.bulk(e.value);
      }
      case "set" -> set(a, r);
      case "ping" -> {
        if (a.length > 2) throw wrongArgs(cmd);
        if (a.length == 2) r.bulk(a[1]);
        else r.simple("PONG");
      }
      case "echo" -> {
        arity(cmd, a, 2);
        r.bulk(a[1]);
      }
      case "incr" -> add(cmd, a, 2, 1, r);
      case "decr" -> add(cmd, a, 2, -1, r);
      case "incrby" -> add(cmd, a, 3, 0, r);
      case "decrby" -> add(cmd, a, 3, 0, r);
      case "del" -> {
        atLeast(cmd, a, 2);
        int n = 0;
        for (int i = 1; i < a.length; i++) if (store.delete(new Store.Key(a[i]))) n++;
        r.integer(n);
      }
      case "exists" -> {
        atLeast(cmd, a, 2);
        int n = 0;
        for (int i = 1; i < a.length; i++) if (store.get(new Store.Key(a[i])) != null) n++;
        r.integer(n);
      }
      case "mget" -> {
        atLeast(cmd, a, 2);
        r.arrayHeader(a.length - 1);
        for (int i = 1; i < a.length; i++) {
          Store.Entry e = store.get(new Store.Key(a[i]));
          if (e == null) r.nil();
          else r.bulk(e.value);
        }
      }
      case "mset" -> {
        if (a.length < 3 || a.length % 2 == 0) throw wrongArgs(cmd);
        for (int i = 1; i < a.length; i += 2) store.put(new Store.Key(a[i]), new Store.Entry(a[i + 1], 0));
        r.ok();
      }
      case "expire", "pexpire" -> {
        arity(cmd, a, 3);
        long t = parseLong(a[2]);
        long ms = cmd.equals("expire") ? multiply(t, 1000, cmd) : t;
        long at = Math.addExact(System.currentTimeMillis(), Math.max(ms, -1L));
        r.integer(store.expireAt(new Store.Key(a[1]), at) ? 1 : 0);
      }
      case "ttl", "pttl" -> {
        arity(cmd, a, 2);
        Store.Entry e = store.get(new Store.Key(a[1]));
        if (e == null) r.integer(-2);
        else if (e.expiresAtMs == 0) r.integer(-1);
        else {
          long left = Math.max(0, e.expiresAtMs - System.currentTimeMillis());
          r.integer(cmd.equals("ttl") ? (left + 500) / 1000 : left);
        }
      }
      case "keys" -> {
        arity(cmd, a, 2);
        List<byte[]> keys = store.keys(a[1]);
        r.arrayHeader(keys.size());
        for (byte[] k : keys) r.bulk(k);
      }
      case "dbsize" -> {
        arity(cmd, a, 1);
        r.integer(store.size());
      }
      case "flushall", "flushdb" -> {
        if (a.length > 2) throw wrongArgs(cmd);
        store.clear();
        r.ok();
      }
      case "select" -> {
        arity(cmd, a, 2);
        if (parseLong(a[1]) != 0) throw new CommandError("ERR DB index is out of range");
        r.ok();
      }
      case "info" -> r.bulk(info());
      case "command" -> command(a, r);
      case "config" -> ConfigCommand.run(a, r);
      case "quit" -> {
        r.ok();
        return true;
      }
      default -> throw unknown(a);
    }
    return false;
  }

  private void set(byte[][] a, RespReply r) {
    atLeast("set", a, 3);
    boolean nx = false;
    boolean xx = false;
    long expiresAt = 0;
    for (int i = 3; i < a.length; i++) {
      String opt = name(a[i]);
      boolean hasNext = i + 1 < a.length;
      if (opt.equals("nx") && !xx) nx = true;
      else if (opt.equals("xx") && !nx) xx = true;
      else if (expiresAt == 0 && hasNext && (opt.equals("ex") || opt.equals("px"))) {
        long t = parseLong(a[++i]);
        if (t <= 0) throw new CommandError("ERR invalid expire time in 'set' command");
        expiresAt = Math.addExact(System.currentTimeMillis(), opt.equals("ex") ? multiply(t, 1000, "set") : t);
      } else {
        throw new CommandError("ERR syntax error");
      }
    }
    Store.Key k = new Store.Key(a[1]);
    Store.Entry e = new Store.Entry(a[2], expiresAt);
    if (!nx && !xx) {
      store.put(k, e);
      r.ok();
    } else if (store.putIf(k, e, xx)) {
      r.ok();
    } else {
      r.nil();
    }
  }

  private void add(String cmd, byte[][] a, int arity, long delta, RespReply r) {
    arity(cmd, a, arity);
    if (arity == 3) {
      delta = parseLong(a[2]);
      if (cmd.equals("decrby")) {
        if (delta == Long.MIN_VALUE) throw new CommandError("ERR decrement would overflow");
        delta = -delta;
      }
    }
    r.integer(store.add(new Store.Key(a[1]), delta));
  }

  private void command(byte[][] a, RespReply r) {
    String sub = a.length > 1 ? name(a[1]) : "";
    if (sub.equals("count")) r.integer(Names.commandCount());
    else r.arrayHeader(0); // COMMAND and COMMAND DOCS: no table; redis-cli falls back to its built-in help
  }

  private String info() {
    long uptime = (System.currentTimeMillis() - startMs) / 1000;
    return "# Server\r\nredis_version:7.0.0\r\nredis_mode:standalone\r\nserver:pulse-mini-redis\r\n"
        + "process_id:" + ProcessHandle.current().pid() + "\r\ntcp_port:" + port.getAsInt() + "\r\n"
        + "uptime_in_seconds:" + uptime + "\r\n\r\n"
        + "# Clients\r\nconnected_clients:" + clients.getAsInt() + "\r\n\r\n"
        + "# Stats\r\ntotal_commands_processed:" + processed.sum() + "\r\nexpired_keys:" + expiredKeys.sum() + "\r\n\r\n"
        + "# Keyspace\r\ndb0:keys=" + store.size() + ",expires=" + store.keysWithDeadline() + ",avg_ttl=0\r\n";
  }

  // ---- argument checks ----

  private static void arity(String cmd, byte[][] a, int n) {
    if (a.length != n) throw wrongArgs(cmd);
  }

  private static void atLeast(String cmd, byte[][] a, int n) {
    if (a.length < n) throw wrongArgs(cmd);
  }

  static CommandError wrongArgs(String cmd) {
    return new CommandError("ERR wrong number of arguments for '" + cmd + "' command");
  }

  private static CommandError unknown(byte[][] a) {
    StringBuilder sb = new StringBuilder("ERR unknown command '").append(text(a[0])).append("', with args beginning with: ");
    for (int i = 1; i < a.length && sb.length() < 128; i++) sb.append('\'').append(text(a[i])).append("' ");
    return new CommandError(sb.toString());
  }

  private static long multiply(long t, long by, String cmd) {
    try {
      return Math.multiplyExact(t, by);
    } catch (ArithmeticException e) {
      throw new CommandError("ERR invalid expire time in '" + cmd + "' command");
    }
  }

  /** The decimal integer in {@code b}, as Redis accepts it (no blanks, no '+', no leading zeros). */
  static long parseLong(byte[] b) {
    int n = b.length;
    if (n == 0 || n > 20) throw notInteger();
    boolean neg = b[0] == '-';
    int i = neg ? 1 : 0;
    if (i == n || (b[i] == '0' && n > i + 1)) throw notInteger();
    long v = 0;
    for (; i < n; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) throw notInteger();
      if (v < (Long.MIN_VALUE + d) / 10) throw notInteger(); // accumulate negatively: MIN_VALUE fits
      v = v * 10 - d;
    }
    if (neg) return v;
    if (v == Long.MIN_VALUE) throw notInteger();
    return -v;
  }

  private static CommandError notInteger() {
    return new CommandError("ERR value is not an integer or out of range");
  }

  /** The command or option name, lower-cased (ASCII). */
  static String name(byte[] b) {
    return Names.of(b);
  }

  private static String text(byte[] b) {
    String s = new String(b, 0, Math.min(b.length, 128), StandardCharsets.UTF_8);
    return s.replace('\r', ' ').replace('\n', ' ');
  }
}
