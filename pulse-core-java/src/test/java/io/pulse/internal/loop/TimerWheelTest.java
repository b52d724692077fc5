package io.pulse.internal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimerWheelTest {
  private static final long MS = 1_000_000L;

  @Test
  void expiresOnlyDueTimersInDeadlineOrderAcrossTicks() {
    long t0 = 1_000_000 * MS;
    TimerWheel w = new TimerWheel(t0);
    List<Integer> ran = new ArrayList<>();
    w.schedule(t0 + 30 * MS, () -> ran.add(30));
    w.schedule(t0 + 10 * MS, () -> ran.add(10));
    w.schedule(t0 + 20 * MS, () -> ran.add(20));
    assertEquals(0, w.expire(t0 + 5 * MS));
    assertEquals(1, w.expire(t0 + 10 * MS));
    assertEquals(2, w.expire(t0 + 35 * MS));
    assertEquals(List.of(10, 20, 30), ran);
    assertEquals(0, w.size());
  }

  @Test
  void timersBeyondOneRoundWaitForTheirRound() {
    long t0 = 5_000 * MS;
    TimerWheel w = new TimerWheel(t0);
    int[] ran = new int[1];
    w.schedule(t0 + 3_000 * MS, () -> ran[0]++); // ~3 rounds of a 1,024-tick wheel
    for (long t = t0; t < t0 + 2_990 * MS; t += 7 * MS) w.expire(t);
    assertEquals(0, ran[0]);
    w.expire(t0 + 3_001 * MS);
    assertEquals(1, ran[0]);
  }

  @Test
  void cancelledTimerNeverRunsAndFreesItsSlot() {
    long t0 = 0;
    TimerWheel w = new TimerWheel(t0);
    int[] ran = new int[1];
    long id = w.schedule(t0 + 2 * MS, () -> ran[0]++);
    assertTrue(w.cancel(id));
    assertFalse(w.cancel(id));
    assertEquals(0, w.size());
    w.expire(t0 + 10 * MS);
    assertEquals(0, ran[0]);
    assertEquals(-1, w.millisUntilNext(t0 + 10 * MS));
  }

  @Test
  void hundredThousandTimersAllFireOnce() {
    long t0 = 77 * MS;
    TimerWheel w = new TimerWheel(t0);
    Random r = new Random(1);
    int n = 100_000;
    int[] ran = new int[1];
    long last = 0;
    for (int i = 0; i < n; i++) {
      long d = t0 + r.nextInt(2_000) * MS;
      last = Math.max(last, d);
      w.schedule(d, () -> ran[0]++);
    }
    assertEquals(n, w.size());
    for (long t = t0; t <= last + MS; t += MS) w.expire(t);
    assertEquals(n, ran[0]);
    assertEquals(0, w.size());
  }

  @Test
  void sleepsUntilTheNextTimerNotLonger() {
    long t0 = 0;
    TimerWheel w = new TimerWheel(t0);
    assertEquals(-1, w.millisUntilNext(t0));
    w.schedule(t0 + 50 * MS, () -> { });
    int ms = w.millisUntilNext(t0);
    assertTrue(ms >= 1 && ms <= 51, "sleep " + ms);
    assertEquals(0, w.millisUntilNext(t0 + 60 * MS), "an overdue timer means no sleep");
  }

  @Test
  void aTaskMayScheduleAnotherWhileExpiring() {
    long t0 = 0;
    TimerWheel w = new TimerWheel(t0);
    List<String> ran = new ArrayList<>();
    w.schedule(t0 + MS, () -> {
      ran.add("first");
      w.schedule(t0 + 2 * MS, () -> ran.add("second"));
    });
    w.expire(t0 + MS);
    assertEquals(List.of("first"), ran);
    w.expire(t0 + 3 * MS);
    assertEquals(List.of("first", "second"), ran);
  }
}
