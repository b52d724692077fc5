package io.pulse.internal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.Transport;
import io.pulse.internal.poll.LoopPoller;
import io.pulse.internal.poll.Pollable;
import io.pulse.internal.poll.Transports;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read-again queue holds a pollable once: a connection asked to read again from several places (its read loop
 * at maxReadsPerWakeup, a resume of each paused reason) reads one more turn, not one per request, which would
 * multiply its reads per turn past maxReadsPerWakeup and past its backpressure checks.
 */
class ReadAgainTest {
  private EventLoop loop;

  @BeforeEach
  void start() throws Exception {
    loop = new EventLoop("read-again-test", Transports.open(Transport.NIO, false), 4096, false);
    loop.start();
  }

  @AfterEach
  void stop() throws Exception {
    loop.shutdown();
    assertTrue(loop.awaitTermination(10, TimeUnit.SECONDS), "loop did not end");
  }

  @Test
  void askingSeveralTimesBeforeTheTurnReadsOnce() throws Exception {
    CountingPollable p = new CountingPollable();
    loop.execute(() -> {
      loop.readAgain(p);
      loop.readAgain(p);
      loop.readAgain(p);
    });
    // The read-again turn runs before that turn's tasks, so a task queued from the first call sees them all.
    assertEquals(List.of(LoopPoller.READ | LoopPoller.HANGUP), p.callsByEndOfTurn.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aPollableMayAskAgainFromItsOwnReadAgainTurn() throws Exception {
    CountingPollable p = new CountingPollable();
    p.askAgainTimes = 2; // as a read loop that hits maxReadsPerWakeup twice does
    loop.execute(() -> loop.readAgain(p));
    assertEquals(3, p.turns.get(10, TimeUnit.SECONDS));
  }

  /** Records its readiness calls; can ask for another read-again turn from inside one. Loop thread. */
  private final class CountingPollable extends Pollable {
    final List<Integer> calls = new ArrayList<>();
    final CompletableFuture<List<Integer>> callsByEndOfTurn = new CompletableFuture<>();
    final CompletableFuture<Integer> turns = new CompletableFuture<>();
    int askAgainTimes;

    CountingPollable() {
      super(-1, null);
    }

    @Override
    public void onReady(int readyOps) {
      calls.add(readyOps);
      if (calls.size() == 1) loop.execute(() -> callsByEndOfTurn.complete(List.copyOf(calls)));
      if (askAgainTimes-- > 0) loop.readAgain(this);
      else turns.complete(calls.size());
    }
  }
}
