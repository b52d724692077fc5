/**
 * io_uring over JNA: {@link io.pulse.internal.uring.Ring} (setup, mapped SQ/CQ rings, op preparation, one
 * {@code io_uring_enter} per turn, allocation-free drain), {@link io.pulse.internal.uring.BufferRing} (provided
 * buffers for multishot recv) and {@link io.pulse.internal.uring.UringProbe} (can it run here, and if not why).
 * Only the three syscalls and mmap are native; SQEs and CQEs are read and written in Java. The transport builds on
 * these; nothing here knows about connections.
 */
package io.pulse.internal.uring;
