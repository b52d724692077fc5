package io.pulse.samples.redis;

/**
 * CONFIG GET for the few parameters clients ask about at start (redis-benchmark reads {@code save} and
 * {@code appendonly}); a read-only view: CONFIG SET and the rest are refused.
 */
final class ConfigCommand {
  private static final String[][] PARAMS = {
      {"save", ""}, {"appendonly", "no"}, {"databases", "1"}, {"maxmemory", "0"}, {"timeout", "0"},
  };

  private ConfigCommand() {}

  static void run(byte[][] a, RespReply r) {
    if (a.length < 2) throw Commands.wrongArgs("config");
    String sub = Commands.name(a[1]);
    if (!sub.equals("get")) throw new CommandError("ERR CONFIG " + sub.toUpperCase(java.util.Locale.ROOT)
        + " is not supported by this mini Redis (only CONFIG GET)");
    if (a.length < 3) throw Commands.wrongArgs("config|get");
    int n = 0;
    boolean[] hit = new boolean[PARAMS.length];
    for (int i = 2; i < a.length; i++) {
      byte[] pattern = Commands.name(a[i]).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      for (int p = 0; p < PARAMS.length; p++) {
        if (!hit[p] && Glob.matches(pattern, PARAMS[p][0].getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
          hit[p] = true;
          n++;
        }
      }
    }
    r.arrayHeader(2 * n);
    for (int p = 0; p < PARAMS.length; p++) {
      if (hit[p]) {
        r.bulk(PARAMS[p][0]);
        r.bulk(PARAMS[p][1]);
      }
    }
  }
}
