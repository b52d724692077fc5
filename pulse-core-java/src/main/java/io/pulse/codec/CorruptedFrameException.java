package io.pulse.codec;

/** Malformed input: a negative length, a bad header, an impossible field. */
public final class CorruptedFrameException extends CodecException {
  private static final long serialVersionUID = 1L;

  /** An error naming the codec and what was wrong. */
  public CorruptedFrameException(String message) {
    super(message);
  }
}
