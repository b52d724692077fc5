/*
 * A minimal single-threaded io_uring echo server: the floor column of Pulse's IO_URING transport, beside
 * epoll_echo.c. Multishot accept, multishot recv into a provided buffer ring, send straight from the received
 * buffer (one send in flight per connection, the rest queued in order), SINGLE_ISSUER + DEFER_TASKRUN, and one
 * io_uring_enter per turn that both submits and waits. Raw syscalls over the kernel header: no liburing needed.
 * Usage: iouring_echo PORT    (prints READY, or FAILED and why)
 *        iouring_echo --probe (exit 0 if this kernel runs it here, else prints why and exits 1)
 */
#include <errno.h>
#include <linux/io_uring.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ENTRIES 4096
#ifndef BUFS
#define BUFS 2048 /* provided buffers, a power of two */
#endif
#define BUF_SIZE 16384
#define BGID 1
#define MAXFD 65536
enum { ACCEPT = 1, RECV = 2, SEND = 3 };

static int ring;
static unsigned *sq_head, *sq_tail, *sq_mask, *cq_head, *cq_tail, *cq_mask, sq_entries, sq_local;
static struct io_uring_sqe *sqes;
static struct io_uring_cqe *cqes;
static struct io_uring_buf_ring *br;
static unsigned short br_tail;
static char *bufmem;
static int in_ring = BUFS;                      /* buffers the kernel may pick */
static int blen[BUFS], boff[BUFS], bnext[BUFS]; /* per buffer: bytes received, bytes sent, next in its send queue */
static struct conn { int q_head, q_tail; char sending, recv_armed, closing, starved; } conns[MAXFD];
/* Connections whose recv ended with ENOBUFS (an entry is stale once its flag is clear: closed meanwhile). */
static int starved[2 * MAXFD], nstarved;

static int enter(unsigned submit, unsigned wait, unsigned flags) {
  return (int) syscall(__NR_io_uring_enter, ring, submit, wait, flags, NULL, 0);
}

static unsigned pending(void) { return sq_local - __atomic_load_n(sq_head, __ATOMIC_ACQUIRE); }

static void publish(void) { __atomic_store_n(sq_tail, sq_local, __ATOMIC_RELEASE); }

static struct io_uring_sqe *sqe(int type, unsigned id) {
  while (pending() >= sq_entries) { /* SQ full: hand what we have to the kernel first */
    publish();
    if (enter(pending(), 0, 0) < 0 && errno != EINTR && errno != EAGAIN && errno != EBUSY) {
      perror("io_uring_enter");
      exit(1);
    }
  }
  struct io_uring_sqe *s = &sqes[sq_local++ & *sq_mask];
  memset(s, 0, sizeof *s);
  s->user_data = (unsigned long long) type | (unsigned long long) id << 8;
  return s;
}

static void recycle(int bid) {
  struct io_uring_buf *b = &br->bufs[br_tail & (BUFS - 1)];
  b->addr = (unsigned long) (bufmem + (size_t) bid * BUF_SIZE);
  b->len = BUF_SIZE;
  b->bid = (unsigned short) bid;
  __atomic_store_n(&br->tail, ++br_tail, __ATOMIC_RELEASE);
  in_ring++;
}

static void arm_accept(int ls) {
  struct io_uring_sqe *s = sqe(ACCEPT, (unsigned) ls);
  s->opcode = IORING_OP_ACCEPT;
  s->fd = ls;
  s->ioprio = IORING_ACCEPT_MULTISHOT;
}

static void arm_recv(int fd) {
  struct io_uring_sqe *s = sqe(RECV, (unsigned) fd);
  s->opcode = IORING_OP_RECV;
  s->fd = fd;
  s->ioprio = IORING_RECV_MULTISHOT;
  s->flags = IOSQE_BUFFER_SELECT;
  s->buf_group = BGID;
  conns[fd].recv_armed = 1;
}

static void send_head(int fd) {
  int bid = conns[fd].q_head;
  struct io_uring_sqe *s = sqe(SEND, (unsigned) bid | (unsigned) fd << 16);
  s->opcode = IORING_OP_SEND;
  s->fd = fd;
  s->addr = (unsigned long) (bufmem + (size_t) bid * BUF_SIZE + boff[bid]);
  s->len = (unsigned) (blen[bid] - boff[bid]);
  s->msg_flags = MSG_NOSIGNAL;
  conns[fd].sending = 1;
}

/* Closes fd once the kernel holds no op on it; drops (recycles) whatever was still queued to send. */
static void maybe_close(int fd) {
  struct conn *c = &conns[fd];
  if (!c->closing || c->sending || c->recv_armed) return;
  for (int b = c->q_head; b >= 0; b = bnext[b]) recycle(b);
  c->q_head = c->q_tail = -1;
  c->closing = c->starved = 0;
  close(fd);
}

static void on_recv(int fd, struct io_uring_cqe *e) {
  struct conn *c = &conns[fd];
  if (!(e->flags & IORING_CQE_F_MORE)) c->recv_armed = 0;
  if (e->res > 0) {
    int bid = (int) (e->flags >> IORING_CQE_BUFFER_SHIFT);
    in_ring--;
    if (c->closing) { recycle(bid); maybe_close(fd); return; }
    blen[bid] = e->res;
    boff[bid] = 0;
    bnext[bid] = -1;
    if (c->q_tail >= 0) bnext[c->q_tail] = bid; else c->q_head = bid;
    c->q_tail = bid;
    if (!c->sending) send_head(fd);
    if (!c->recv_armed) arm_recv(fd);
  } else if (e->res == -ENOBUFS) {
    c->starved = 1; /* re-armed once sends give buffers back; nothing was read, so nothing is lost */
    if (nstarved < 2 * MAXFD) starved[nstarved++] = fd;
    maybe_close(fd);
  } else {
    c->closing = 1; /* end of stream or an error */
    maybe_close(fd);
  }
}

static int setup(void) {
  struct io_uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
  ring = (int) syscall(__NR_io_uring_setup, ENTRIES, &p);
  if (ring < 0) { printf("FAILED io_uring_setup: %s\n", strerror(errno)); return -1; }
  if (!(p.features & IORING_FEAT_SINGLE_MMAP)) { printf("FAILED io_uring: no IORING_FEAT_SINGLE_MMAP\n"); return -1; }
  size_t sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned);
  size_t cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
  size_t len = sq_len > cq_len ? sq_len : cq_len;
  char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring, IORING_OFF_SQ_RING);
  sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
      ring, IORING_OFF_SQES);
  if (m == MAP_FAILED || sqes == MAP_FAILED) { printf("FAILED mmap of the rings: %s\n", strerror(errno)); return -1; }
  sq_head = (unsigned *) (m + p.sq_off.head);
  sq_tail = (unsigned *) (m + p.sq_off.tail);
  sq_mask = (unsigned *) (m + p.sq_off.ring_mask);
  unsigned *array = (unsigned *) (m + p.sq_off.array);
  for (unsigned i = 0; i < p.sq_entries; i++) array[i] = i; /* SQ slot i holds SQE i */
  cq_head = (unsigned *) (m + p.cq_off.head);
  cq_tail = (unsigned *) (m + p.cq_off.tail);
  cq_mask = (unsigned *) (m + p.cq_off.ring_mask);
  cqes = (struct io_uring_cqe *) (m + p.cq_off.cqes);
  sq_entries = p.sq_entries;
  sq_local = *sq_tail;

  br = mmap(NULL, BUFS * sizeof(struct io_uring_buf), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  bufmem = mmap(NULL, (size_t) BUFS * BUF_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (br == MAP_FAILED || bufmem == MAP_FAILED) { printf("FAILED mmap of the buffers\n"); return -1; }
  struct io_uring_buf_reg reg;
  memset(&reg, 0, sizeof reg);
  reg.ring_addr = (unsigned long) br;
  reg.ring_entries = BUFS;
  reg.bgid = BGID;
  if (syscall(__NR_io_uring_register, ring, IORING_REGISTER_PBUF_RING, &reg, 1) < 0) {
    printf("FAILED IORING_REGISTER_PBUF_RING: %s\n", strerror(errno));
    return -1;
  }
  br_tail = 0;
  for (int b = 0; b < BUFS; b++) { in_ring--; recycle(b); }
  for (int fd = 0; fd < MAXFD; fd++) conns[fd].q_head = conns[fd].q_tail = -1;
  return 0;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc > 1 && strcmp(argv[1], "--probe") == 0) return setup() == 0 ? 0 : 1;
  int port = argc > 1 ? atoi(argv[1]) : 9000;
  if (setup() < 0) return 1;
  int ls = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(ls, (struct sockaddr *) &a, sizeof a) < 0 || listen(ls, 1024) < 0) {
    printf("FAILED bind/listen: %s\n", strerror(errno));
    return 1;
  }
  arm_accept(ls);
  printf("READY\n");
  for (;;) {
    publish();
    if (enter(pending(), 1, IORING_ENTER_GETEVENTS) < 0 && errno != EINTR && errno != EAGAIN && errno != EBUSY) {
      perror("io_uring_enter");
      return 1;
    }
    unsigned head = *cq_head;
    for (;;) {
      unsigned tail = __atomic_load_n(cq_tail, __ATOMIC_ACQUIRE);
      if (head == tail) break;
      for (; head != tail; head++) {
        struct io_uring_cqe *e = &cqes[head & *cq_mask];
        int type = (int) (e->user_data & 0xff);
        unsigned id = (unsigned) (e->user_data >> 8);
        if (type == ACCEPT) {
          if (e->res >= 0 && e->res < MAXFD) {
            setsockopt(e->res, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            arm_recv(e->res);
          } else if (e->res >= 0) {
            close(e->res);
          }
          if (!(e->flags & IORING_CQE_F_MORE)) arm_accept(ls);
        } else if (type == RECV) {
          on_recv((int) id, e);
        } else if (type == SEND) {
          int bid = (int) (id & 0xffff), fd = (int) (id >> 16);
          struct conn *c = &conns[fd];
          c->sending = 0;
          if (e->res < 0) { /* the peer is gone: stop its recv too, then close once both ops are done */
            if (!c->closing) shutdown(fd, SHUT_RDWR);
            c->closing = 1;
            maybe_close(fd);
            continue;
          }
          boff[bid] += e->res;
          if (boff[bid] < blen[bid]) { send_head(fd); continue; } /* short send: the rest, before anything after */
          c->q_head = bnext[bid];
          if (c->q_head < 0) c->q_tail = -1;
          recycle(bid);
          if (c->q_head >= 0) send_head(fd); /* after end of stream too: what was received is still echoed */
          else maybe_close(fd);
        }
      }
      __atomic_store_n(cq_head, head, __ATOMIC_RELEASE);
    }
    while (nstarved > 0 && in_ring > 0) {
      int fd = starved[--nstarved];
      if (!conns[fd].starved) continue;
      conns[fd].starved = 0;
      if (!conns[fd].closing) arm_recv(fd);
    }
  }
}
