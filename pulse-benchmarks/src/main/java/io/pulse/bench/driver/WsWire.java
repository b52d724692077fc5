package io.pulse.bench.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The driver's WebSocket client wire (RFC 6455): a blocking upgrade, then each batch goes out as one masked binary
 * frame and the server's unmasked frames are unwrapped into the caller's buffer.
 */
final class WsWire implements Wire {
  private final SocketChannel ch;
  private final ByteBuffer frameOut; // the current outgoing frame (read mode)
  private final ByteBuffer netIn = ByteBuffer.allocateDirect(64 * 1024);
  private final byte[] mask = new byte[4];
  private long payloadLeft; // of the frame being read
  private boolean inHeader = true;

  private WsWire(SocketChannel ch, int maxMessage) {
    this.ch = ch;
    frameOut = ByteBuffer.allocateDirect(maxMessage + 14);
    frameOut.flip();
    netIn.flip();
  }

  /** Upgrades {@code ch} on {@code path} (blocking), then makes it non-blocking. */
  static WsWire connect(SocketChannel ch, String path, int maxMessage) throws IOException {
    byte[] key = new byte[16];
    ThreadLocalRandom.current().nextBytes(key);
    String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    ByteBuffer out = ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII));
    while (out.hasRemaining()) ch.write(out);
    StringBuilder head = new StringBuilder();
    ByteBuffer one = ByteBuffer.allocate(1);
    while (!head.toString().endsWith("\r\n\r\n")) { // byte by byte: nothing of the first frame is read early
      one.clear();
      if (ch.read(one) < 0) throw new IOException("server closed during the WebSocket upgrade: " + head);
      head.append((char) one.get(0));
      if (head.length() > 8192) throw new IOException("upgrade response too long");
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) throw new IOException("upgrade refused: " + head);
    ch.configureBlocking(false);
    return new WsWire(ch, maxMessage);
  }

  @Override
  public boolean write(ByteBuffer src) throws IOException {
    if (!frameOut.hasRemaining() && src.hasRemaining()) frame(src);
    ch.write(frameOut);
    return !frameOut.hasRemaining();
  }

  private void frame(ByteBuffer src) {
    int n = src.remaining();
    frameOut.clear();
    frameOut.put((byte) 0x82); // FIN + binary
    if (n < 126) {
      frameOut.put((byte) (0x80 | n));
    } else if (n < 65536) {
      frameOut.put((byte) (0x80 | 126)).putShort((short) n);
    } else {
      frameOut.put((byte) (0x80 | 127)).putLong(n);
    }
    ThreadLocalRandom.current().nextBytes(mask);
    frameOut.put(mask);
    for (int i = 0; i < n; i++) frameOut.put((byte) (src.get() ^ mask[i & 3]));
    frameOut.flip();
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    netIn.compact();
    int r = ch.read(netIn);
    netIn.flip();
    if (r < 0 && !netIn.hasRemaining()) return -1;
    int copied = 0;
    while (dst.hasRemaining()) {
      if (inHeader && !readHeader()) break;
      int n = (int) Math.min(payloadLeft, Math.min(dst.remaining(), netIn.remaining()));
      if (n == 0) break;
      ByteBuffer slice = netIn.slice(netIn.position(), n);
      dst.put(slice);
      netIn.position(netIn.position() + n);
      payloadLeft -= n;
      copied += n;
      if (payloadLeft == 0) inHeader = true;
    }
    return copied;
  }

  /** Parses a server frame's header if all of it has arrived; control frames are not expected from an echo. */
  private boolean readHeader() throws IOException {
    if (netIn.remaining() < 2) return false;
    int p = netIn.position();
    int b0 = netIn.get(p) & 0xff;
    int b1 = netIn.get(p + 1) & 0xff;
    if ((b1 & 0x80) != 0) throw new IOException("server frame is masked");
    int opcode = b0 & 0x0f;
    if (opcode == 0x8) throw new IOException("server sent close");
    int len = b1 & 0x7f;
    int header = len == 126 ? 4 : len == 127 ? 10 : 2;
    if (netIn.remaining() < header) return false;
    long payload = len == 126 ? netIn.getShort(p + 2) & 0xffff : len == 127 ? netIn.getLong(p + 2) : len;
    netIn.position(p + header);
    payloadLeft = payload;
    inHeader = payload == 0;
    return payload > 0;
  }
}
