package io.pulse.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A blocking HTTP/1.1 client over a plain socket, for what curl cannot do (pipelining, broken requests). */
final class RawHttp implements AutoCloseable {
  final Socket socket;
  final InputStream in;

  /** A response as read: status, headers (lower-case names) and body. */
  record Response(int status, Map<String, String> headers, String body) {}

  RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
  }

  void send(String s) throws IOException {
    socket.getOutputStream().write(s.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  /** Reads one response (Content-Length framing). */
  Response read() throws IOException {
    return read(true);
  }

  /** Reads the status line and headers of a response to HEAD (no body follows). */
  Response readHead() throws IOException {
    return read(false);
  }

  private Response read(boolean withBody) throws IOException {
    String status = line();
    Map<String, String> headers = new HashMap<>();
    for (String l; !(l = line()).isEmpty(); ) {
      int c = l.indexOf(':');
      headers.put(l.substring(0, c).trim().toLowerCase(java.util.Locale.ROOT), l.substring(c + 1).trim());
    }
    int n = withBody ? Integer.parseInt(headers.getOrDefault("content-length", "0")) : 0;
    byte[] body = in.readNBytes(n);
    if (body.length < n) throw new EOFException("body cut short: " + body.length + " of " + n);
    return new Response(Integer.parseInt(status.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
  }

  /** True if the server closed the connection (read sees end of stream) within the socket timeout. */
  boolean closedByServer() throws IOException {
    try {
      return in.read() == -1;
    } catch (java.net.SocketException e) {
      return true; // reset: closed too
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c; (c = in.read()) != '\n'; ) {
      if (c < 0) throw new EOFException("connection closed mid-line: " + b);
      if (c != '\r') b.write(c);
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
