package io.pulse.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Unsigned 1/2/4-byte and signed 8-byte integer fields at absolute offsets. */
final class Fields {
  private Fields() {}

  static long read(ByteBuffer b, int index, int size, ByteOrder order) {
    ByteOrder saved = b.order();
    b.order(order);
    try {
      switch (size) {
        case 1: return b.get(index) & 0xffL;
        case 2: return b.getShort(index) & 0xffffL;
        case 4: return b.getInt(index) & 0xffff_ffffL;
        default: return b.getLong(index);
      }
    } finally {
      b.order(saved);
    }
  }

  static void write(ByteBuffer b, int size, long value) {
    switch (size) {
      case 1: b.put((byte) value); break;
      case 2: b.putShort((short) value); break;
      case 4: b.putInt((int) value); break;
      default: b.putLong(value);
    }
  }
}
