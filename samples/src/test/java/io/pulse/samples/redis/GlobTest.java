package io.pulse.samples.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** KEYS patterns match as in Redis. */
class GlobTest {
  @ParameterizedTest
  @CsvSource({
      "*, anything, true", "*, '', true", "h?llo, hello, true", "h?llo, hllo, false", "h*llo, heeeello, true",
      "h[ae]llo, hallo, true", "h[ae]llo, hillo, false", "h[^e]llo, hallo, true", "h[^e]llo, hello, false",
      "h[a-b]llo, hbllo, true", "h[a-b]llo, hcllo, false", "user:*:name, user:42:name, true",
      "user:*:name, user:42:age, false", "a\\*b, a*b, true", "a\\*b, axb, false", "*a*b*, xxaxxbxx, true",
      "*a*b, xxbxxa, false", "key, key, true", "key, keys, false"})
  void matchesLikeRedis(String pattern, String key, boolean expected) {
    assertEquals(expected, Glob.matches(pattern.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8)),
        pattern + " vs " + key);
  }
}
