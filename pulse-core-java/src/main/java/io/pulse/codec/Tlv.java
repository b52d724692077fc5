package io.pulse.codec;

import java.util.Arrays;

/** A type-length-value message: a 16-bit unsigned type (0–65535) and its value. */
public record Tlv(int type, byte[] value) {

  /** Checks the type fits in 16 unsigned bits and the value is there. */
  public Tlv {
    if (type < 0 || type > 0xffff) throw new IllegalArgumentException("type out of 0..65535: " + type);
    java.util.Objects.requireNonNull(value, "value");
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
