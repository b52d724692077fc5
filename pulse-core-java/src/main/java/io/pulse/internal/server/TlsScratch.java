package io.pulse.internal.server;

import java.nio.ByteBuffer;

/**
 * One loop's reusable heap buffers for its TLS connections: encrypted input, decrypted input and encrypted output,
 * each grown to the largest size asked for. Heap, not direct: the JDK's AES-GCM allocates per record when fed
 * direct buffers. Used only on its loop's thread.
 */
final class TlsScratch {
  private final int readBufferSize;
  private ByteBuffer plain;
  private ByteBuffer cipher;
  private ByteBuffer net;

  TlsScratch(int readBufferSize) {
    this.readBufferSize = readBufferSize;
  }

  /** At least {@code size} bytes for decrypted input. */
  ByteBuffer plain(int size) {
    if (plain == null || plain.capacity() < size) plain = ByteBuffer.allocate(size);
    return plain;
  }

  /** At least {@code size} bytes (and a whole read buffer) for encrypted input. */
  ByteBuffer net(int size) {
    if (net == null || net.capacity() < size) net = ByteBuffer.allocate(Math.max(size, readBufferSize));
    return net;
  }

  /** At least {@code size} bytes for encrypted output. */
  ByteBuffer cipher(int size) {
    if (cipher == null || cipher.capacity() < size) cipher = ByteBuffer.allocate(size);
    return cipher;
  }
}
