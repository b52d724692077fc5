package io.pulse.codec;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * One connection's decoding state, made by {@link Codec#newDecoder()}: it may remember how far it parsed, so a frame
 * that arrives over many reads costs time linear in its size. Used by one connection's loop thread only.
 *
 * <p>The caller's promise: the bytes a call leaves unconsumed (from the position on) are presented again at the
 * position of the next call, followed by the bytes that arrived since; the buffer itself may differ. A decoder may
 * also consume a partial frame (copying what it needs into its own state) and keep less for the caller to hold.
 *
 * @param <T> the message type
 */
@FunctionalInterface
public interface Decoder<T> {

  /**
   * Decodes every whole frame between {@code in}'s position and limit as {@link Codec#decode} does, resuming where
   * the previous call stopped; throws {@link CodecException} for malformed or oversized input.
   */
  void decode(ByteBuffer in, Consumer<? super T> out) throws CodecException;
}
