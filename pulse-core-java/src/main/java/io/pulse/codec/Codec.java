package io.pulse.codec;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Turns a connection's byte stream into messages and messages into bytes. One instance serves every connection
 * of a server, from several threads at once: keep it stateless. A parser that needs per-connection state to stay
 * linear (a text line, a RESP array arriving in small reads) overrides {@link #newDecoder()}; each connection then
 * decodes through its own {@link Decoder}.
 *
 * @param <T> the message type
 */
public interface Codec<T> {

  /**
   * Decodes every whole frame between {@code in}'s position and limit (the buffer is big-endian), passing each message to {@code out} and
   * moving the position past it; stops at a partial frame, leaving its bytes unconsumed for the next call.
   * Throws {@link FrameTooLongException} as soon as a header announces an oversized frame, and
   * {@link CorruptedFrameException} for malformed input; the connection is then closed with that error.
   * Messages must not share memory with {@code in}: it is reused after the call.
   */
  void decode(ByteBuffer in, Consumer<? super T> out) throws CodecException;

  /**
   * A decoder for one new connection. The default decodes each call afresh with {@link #decode}, which is linear
   * when a frame's header says its length; codecs that must scan for a delimiter return one that resumes its scan.
   */
  default Decoder<T> newDecoder() {
    return this::decode;
  }

  /** The bytes of {@code msg}, framed, ready to send (a new buffer, or one the caller may consume). */
  ByteBuffer encode(T msg);
}
