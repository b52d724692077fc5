package io.pulse.bench.jmh;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The event loop's MPSC task queue (JCTools, as Pulse uses it) against the JDK's ConcurrentLinkedQueue. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TaskQueueBench {
  private final MpscUnboundedAtomicArrayQueue<Runnable> jctools = new MpscUnboundedAtomicArrayQueue<>(1024);
  private final ConcurrentLinkedQueue<Runnable> jdk = new ConcurrentLinkedQueue<>();
  private final Runnable task = () -> { };

  @Benchmark
  public Runnable jctoolsOfferPoll() {
    jctools.offer(task);
    return jctools.relaxedPoll();
  }

  @Benchmark
  public Runnable jdkOfferPoll() {
    jdk.offer(task);
    return jdk.poll();
  }
}
