package io.pulse.internal.loop;

import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/** The loop's inbox: many producers, the loop thread the only consumer; unbounded, no lock. */
final class TaskQueue {
  private final MpscUnboundedXaddArrayQueue<Runnable> q = new MpscUnboundedXaddArrayQueue<>(1024);

  void offer(Runnable r) {
    q.offer(r);
  }

  Runnable poll() {
    return q.relaxedPoll();
  }

  boolean isEmpty() {
    return q.isEmpty();
  }
}
