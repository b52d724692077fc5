package io.pulse;

/** How the poller reports readiness. Both read all they can and honour backpressure. */
public enum TriggerType {
  /** Reported while the condition holds (epoll's default). */
  LEVEL,
  /** Reported when the condition changes (EPOLLET / EV_CLEAR). */
  EDGE
}
