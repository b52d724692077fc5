package io.pulse.testing.fuzz;

import io.pulse.codec.Codec;
import io.pulse.codec.CodecException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A parser under fuzz: how to start a fresh stream, how to make one valid frame, and which exceptions are its own
 * named errors (expected on bad input; anything else is a bug). Build one with {@link #ofCodec} for a
 * {@link Codec}, or {@link #ofDecoder} for any function that decodes whole frames and leaves a partial one unread
 * (RESP, HTTP and WebSocket parsers fit the same shape).
 */
public interface FuzzTarget {

  /** One connection's parser state: fed the stream chunk by chunk, in order. */
  interface Stream {
    /** Consumes {@code chunk} entirely (buffering a partial frame), passing each decoded message to {@code out}. */
    void feed(ByteBuffer chunk, Consumer<Object> out) throws Exception;
  }

  /**
   * Decodes every whole frame between {@code in}'s position and limit, moving the position past each, and stops
   * at a partial frame (the {@link Codec#decode} contract).
   */
  @FunctionalInterface
  interface FrameDecoder {
    void decode(ByteBuffer in, Consumer<Object> out) throws Exception;
  }

  /** A short name for reports. */
  String name();

  /** A parser for a new stream. */
  Stream newStream();

  /** The bytes of one valid frame. */
  byte[] validFrame(Random random);

  /** True for the parser's own errors about bad input. */
  boolean isOwnError(Throwable t);

  /** Numbers worth planting in length fields besides the usual boundaries (the parser's limits, say). */
  default long[] interestingValues() {
    return new long[0];
  }

  /**
   * A target for {@code codec}: each stream decodes through its own {@link Codec#newDecoder()} (the stateful
   * parser a connection uses); its own errors are {@link CodecException}s.
   */
  static <T> FuzzTarget ofCodec(String name, Codec<T> codec, Function<Random, T> messages, long... interesting) {
    @SuppressWarnings("unchecked")
    Codec<Object> c = (Codec<Object>) codec;
    return ofDecoders(name, () -> c.newDecoder()::decode, r -> {
      ByteBuffer b = codec.encode(messages.apply(r));
      byte[] a = new byte[b.remaining()];
      b.get(a);
      return a;
    }, t -> t instanceof CodecException, interesting);
  }

  /** A target for any {@link FrameDecoder}; partial frames are kept between chunks as a connection would. */
  static FuzzTarget ofDecoder(String name, FrameDecoder decoder, Function<Random, byte[]> frames,
      Predicate<Throwable> ownError, long... interesting) {
    return ofDecoders(name, () -> decoder, frames, ownError, interesting);
  }

  /** Like {@link #ofDecoder} with a new decoder (one connection's parser state) for each stream. */
  static FuzzTarget ofDecoders(String name, java.util.function.Supplier<FrameDecoder> decoders,
      Function<Random, byte[]> frames, Predicate<Throwable> ownError, long... interesting) {
    return new FuzzTarget() {
      @Override public String name() { return name; }

      @Override public Stream newStream() { return new Buffered(decoders.get()); }

      @Override public byte[] validFrame(Random random) { return frames.apply(random); }

      @Override public boolean isOwnError(Throwable t) { return ownError.test(t); }

      @Override public long[] interestingValues() { return interesting.clone(); }
    };
  }

  /**
   * Keeps what a {@link FrameDecoder} left unread and prepends it to the next chunk (the {@link io.pulse.codec.Decoder}
   * contract: unconsumed bytes are presented again at the next call's position).
   */
  final class Buffered implements Stream {
    private final FrameDecoder decoder;
    private ByteBuffer pending = ByteBuffer.allocate(256).order(ByteOrder.BIG_ENDIAN);

    Buffered(FrameDecoder decoder) {
      this.decoder = decoder;
    }

    @Override
    public void feed(ByteBuffer chunk, Consumer<Object> out) throws Exception {
      if (pending.remaining() < chunk.remaining()) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + chunk.remaining()))
            .order(ByteOrder.BIG_ENDIAN);
        pending.flip();
        pending = bigger.put(pending);
      }
      pending.put(chunk);
      pending.flip();
      try {
        decoder.decode(pending, out);
      } finally {
        pending.compact();
      }
    }
  }
}
