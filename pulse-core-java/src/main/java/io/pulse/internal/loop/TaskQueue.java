package io.pulse.internal.loop;

import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;

/** The loop's inbox: many producers, the loop thread the only consumer; unbounded, no lock. */
final class TaskQueue {
  private final MpscUnboundedAtomicArrayQueue<Runnable> q = new MpscUnboundedAtomicArrayQueue<>(1024);

  void offer(Runnable r) {
    q.offer(r);
  }

  Runnable poll() {
    return q.relaxedPoll();
  }

  int size() {
    return q.size();
  }

  boolean isEmpty() {
    return q.isEmpty();
  }
}
