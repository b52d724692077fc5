package io.pulse.internal.uring;

import static io.pulse.internal.uring.UringTesting.assumeUring;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.internal.unix.ChannelFds;
import io.pulse.internal.unix.DirectBuffers;
import io.pulse.internal.unix.Errno;
import io.pulse.internal.unix.LibC;
import io.pulse.internal.unix.SocketCalls;
import io.pulse.internal.unix.SocketConstants;
import io.pulse.internal.unix.SockAddr;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ring ops on real sockets on 127.0.0.1: multishot accept, recv into a buffer ring, connect/writev, cancel. */
class RingSocketTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @BeforeEach
  void requireUring() {
    assumeUring();
  }

  @Test
  void oneMultishotAcceptTakesSeveralClients() throws Exception {
    int listen = UringTesting.listen();
    List<Socket> clients = new ArrayList<>();
    List<Integer> accepted = new ArrayList<>();
    try (Ring ring = Ring.open(8)) {
      ring.acceptMultishot(listen, UringTesting.ACCEPT_FLAGS, 1);
      ring.submitAndWait(0, 0);
      Set<Integer> clientPorts = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        Socket s = new Socket("127.0.0.1", UringTesting.port(listen));
        clients.add(s);
        clientPorts.add(s.getLocalPort());
      }
      boolean[] more = {true};
      turnUntil(ring, () -> accepted.size() == 5, (u, res, flags) -> {
        assertEquals(1, u);
        assertTrue(res >= 0, "accept: " + res);
        accepted.add(res);
        more[0] &= Uring.hasMore(flags);
      });
      assertTrue(more[0], "the accept stays armed");
      assertEquals(1, ring.inFlight(), "one op for five connections");
      Set<Integer> peerPorts = new HashSet<>();
      for (int fd : accepted) peerPorts.add(((InetSocketAddress) SocketCalls.remoteAddress(fd)).getPort());
      assertEquals(clientPorts, peerPorts);

      ring.cancel(1, 2);
      int[] last = {0, 0};
      turnUntil(ring, () -> ring.inFlight() == 0, (u, res, flags) -> {
        if (u == 1) {
          last[0] = res;
          assertFalse(Uring.hasMore(flags));
        } else {
          last[1] = res;
        }
      });
      assertEquals(-Errno.ECANCELED, last[0]);
      assertEquals(0, last[1]);
    } finally {
      for (int fd : accepted) LibC.close(fd);
      for (Socket s : clients) s.close();
      LibC.close(listen);
    }
  }

  @Test
  void recvThatRunsOutOfBuffersEndsWithEnobufsAndLosesNoByteWhenRearmed() throws Exception {
    byte[] sent = new byte[100];
    for (int i = 0; i < sent.length; i++) sent[i] = (byte) i;
    try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        Ring ring = Ring.open(8)) {
      int fd = connectFd(server.getLocalPort(), 0);
      try (Socket peer = server.accept()) {
        peer.getOutputStream().write(sent); // all 100 bytes wait in the socket before the recv is armed
        try {
          BufferRing buffers = ring.registerBufferRing(7, 2, 16);
          ByteArrayOutputStream got = new ByteArrayOutputStream();
          List<Integer> held = new ArrayList<>();
          int[] enobufs = {0};
          boolean[] armed = {false};
          while (got.size() < sent.length) {
            if (!armed[0]) {
              for (int bid : held) buffers.recycle(bid);
              held.clear();
              ring.recvMultishot(fd, 7, 9);
              armed[0] = true;
            }
            turnUntil(ring, () -> !armed[0] || got.size() == sent.length, (u, res, flags) -> {
              if (res > 0) {
                int bid = buffers.take(flags);
                byte[] chunk = new byte[res];
                buffers.memory().get(buffers.offset(bid), chunk);
                got.write(chunk, 0, res);
                held.add(bid); // not recycled yet: the ring runs dry after two chunks
              } else if (res == -Errno.ENOBUFS) {
                enobufs[0]++;
              } else {
                throw new AssertionError("recv: " + res);
              }
              if (!Uring.hasMore(flags)) armed[0] = false;
            });
            if (armed[0]) break;
          }
          assertArrayEquals(sent, got.toByteArray());
          assertEquals(3, enobufs[0], "ENOBUFS after each 32 bytes (two buffers)");
          assertEquals(1, buffers.available(), "the last 4 bytes took one of the two buffers");
        } finally {
          ring.cancelFd(fd, 99);
          turnUntil(ring, () -> ring.inFlight() == 0, (u, r, f) -> { });
          LibC.close(fd);
        }
      }
    }
  }

  @Test
  void connectWritevSendmsgAndShutdownThroughTheRing() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        Ring ring = Ring.open(8)) {
      InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.getLocalPort());
      int fd = SocketCalls.tcpSocket(to);
      try {
        ByteBuffer addr = DirectBuffers.allocate(SockAddr.MAX_SIZE);
        int addrLen = SockAddr.encode(to, addr);
        ByteBuffer data = DirectBuffers.allocate(64);
        byte[] hello = "hello, ".getBytes(StandardCharsets.US_ASCII);
        byte[] ring2 = "ring".getBytes(StandardCharsets.US_ASCII);
        data.put(0, hello).put(32, ring2);
        ByteBuffer iov = DirectBuffers.allocate(32); // two struct iovec {base, len}
        iov.putLong(0, DirectBuffers.address(data)).putLong(8, hello.length);
        iov.putLong(16, DirectBuffers.address(data) + 32).putLong(24, ring2.length);
        List<Integer> results = new ArrayList<>();
        ring.connect(fd, DirectBuffers.address(addr), addrLen, 1);
        turnUntil(ring, () -> results.size() == 1, (u, res, f) -> results.add(res));
        assertEquals(0, results.get(0), "connect");
        ByteBuffer msghdr = DirectBuffers.allocate(56); // struct msghdr: name, namelen, iov, iovlen, control, ...
        msghdr.putLong(16, DirectBuffers.address(iov) + 16).putLong(24, 1); // the second iovec again
        ring.writev(fd, DirectBuffers.address(iov), 2, 2);
        ring.sendmsg(fd, DirectBuffers.address(msghdr), 0x4000, 3);
        ring.shutdown(fd, SocketConstants.SHUT_WR, 4);
        turnUntil(ring, () -> results.size() == 4, (u, res, f) -> results.add(res));
        assertEquals(List.of(0, hello.length + ring2.length, ring2.length, 0), results);
        try (Socket peer = server.accept()) {
          peer.setSoTimeout(10_000);
          assertEquals("hello, ringring", new String(peer.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
      } finally {
        LibC.close(fd);
      }
    }
  }

  @Test
  void connectionWithOpsInFlightIsCancelledThenClosedOnlyAfterTheKernelIsDone() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        Ring ring = Ring.open(8)) {
      int fd = connectFd(server.getLocalPort(), 16 * 1024);
      try (Socket peer = server.accept()) {
        SocketCalls.setInt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_SNDBUF, 16 * 1024, "SO_SNDBUF");
        BufferRing buffers = ring.registerBufferRing(2, 4, 1024);
        int big = 1 << 20;
        ByteBuffer out = DirectBuffers.allocate(big);
        long filled = 0;
        for (long n; (n = SocketCalls.write(fd, DirectBuffers.address(out), big)) > 0; ) filled += n;
        assertTrue(filled > 0); // the socket is full (EAGAIN) and the peer never reads: the next send must wait
        ring.recvMultishot(fd, 2, 10);
        ring.send(fd, DirectBuffers.address(out), big, 0x4000, 11);
        ring.submitAndWait(0, 0);
        assertEquals(2, ring.inFlight());

        ring.cancelFd(fd, 12);
        int[] res = new int[3];
        boolean[] seen = new boolean[3];
        turnUntil(ring, () -> ring.inFlight() == 0, (u, r, flags) -> {
          int i = (int) u - 10;
          seen[i] = true;
          res[i] = r;
          assertFalse(Uring.hasMore(flags), "op " + u + " ended");
        });
        assertTrue(seen[0] && seen[1] && seen[2]);
        assertEquals(-Errno.ECANCELED, res[0], "recv");
        assertEquals(-Errno.ECANCELED, res[1], "send");
        assertEquals(2, res[2], "the cancel found both ops");
        assertEquals(4, buffers.available(), "the cancelled recv took no buffer");

        ring.closeFd(fd, 13); // only now: nothing of this fd is left in the kernel
        int[] closed = {1};
        turnUntil(ring, () -> ring.inFlight() == 0, (u, r, flags) -> closed[0] = r);
        assertEquals(0, closed[0]);
        peer.setSoTimeout(10_000);
        InputStream in = peer.getInputStream();
        long n = 0;
        for (int r; (r = in.read(new byte[65536])) > 0; ) n += r;
        assertEquals(filled, n, "the peer gets what was written before the cancel, then EOF");
      }
    }
  }

  /** A connected non-blocking TCP fd (taken over from a JDK channel); {@code rcvBuf > 0} sets SO_RCVBUF first. */
  private static int connectFd(int port, int rcvBuf) throws IOException {
    SocketChannel ch = SocketChannel.open();
    if (rcvBuf > 0) ch.setOption(StandardSocketOptions.SO_RCVBUF, rcvBuf);
    ch.connect(new InetSocketAddress("127.0.0.1", port));
    return ChannelFds.takeOver(ch);
  }

  /** Runs turns (submit, wait up to a second, drain) until {@code done}, for at most ten seconds. */
  private static void turnUntil(Ring ring, BooleanSupplier done, CompletionHandler h) throws IOException {
    long deadline = System.nanoTime() + 10 * SECOND;
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for completions");
      ring.submitAndWait(1, SECOND / 10);
      ring.drain(h);
    }
  }
}
