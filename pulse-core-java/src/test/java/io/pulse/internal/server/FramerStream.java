package io.pulse.internal.server;

import io.pulse.codec.CodecException;
import io.pulse.codec.Decoder;
import io.pulse.testing.TrickleCost;
import java.nio.ByteBuffer;

/** A connection's real {@link Framer} (partial-frame buffering and all) around a decoder, without a connection. */
public final class FramerStream implements TrickleCost.Stream {
  private final Framer framer;
  private long messages;

  @SuppressWarnings("unchecked")
  public FramerStream(Decoder<?> decoder) {
    this.framer = new Framer((Decoder<Object>) decoder, m -> messages++);
  }

  @Override
  public void feed(ByteBuffer view) throws CodecException {
    framer.onBytes(view, view.limit());
  }

  @Override
  public long messages() {
    return messages;
  }
}
