package io.pulse.bench.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/** How the driver moves bytes on one non-blocking connection: plain, or through a JDK SSLEngine. */
interface Wire {

  /** Writes what it can of {@code src}; true once everything (incl. buffered ciphertext) is on the socket. */
  boolean write(ByteBuffer src) throws IOException;

  /** Reads what it can into {@code dst}; -1 at end of stream. */
  int read(ByteBuffer dst) throws IOException;

  static Wire plain(SocketChannel ch) {
    return new Wire() {
      @Override public boolean write(ByteBuffer src) throws IOException {
        ch.write(src);
        return !src.hasRemaining();
      }

      @Override public int read(ByteBuffer dst) throws IOException {
        return ch.read(dst);
      }
    };
  }

  /** Handshakes (blocking) on {@code ch}, then switches it to non-blocking. */
  static Wire tls(SocketChannel ch, SSLContext ctx) throws IOException {
    SSLEngine e = ctx.createSSLEngine("localhost", ch.socket().getPort());
    e.setUseClientMode(true);
    Tls t = new Tls(ch, e);
    t.handshake();
    ch.configureBlocking(false);
    return t;
  }

  /** The TLS wire: one record buffer each way, plaintext in and out through the engine. */
  final class Tls implements Wire {
    private final SocketChannel ch;
    private final SSLEngine engine;
    private final ByteBuffer netOut;
    private final ByteBuffer netIn;
    private final ByteBuffer plainIn; // decrypted but not yet taken
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    Tls(SocketChannel ch, SSLEngine engine) {
      this.ch = ch;
      this.engine = engine;
      int packet = engine.getSession().getPacketBufferSize();
      netOut = ByteBuffer.allocateDirect(packet);
      netOut.flip();
      netIn = ByteBuffer.allocateDirect(packet * 2);
      plainIn = ByteBuffer.allocateDirect(engine.getSession().getApplicationBufferSize() * 2);
      plainIn.flip();
    }

    void handshake() throws IOException {
      engine.beginHandshake();
      while (true) {
        HandshakeStatus hs = engine.getHandshakeStatus();
        switch (hs) {
          case NEED_WRAP -> {
            netOut.clear();
            engine.wrap(EMPTY, netOut);
            netOut.flip();
            while (netOut.hasRemaining()) ch.write(netOut);
          }
          case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
            netIn.flip();
            ByteBuffer scratch = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
            SSLEngineResult r = engine.unwrap(netIn, scratch);
            netIn.compact();
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && ch.read(netIn) < 0) {
              throw new IOException("server closed during the TLS handshake");
            }
          }
          case NEED_TASK -> {
            for (Runnable task; (task = engine.getDelegatedTask()) != null; ) task.run();
          }
          default -> {
            return;
          }
        }
      }
    }

    @Override
    public boolean write(ByteBuffer src) throws IOException {
      while (true) {
        if (netOut.hasRemaining()) {
          ch.write(netOut);
          if (netOut.hasRemaining()) return false;
        }
        if (!src.hasRemaining()) return true;
        netOut.clear();
        SSLEngineResult r = engine.wrap(src, netOut);
        netOut.flip();
        if (r.getStatus() != SSLEngineResult.Status.OK) throw new SSLException("wrap: " + r);
      }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (!plainIn.hasRemaining()) {
        int n = ch.read(netIn);
        if (n < 0) return -1;
        netIn.flip();
        plainIn.clear();
        while (true) {
          SSLEngineResult r = engine.unwrap(netIn, plainIn);
          if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
            netIn.compact();
            plainIn.flip();
            return plainIn.hasRemaining() ? take(dst) : -1;
          }
          if (r.getStatus() != SSLEngineResult.Status.OK || !netIn.hasRemaining()) break;
        }
        netIn.compact();
        plainIn.flip();
      }
      return take(dst);
    }

    private int take(ByteBuffer dst) {
      int n = Math.min(dst.remaining(), plainIn.remaining());
      ByteBuffer slice = plainIn.slice(plainIn.position(), n);
      dst.put(slice);
      plainIn.position(plainIn.position() + n);
      return n;
    }
  }
}
