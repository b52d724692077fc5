/**
 * io_uring over JNA: {@link io.pulse.internal.uring.Ring} (setup, mapped SQ/CQ rings, op preparation, one
 * {@code io_uring_enter} per turn, allocation-free drain), {@link io.pulse.internal.uring.BufferRing} (provided
 * buffers for multishot recv) and {@link io.pulse.internal.uring.UringProbe} (can it run here, and if not why).
 * Only the three syscalls and mmap are native; SQEs and CQEs are read and written in Java. The transport builds on
 * these; nothing here knows about connections.
 *
 * <p>Rules a transport must keep (the test tree's {@code UringEchoServer} follows them): open the ring anywhere,
 * but enter it only from the loop thread (the first thread to enter owns a SINGLE_ISSUER ring); put the op kind, a
 * connection generation and the fd in the user data, so a late completion never reaches a new connection on a
 * reused fd; keep one send in flight per connection (a short send is continued before the next); re-arm a multishot
 * op whose completion lacks {@code IORING_CQE_F_MORE}, and after {@code -ENOBUFS} only once a buffer is recycled;
 * close an fd only after every op on it has posted its last completion (cancel first if needed); close the ring on
 * its own thread with a handler that closes fds accepted during the cancel.
 */
package io.pulse.internal.uring;
