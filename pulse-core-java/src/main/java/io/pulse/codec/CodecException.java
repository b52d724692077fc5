package io.pulse.codec;

import java.io.IOException;

/** Input a {@link Codec} cannot decode; the connection that sent it is closed with this error. */
public class CodecException extends IOException {
  private static final long serialVersionUID = 1L;

  /** An error with a message that says what was wrong with the input. */
  public CodecException(String message) {
    super(message);
  }
}
