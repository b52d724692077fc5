package io.pulse.codec;

import java.util.Arrays;

/** A type-length-value message: a type byte (0–255) and its value. */
public record Tlv(int type, byte[] value) {

  /** Checks the type fits in a byte. */
  public Tlv {
    if (type < 0 || type > 255) throw new IllegalArgumentException("type out of 0..255: " + type);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tlv && ((Tlv) o).type == type && Arrays.equals(((Tlv) o).value, value);
  }

  @Override
  public int hashCode() {
    return 31 * type + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "Tlv[type=" + type + ", " + value.length + " bytes]";
  }
}
