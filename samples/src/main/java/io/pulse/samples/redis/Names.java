package io.pulse.samples.redis;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Command and option names, matched case-insensitively against a fixed table without allocating: a known name
 * comes back as its interned lower-case constant (so a {@code switch} on it hashes nothing new).
 */
final class Names {
  private static final String[] COMMANDS = {
      "get", "set", "ping", "echo", "incr", "decr", "incrby", "decrby", "del", "exists", "mget", "mset", "expire",
      "pexpire", "ttl", "pttl", "keys", "dbsize", "flushall", "flushdb", "select", "info", "command", "config", "quit",
  };
  private static final String[] OPTIONS = {"nx", "xx", "ex", "px", "count", "docs"};
  private static final String[] KNOWN = java.util.stream.Stream.concat(
      java.util.Arrays.stream(COMMANDS), java.util.Arrays.stream(OPTIONS)).toArray(String[]::new);
  private static final int MAX = 16;
  private static final String[][] BY_LENGTH = new String[MAX + 1][];

  static {
    for (int len = 0; len <= MAX; len++) {
      final int l = len;
      BY_LENGTH[len] = java.util.Arrays.stream(KNOWN).filter(n -> n.length() == l).toArray(String[]::new);
    }
  }

  private Names() {}

  /** Commands in the table (for COMMAND COUNT). */
  static int commandCount() {
    return COMMANDS.length;
  }

  /** {@code b} lower-cased (ASCII): a shared constant when it is a known name, else a new string. */
  static String of(byte[] b) {
    if (b.length <= MAX) {
      for (String n : BY_LENGTH[b.length]) {
        if (equalsIgnoreCase(n, b)) return n;
      }
    }
    return new String(b, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
  }

  private static boolean equalsIgnoreCase(String lower, byte[] b) {
    for (int i = 0; i < b.length; i++) {
      int c = b[i];
      if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
      if (c != lower.charAt(i)) return false;
    }
    return true;
  }
}
