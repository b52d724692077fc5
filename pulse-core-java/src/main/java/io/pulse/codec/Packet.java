package io.pulse.codec;

import java.util.Arrays;

/**
 * A netman-style packet: a message id that routes it (32 bits, unsigned on the wire: see
 * {@code Integer.toUnsignedLong}), and its body.
 */
public record Packet(int id, byte[] body) {

  @Override
  public boolean equals(Object o) {
    return o instanceof Packet && ((Packet) o).id == id && Arrays.equals(((Packet) o).body, body);
  }

  @Override
  public int hashCode() {
    return 31 * id + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "Packet[id=" + id + ", " + body.length + " bytes]";
  }
}
