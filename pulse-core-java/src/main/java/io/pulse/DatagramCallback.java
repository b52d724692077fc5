package io.pulse;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Receives the datagrams of a {@link PulseDatagram} endpoint, on the loop thread of the socket that read them. It
 * must not block; what it throws is logged and the endpoint carries on.
 */
@FunctionalInterface
public interface DatagramCallback {

  /**
   * One datagram from {@code sender}. {@code packet} is a view of the loop's buffer, valid only during this call:
   * copy what you keep. {@link PulseDatagram#send} from here goes straight to the kernel.
   */
  void onDatagram(PulseDatagram endpoint, ByteBuffer packet, InetSocketAddress sender);
}
