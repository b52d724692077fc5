package io.pulse.internal.server;

import io.pulse.codec.Codec;
import io.pulse.codec.CodecException;
import io.pulse.codec.Decoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * Runs a connection's {@link Decoder} over what it reads. Whole frames are decoded straight from the loop's read
 * buffer; only the bytes of a partial frame are copied, into a per-connection buffer that is freed once drained.
 * The decoder sees those bytes again at the next read and may resume where it stopped. Loop thread only.
 */
final class Framer implements Consumer<Object> {
  private static final int KEEP_CAPACITY = 64 * 1024;

  private final Decoder<Object> decoder;
  private final ConnImpl conn; // null when driven without a connection (tests)
  private final Dispatcher dispatch;
  private final Consumer<Object> sink;
  private ByteBuffer pending; // write mode; null while empty

  Framer(Codec<Object> codec, ConnImpl conn, Dispatcher dispatch) {
    this.decoder = codec.newDecoder();
    this.conn = conn;
    this.dispatch = dispatch;
    this.sink = null;
  }

  /** A framer that hands messages to {@code sink}, with no connection (to measure and test decoding alone). */
  Framer(Decoder<Object> decoder, Consumer<Object> sink) {
    this.decoder = decoder;
    this.conn = null;
    this.dispatch = null;
    this.sink = sink;
  }

  /** Decodes {@code view[0, n)}: a big-endian view of the loop's read buffer. */
  void onBytes(ByteBuffer view, int n) throws CodecException {
    view.limit(n).position(0);
    if (pending == null || pending.position() == 0) {
      decoder.decode(view, this);
      if (view.hasRemaining() && (conn == null || conn.readable())) keep(view);
      return;
    }
    keep(view);
    pending.flip();
    try {
      decoder.decode(pending, this);
    } finally {
      // Nothing consumed (a frame still arriving): back to write mode without copying, or a big frame read in
      // 4 KiB pieces would be copied once per piece.
      if (pending.position() == 0) pending.position(pending.limit()).limit(pending.capacity());
      else pending.compact();
    }
    if (pending.position() == 0 && pending.capacity() > KEEP_CAPACITY) pending = null;
  }

  private void keep(ByteBuffer src) {
    if (pending == null) pending = ByteBuffer.allocate(Math.max(src.remaining(), 1024)).order(ByteOrder.BIG_ENDIAN);
    if (pending.remaining() < src.remaining()) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + src.remaining()));
      pending.flip();
      pending = bigger.put(pending);
    }
    pending.put(src);
  }

  /** Bytes held for a partial frame. */
  int buffered() {
    return pending == null ? 0 : pending.position();
  }

  @Override
  public void accept(Object msg) {
    if (conn == null) sink.accept(msg);
    else if (conn.readable()) dispatch.message(conn, msg);
  }
}
