package io.pulse.reliability;


import io.pulse.PulseServer;
import io.pulse.TaskType;
import io.pulse.Transport;
import io.pulse.TriggerType;
import io.pulse.testing.Requires;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One server configuration under test: transport, triggering and task mode. NIO is level-triggered only, so it
 * appears once per task mode.
 */
record Setup(Transport transport, TriggerType trigger, TaskType mode) {

  /** EPOLL level and edge, NIO and IO_URING, each in every task mode. */
  static Stream<Setup> all() {
    List<Setup> list = new ArrayList<>();
    for (TaskType mode : TaskType.values()) {
      list.add(new Setup(Transport.EPOLL, TriggerType.LEVEL, mode));
      list.add(new Setup(Transport.EPOLL, TriggerType.EDGE, mode));
      list.add(new Setup(Transport.NIO, TriggerType.LEVEL, mode));
      list.add(new Setup(Transport.IO_URING, TriggerType.LEVEL, mode));
    }
    return list.stream();
  }

  /** EPOLL, NIO and IO_URING, level-triggered, callbacks on the loop. */
  static Stream<Setup> transports() {
    return Stream.of(new Setup(Transport.EPOLL, TriggerType.LEVEL, TaskType.EVENT_LOOP),
        new Setup(Transport.NIO, TriggerType.LEVEL, TaskType.EVENT_LOOP),
        new Setup(Transport.IO_URING, TriggerType.LEVEL, TaskType.EVENT_LOOP));
  }

  /** EPOLL, NIO and IO_URING, level-triggered, in every task mode. */
  static Stream<Setup> transportsAndModes() {
    List<Setup> list = new ArrayList<>();
    for (TaskType mode : TaskType.values()) {
      list.add(new Setup(Transport.EPOLL, TriggerType.LEVEL, mode));
      list.add(new Setup(Transport.NIO, TriggerType.LEVEL, mode));
      list.add(new Setup(Transport.IO_URING, TriggerType.LEVEL, mode));
    }
    return list.stream();
  }

  /** Skips (or fails: see Requires.transport) the test where this transport cannot load. */
  Setup assumeAvailable() {
    Requires.transport(transport);
    return this;
  }

  /** A raw-bytes server builder with this configuration and two loops. */
  PulseServer.Builder<ByteBuffer> server() {
    return PulseServer.builder().transport(transport).triggerType(trigger).taskType(mode).loops(2);
  }

  /** The child server's arguments for this configuration. */
  List<String> childArgs() {
    return List.of("transport=" + transport, "trigger=" + trigger, "mode=" + mode);
  }

  @Override
  public String toString() {
    return transport + "/" + trigger + "/" + mode;
  }
}
