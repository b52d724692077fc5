package io.pulse.websocket;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A WebSocket client over a plain socket that can also break the protocol (unmasked frames, odd splits). */
final class RawWebSocket implements AutoCloseable {
  static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";        // RFC 6455's example key
  static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="; // and its accept value

  final Socket socket;
  final DataInputStream in;
  final OutputStream out;

  /** A frame as read: opcode and payload. */
  record Frame(int opcode, byte[] payload) {
    String text() { return new String(payload, StandardCharsets.UTF_8); }

    int closeCode() { return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF); }
  }

  RawWebSocket(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  static String upgradeRequest(String path, String version) {
    return "GET " + path + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY
        + "\r\nSec-WebSocket-Version: " + version + "\r\n\r\n";
  }

  /** Sends raw bytes. */
  void send(byte[] b) throws IOException {
    out.write(b);
    out.flush();
  }

  /** Reads the response head (status line and headers) as text. */
  String readHead() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int c = in.read();
      if (c < 0) throw new java.io.EOFException("closed in the response head: " + b);
      b.write(c);
      state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  /** A client frame: FIN as given, masked unless {@code masked} is false. */
  static byte[] frame(int opcode, boolean fin, boolean masked, byte[] payload) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write((fin ? 0x80 : 0) | opcode);
    int len = payload.length;
    int m = masked ? 0x80 : 0;
    if (len < 126) {
      b.write(m | len);
    } else if (len < 65536) {
      b.write(m | 126);
      b.write(len >> 8);
      b.write(len);
    } else {
      b.write(m | 127);
      for (int i = 7; i >= 0; i--) b.write((int) ((long) len >>> (8 * i)));
    }
    byte[] key = {0x12, 0x34, 0x56, 0x78};
    if (masked) b.write(key, 0, 4);
    for (int i = 0; i < len; i++) b.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
    return b.toByteArray();
  }

  /** Reads one server frame (which must not be masked). */
  Frame read() throws IOException {
    int b0 = in.readUnsignedByte(), b1 = in.readUnsignedByte();
    if ((b1 & 0x80) != 0) throw new IOException("server frame is masked");
    long len = b1 & 0x7F;
    if (len == 126) len = in.readUnsignedShort();
    else if (len == 127) len = in.readLong();
    byte[] p = new byte[(int) len];
    in.readFully(p);
    return new Frame(b0 & 0x0F, p);
  }

  /** True if the server closed the TCP connection. */
  boolean closedByServer() throws IOException {
    try {
      return in.read() == -1;
    } catch (java.net.SocketException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
