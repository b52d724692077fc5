package io.pulse;

/** Where callbacks run. In every mode one connection's callbacks never overlap and keep their order. */
public enum TaskType {
  /** On the connection's event loop thread: fastest; callbacks must not block. */
  EVENT_LOOP,
  /** On a bounded shared worker pool, one connection's callbacks in sequence; callbacks may block briefly. */
  WORKER_POOL,
  /** One sequential task per connection: a virtual thread on JDK 21+, a serial executor before; may block. */
  PER_CONNECTION
}
