package io.pulse.samples;

import io.pulse.PulseServer;
import io.pulse.TaskType;
import io.pulse.Transport;
import io.pulse.TriggerType;
import picocli.CommandLine.Option;

/** The options every server sample shares: address, loops, task type, transport and trigger. */
final class ServerOptionsMixin {
  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "9000", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--loops", description = "Event loops (default: one per core).")
  Integer loops;

  @Option(names = "--task-type", defaultValue = "event-loop",
      description = "Where callbacks run: event-loop, worker-pool, per-connection (default: ${DEFAULT-VALUE}).")
  String taskType;

  @Option(names = "--transport", defaultValue = "auto",
      description = "auto, epoll, io_uring, kqueue or nio (default: ${DEFAULT-VALUE}).")
  String transport;

  @Option(names = "--trigger", defaultValue = "level", description = "level or edge (default: ${DEFAULT-VALUE}).")
  String trigger;

  /** A builder with these options applied. */
  <T> PulseServer.Builder<T> apply(PulseServer.Builder<T> b) {
    if (loops != null) b.loops(loops);
    return b.taskType(taskType())
        .transport(Transport.valueOf(constant(transport)))
        .triggerType(TriggerType.valueOf(constant(trigger)));
  }

  /** The --task-type option as a {@link TaskType}. */
  TaskType taskType() {
    return TaskType.valueOf(constant(taskType));
  }

  private static String constant(String option) {
    return option.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
  }
}
