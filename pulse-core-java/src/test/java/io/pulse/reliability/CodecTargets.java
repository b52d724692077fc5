package io.pulse.reliability;

import io.pulse.codec.Codec;
import io.pulse.codec.LengthFieldCodec;
import io.pulse.codec.LineCodec;
import io.pulse.codec.Packet;
import io.pulse.codec.PacketCodec;
import io.pulse.codec.Tlv;
import io.pulse.codec.TlvCodec;
import io.pulse.testing.fuzz.FuzzTarget;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;

/** Fuzz targets for every built-in codec, with the message generators and limits they are fuzzed with. */
final class CodecTargets {
  static final int MAX = 4096;

  private CodecTargets() {}

  /** A codec and its fuzz target, for running over a real server. */
  record Case(Codec<?> codec, FuzzTarget target) {
    @Override
    public String toString() {
      return target.name();
    }
  }

  /** The codecs a server test runs over sockets: each echoes a frame to exactly the same bytes. */
  static List<Case> serverCases() {
    return List.of(
        of(new LengthFieldCodec(MAX, 4), "LengthFieldCodec(4)", CodecTargets::body, MAX, MAX - 4),
        of(new LineCodec(MAX), "LineCodec", CodecTargets::line, MAX),
        of(new TlvCodec(MAX), "TlvCodec", r -> new Tlv(r.nextInt(256), bytes(r)), MAX),
        of(new PacketCodec(MAX), "PacketCodec", r -> new Packet(r.nextInt(), bytes(r)), MAX));
  }

  private static <T> Case of(Codec<T> codec, String name, java.util.function.Function<Random, T> messages,
      long... interesting) {
    return new Case(codec, FuzzTarget.ofCodec(name, codec, messages, interesting));
  }

  static List<FuzzTarget> serverable() {
    return serverCases().stream().map(Case::target).collect(java.util.stream.Collectors.toList());
  }

  /** Every codec, including length-field variants (offsets, adjustments, stripping, byte orders, widths). */
  static List<FuzzTarget> all() {
    List<FuzzTarget> list = new java.util.ArrayList<>(serverable());
    list.add(FuzzTarget.ofCodec("LengthFieldCodec(1)", new LengthFieldCodec(200, 1), r -> body(r, 200), 200));
    list.add(FuzzTarget.ofCodec("LengthFieldCodec(2)", new LengthFieldCodec(MAX, 2), CodecTargets::body, MAX));
    list.add(FuzzTarget.ofCodec("LengthFieldCodec(8)", new LengthFieldCodec(MAX, 8), CodecTargets::body, MAX));
    // Header: 2 magic bytes, a little-endian 4-byte length counting the whole frame (-6), keep the header.
    LengthFieldCodec framed = new LengthFieldCodec(MAX, 2, 4, -6, 0, ByteOrder.LITTLE_ENDIAN);
    list.add(FuzzTarget.ofDecoder("LengthFieldCodec(offset 2, LE, adj -6, strip 0)", (in, out) -> framed.decode(in, out),
        r -> {
          byte[] body = bytes(r);
          ByteBuffer b = ByteBuffer.allocate(6 + body.length).order(ByteOrder.LITTLE_ENDIAN);
          b.put((byte) 0xCA).put((byte) 0xFE).putInt(6 + body.length).put(body);
          return b.array();
        }, t -> t instanceof io.pulse.codec.CodecException, MAX, 6));
    return list;
  }

  static ByteBuffer body(Random r) {
    return ByteBuffer.wrap(bytes(r));
  }

  static ByteBuffer body(Random r, int max) {
    byte[] b = new byte[r.nextInt(max - 1)];
    r.nextBytes(b);
    return ByteBuffer.wrap(b);
  }

  /** Mostly short, sometimes right at the limit. */
  static byte[] bytes(Random r) {
    int n = r.nextInt(20) == 0 ? MAX - 16 + r.nextInt(9) : r.nextInt(64);
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  /** ASCII without line endings, mostly short, sometimes near the limit. */
  static String line(Random r) {
    int n = r.nextInt(20) == 0 ? MAX - 2 + r.nextInt(3) : r.nextInt(64);
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) s.append((char) (' ' + r.nextInt(95)));
    return s.toString();
  }
}
