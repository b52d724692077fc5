package io.pulse.bench.jmh;

import io.pulse.internal.unix.DirectBuffers;
import io.pulse.internal.unix.LibC;
import io.pulse.internal.unix.LinuxNative;
import io.pulse.internal.unix.SocketCalls;
import io.pulse.internal.unix.SocketConstants;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of Pulse's JNA direct-mapped calls against the JDK's NIO equivalents: an empty poll, a read that finds
 * nothing (EAGAIN), and a 64-byte write plus read over a local socket pair.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class NativeCallBench {
  private int epfd;
  private int[] pair = new int[2];
  private ByteBuffer buf;
  private long addr;
  private Selector selector;
  private Pipe pipe;
  private ByteBuffer nioBuf;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    epfd = LinuxNative.epoll_create1(0);
    if (epfd < 0) throw new IOException("epoll_create1 failed");
    if (LibC.socketpair(SocketConstants.AF_UNIX, SocketConstants.SOCK_STREAM | SocketConstants.SOCK_NONBLOCK, 0, pair) != 0) {
      throw new IOException("socketpair failed");
    }
    buf = DirectBuffers.allocate(4096);
    addr = DirectBuffers.address(buf);
    selector = Selector.open();
    pipe = Pipe.open();
    pipe.source().configureBlocking(false);
    pipe.sink().configureBlocking(false);
    nioBuf = ByteBuffer.allocateDirect(4096);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    LibC.close(epfd);
    LibC.close(pair[0]);
    LibC.close(pair[1]);
    selector.close();
    pipe.source().close();
    pipe.sink().close();
  }

  @Benchmark
  public int pulseEpollWaitEmpty() {
    return LinuxNative.epoll_wait(epfd, addr, 64, 0);
  }

  @Benchmark
  public int nioSelectNowEmpty() throws IOException {
    return selector.selectNow();
  }

  @Benchmark
  public int pulseReadEagain() throws IOException {
    return SocketCalls.read(pair[0], addr, 4096);
  }

  @Benchmark
  public int nioReadNothing() throws IOException {
    nioBuf.clear();
    return pipe.source().read(nioBuf);
  }

  @Benchmark
  public int pulseWriteThenRead64() throws IOException {
    SocketCalls.write(pair[1], addr, 64);
    return SocketCalls.read(pair[0], addr, 4096);
  }

  @Benchmark
  public int nioWriteThenRead64() throws IOException {
    nioBuf.clear().limit(64);
    pipe.sink().write(nioBuf);
    nioBuf.clear();
    return pipe.source().read(nioBuf);
  }
}
