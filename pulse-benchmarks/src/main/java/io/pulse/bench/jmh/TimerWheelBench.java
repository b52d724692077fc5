package io.pulse.bench.jmh;

import io.pulse.internal.loop.TimerWheel;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The loop's timer wheel with {@code pending} timers already waiting: arm-and-cancel (an idle timeout re-armed,
 * a request deadline met) and arm-and-fire, against the binary heap a scheduled executor keeps.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TimerWheelBench {
  @Param({"10000"})
  int pending;

  private final Runnable task = () -> { };
  private TimerWheel wheel;
  private PriorityQueue<long[]> heap;
  private long now;

  @Setup
  public void fill() {
    now = System.nanoTime();
    wheel = new TimerWheel(now);
    heap = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < pending; i++) {
      long at = now + TimeUnit.SECONDS.toNanos(5) + r.nextInt(1_000_000_000);
      wheel.schedule(at, task);
      heap.add(new long[] {at});
    }
  }

  @Benchmark
  public boolean wheelScheduleCancel() {
    return wheel.cancel(wheel.schedule(now + TimeUnit.SECONDS.toNanos(30), task));
  }

  @Benchmark
  public int wheelScheduleFire() {
    wheel.schedule(now, task);
    return wheel.expire(now);
  }

  @Benchmark
  public long[] heapAddPollEarliest() {
    heap.add(new long[] {now});
    return heap.poll();
  }
}
