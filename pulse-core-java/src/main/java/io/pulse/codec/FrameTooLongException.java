package io.pulse.codec;

/** A frame larger than its codec's limit was announced; thrown before any of it is buffered. */
public final class FrameTooLongException extends CodecException {
  private static final long serialVersionUID = 1L;
  private final long length;
  private final long limit;

  /** A frame of {@code length} bytes against a limit of {@code limit}. */
  public FrameTooLongException(String codec, long length, long limit) {
    super(codec + ": frame of " + length + " bytes exceeds the limit of " + limit);
    this.length = length;
    this.limit = limit;
  }

  /** The announced (or, for delimited codecs, the so-far) length. */
  public long length() {
    return length;
  }

  /** The codec's maximum. */
  public long limit() {
    return limit;
  }
}
