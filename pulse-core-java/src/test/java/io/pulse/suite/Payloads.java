package io.pulse.suite;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Test payloads: seeded random bytes, and SHA-256 digests that print readably in a failed assertion. */
final class Payloads {
  private Payloads() {}

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static String sha256(byte[] b) {
    return hex(sha256().digest(b));
  }

  static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}
