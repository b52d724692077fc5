package io.pulse.bench.jmh;

import io.pulse.codec.LengthFieldCodec;
import io.pulse.codec.LineCodec;
import io.pulse.codec.Packet;
import io.pulse.codec.PacketCodec;
import io.pulse.codec.Tlv;
import io.pulse.codec.TlvCodec;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** Decoding 64 frames of 64-byte bodies with each built-in codec. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CodecBench {
  private final LengthFieldCodec lengthField = new LengthFieldCodec(4096, 4);
  private final LineCodec line = new LineCodec(4096);
  private final TlvCodec tlv = new TlvCodec(4096);
  private final PacketCodec packet = new PacketCodec(4096);
  private ByteBuffer lengthFieldStream;
  private ByteBuffer lineStream;
  private ByteBuffer tlvStream;
  private ByteBuffer packetStream;

  @Setup
  public void setup() {
    byte[] body = new byte[64];
    lengthFieldStream = repeat(lengthField.encode(ByteBuffer.wrap(body)));
    lineStream = repeat(line.encode("x".repeat(64)));
    tlvStream = repeat(tlv.encode(new Tlv(1, body)));
    packetStream = repeat(packet.encode(new Packet(7, body)));
  }

  private static ByteBuffer repeat(ByteBuffer frame) {
    ByteBuffer b = ByteBuffer.allocate(frame.remaining() * 64);
    for (int i = 0; i < 64; i++) b.put(frame.duplicate());
    return b.flip();
  }

  @Benchmark
  public void lengthField(Blackhole bh) throws Exception {
    lengthField.decode(lengthFieldStream.duplicate(), bh::consume);
  }

  @Benchmark
  public void line(Blackhole bh) throws Exception {
    line.decode(lineStream.duplicate(), bh::consume);
  }

  @Benchmark
  public void tlv(Blackhole bh) throws Exception {
    tlv.decode(tlvStream.duplicate(), bh::consume);
  }

  @Benchmark
  public void packet(Blackhole bh) throws Exception {
    packet.decode(packetStream.duplicate(), bh::consume);
  }
}
