/* ht-preload-private.h: the state and the hot path the recorder's files share
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The recorder hooks the allocator functions of libc and writes the binary
 * stream of ht-stream.h to the file descriptor named by HT_OUTPUT_FD. No
 * GLib here, and nothing allocates through the hooked functions: our own
 * memory comes from mmap.
 *
 * Each thread appends its events to its own buffer, which it holds (see
 * ThreadBuf: no lock taken per event) while it takes the event's number
 * and writes the event; a full buffer goes out as one chunk under the
 * write lock. The numbers come from one global counter: a free takes its
 * number before the real free, an allocation after the real allocation.
 * Every 10 ms the flush thread takes a number W, flushes every thread's
 * buffer (waiting for each writer to be out, so every event numbered below
 * W is then in the stream) and writes the watermark W; the symbolizer
 * merges the threads' events up to W in number order. Every 10 ms too, the
 * clock thread records a timestamp, an event like the others.
 *
 * One file a part: ht-preload-init.c (starting and stopping),
 * ht-preload-buffers.c (the buffers and the output), ht-preload-stacks.c
 * (the table of stacks), ht-preload-modules.c (the module list),
 * ht-preload-hooks.c (malloc & co.), ht-preload-libc.c (the other libc
 * functions we wrap). This header holds the state they share, declared
 * hidden, and the path every malloc and free takes: the thread's buffer,
 * the event's number, the stack and its id, the records. That path is
 * static inline here, so the hooks compile it into their own code as they
 * did when the recorder was one file, without a call into another file;
 * what it does seldom (a thread's first buffer, a full buffer going out, a
 * stack the table has not seen) is out of line in the file of its part.
 */

#pragma once

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/futex.h>

#include "ht-stream.h"
#include "ht-unwind.h"

#define HT_EXPORT __attribute__ ((visibility ("default")))
#define HT_TLS __attribute__ ((tls_model ("initial-exec")))
#define LIKELY(x) __builtin_expect (!!(x), 1)
#define UNLIKELY(x) __builtin_expect (!!(x), 0)

#define MAX_FRAMES 64
#define HIGH_FD 1000
/* room in front of a buffer's records for the chunk's type, thread, length */
#define CHUNK_HEAD_ROOM (1 + 2 * HT_VARINT_MAX)
#define THREAD_BUFFER_SIZE (32 * 1024)
/* the largest record but a module list: a stack definition */
#define MAX_RECORD (3 + 2 * HT_VARINT_MAX + MAX_FRAMES * HT_VARINT_MAX)
#define STACK_CACHE_SIZE 4096

/* after the system headers, so that only what is ours is hidden */
#pragma GCC visibility push (hidden)

/* ---- types --------------------------------------------------------------- */

/* a stack seen lately by a thread; its frames are the global table's */
typedef struct
{
  uint64_t         hash;
  uint32_t         id;     /* 0 = empty */
  uint32_t         epoch;
  int              n;
  const uintptr_t *frames;
} StackCacheEntry;

/* A futex lock, inline: 0 free, 1 taken, 2 taken with waiters. It keeps
 * the threads that share the orphan buffer apart. */
typedef struct
{
  atomic_int state;
} HtLock;

/* A buffer has one writer, its thread, and now and then one flusher
 * (the flush thread, exit, a thread's end; flushers take list_lock). They
 * keep out of each other's way without a lock taken per event, Dekker-style:
 * the writer sets busy, takes its event's number (an atomic add, which
 * orders the two) and then checks flushing; a flusher sets flushing and
 * then waits for busy to clear. One of them always sees the other. A
 * writer that sees flushing drops the number it took (gaps are harmless)
 * and tries again once the flusher is done. */
typedef struct ThreadBuf ThreadBuf;
struct ThreadBuf
{
  atomic_int      busy;
  atomic_int      flushing;
  ThreadBuf      *next;      /* the list of all buffers, under list_lock */
  uint64_t        id;
  uint64_t        prev_seq;  /* delta bases, 0 at each chunk's start */
  uintptr_t       prev_ptr;
  size_t          used;      /* bytes of records after the head room */
  StackCacheEntry cache[STACK_CACHE_SIZE];
  unsigned char   data[CHUNK_HEAD_ROOM + THREAD_BUFFER_SIZE];
};

/* a growable byte buffer on mmap, for records built outside the locks */
typedef struct
{
  unsigned char *data;
  size_t         len;
  size_t         cap;
} ByteBuf;

typedef struct
{
  uintptr_t        buf[MAX_FRAMES];
  const uintptr_t *frames;  /* into buf, past our own frames */
  int              n;
  uint64_t         hash;
} Stack;

/* Where an exported function was called from: the address its call
 * returns to, and the stack pointer and rbp its caller has then. Stacks are
 * walked from there instead of through our own frames, which were a third
 * of the frames walked on C++ code. The library is built with frame
 * pointers: the function's frame address holds the caller's rbp, then the
 * return address. Expanded in the exported function itself. */
typedef struct
{
  uintptr_t ip, sp, bp;
} Caller;

#define CALLER() \
  ({ const uintptr_t *fp_ = __builtin_frame_address (0); \
     (Caller) { fp_[1], (uintptr_t) (fp_ + 2), fp_[0] }; })

/* ---- shared state -------------------------------------------------------- */

/* the real functions, found by ht-preload-init.c */
typedef struct
{
  void *(*malloc) (size_t);
  void  (*free) (void *);
  void *(*calloc) (size_t, size_t);
  void *(*realloc) (void *, size_t);
  int   (*posix_memalign) (void **, size_t, size_t);
  void *(*aligned_alloc) (size_t, size_t);
  void *(*memalign) (size_t, size_t);
  void *(*valloc) (size_t);
  void *(*pvalloc) (size_t);
  void *(*reallocarray) (void *, size_t, size_t);
  void *(*dlopen) (const char *, int);
  int   (*dlclose) (void *);
  int   (*close) (int);
  int   (*close_range) (unsigned int, unsigned int, int);
  int   (*dup2) (int, int);
  int   (*dup3) (int, int, int);
  int   (*execve) (const char *, char *const[], char *const[]);
  int   (*execvpe) (const char *, char *const[], char *const[]);
  void  (*_exit) (int) __attribute__ ((noreturn));
  void  (*abort) (void) __attribute__ ((noreturn));
} HtRealFunctions;

extern HtRealFunctions ht_real;

/* how far the start has come, as the hooks see it; defined in
 * ht-preload-init.c */
typedef struct
{
  /* dlsym is running: allocations come from the bootstrap buffer */
  bool        bootstrapping;
  /* the constructor or the first hook has read the environment, so
   * ht_real is filled */
  atomic_bool env_read;
} HtStartup;

extern HtStartup ht_startup;

/* the stream being recorded into; defined in ht-preload-buffers.c */
typedef struct
{
  atomic_bool     recording;   /* false once stopped, or after a write error */
  int             fd;          /* ours, at or above HIGH_FD; -1 when none */
  bool            is_socket;   /* else write () with SIGPIPE blocked */
  int             statm_fd;    /* /proc/self/statm, for the RSS; ours too */
  struct timespec start_time;  /* of the stream: timestamps count from it */
  pthread_mutex_t write_lock;  /* one message at a time on fd */
} HtStream;

extern HtStream ht_stream;

/* the numbers of the events, one counter for every thread; defined in
 * ht-preload-buffers.c. Every event adds to it, so its cache line moves
 * from core to core: the line is its own, so that nothing the hooks only
 * read moves with it. */
typedef struct
{
  _Atomic uint64_t next;
} __attribute__ ((aligned (64))) HtSeq;

extern HtSeq ht_seq;

/* every thread's buffer; defined in ht-preload-buffers.c */
typedef struct
{
  /* lock order: list_lock, then holding or seizing a buffer, then
   * table_lock or write_lock */
  pthread_mutex_t list_lock;
  ThreadBuf      *threads;
  uint64_t        next_thread_id;
  /* for threads past their key destructor, and when a buffer cannot be mapped */
  ThreadBuf      *orphan;
  HtLock          orphan_writers;
  pthread_key_t   thread_key;
} HtBuffers;

extern HtBuffers ht_buffers;

/* each thread's own; defined in ht-preload-buffers.c */
typedef struct
{
  int        in_hook;      /* in our own code: its allocations are not recorded */
  ThreadBuf *my_buf;       /* from the first event to the key's destructor */
  bool       thread_done;  /* past the destructor: the orphan buffer */
  /* set while flushing from inside one of our hooks (exit () in a signal
   * handler): this thread may hold any of our locks, so they are only tried */
  bool       flushing_in_hook;
  /* the buffer whose lock this thread holds while recording an event */
  ThreadBuf *held_buf;
} HtThread;

extern HT_TLS __thread HtThread ht_thread;

/* what stack capture shares; defined in ht-preload-stacks.c */
typedef struct
{
  /* bumped by every dlclose: stacks seen before it get new ids after it */
  _Atomic uint32_t epoch;
  /* our own code, whose frames capture drops */
  uintptr_t        self_start, self_end;
  /* the global table's, taken on a miss of the thread's cache */
  pthread_mutex_t  table_lock;
} HtStacks;

extern HtStacks ht_stacks;

/* ---- out of line, in the file of their part ------------------------------ */

/* ht-preload-init.c */
void           _ht_first_call      (void);
uint64_t       _ht_elapsed_ms      (void);
uint64_t       _ht_resident_pages  (void);

/* ht-preload-buffers.c */
bool           _ht_write_all       (const unsigned char *data,
                                    size_t               len);
void           _ht_write_chunk     (unsigned char       *room,
                                    size_t               len,
                                    uint64_t             id);
ThreadBuf     *_ht_new_thread_buf  (void);
void           _ht_thread_end      (void                *data);
void           _ht_flush_all       (int                  type,
                                    bool                 final);

/* ht-preload-stacks.c */
uint32_t       _ht_table_lookup    (const Stack         *stack,
                                    uint32_t             ep,
                                    const uintptr_t    **frames,
                                    bool                *is_new);
void           _ht_reset_stacks    (void);

/* ht-preload-modules.c */
void           _ht_bytes_free      (ByteBuf             *bb);
void           _ht_build_modules   (ByteBuf             *bb);
void           _ht_emit_modules    (ThreadBuf           *tb,
                                    const ByteBuf       *bb);
void           _ht_record_modules  (void);

/* ---- memory without malloc ----------------------------------------------- */

static inline void *
map_zeroed (size_t size)
{
  void *p = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  return p == MAP_FAILED ? NULL : p;
}

/* ---- varints (ht-stream.h) ----------------------------------------------- */

static inline unsigned char *
put_u (unsigned char *p,
       uint64_t       v)
{
  while (v >= 0x80)
    {
      *p++ = (unsigned char) (v | 0x80);
      v >>= 7;
    }
  *p++ = (unsigned char) v;
  return p;
}

static inline unsigned char *
put_z (unsigned char *p,
       uint64_t       from,
       uint64_t       to)
{
  int64_t d = (int64_t) (to - from);

  return put_u (p, ((uint64_t) d << 1) ^ (uint64_t) (d >> 63));
}

/* ---- locks --------------------------------------------------------------- */

static inline void
ht_lock (HtLock *l)
{
  int c = 0;

  if (LIKELY (atomic_compare_exchange_strong_explicit (&l->state, &c, 1, memory_order_acquire,
                                                       memory_order_relaxed)))
    return;
  if (c != 2)
    c = atomic_exchange_explicit (&l->state, 2, memory_order_acquire);
  while (c != 0)
    {
      syscall (SYS_futex, &l->state, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0);
      c = atomic_exchange_explicit (&l->state, 2, memory_order_acquire);
    }
}

static inline void
ht_unlock (HtLock *l)
{
  if (UNLIKELY (atomic_exchange_explicit (&l->state, 0, memory_order_release) == 2))
    syscall (SYS_futex, &l->state, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* waits while *@word is @value, for a millisecond at most: the waker may
 * not know we sleep */
static inline void
futex_wait_briefly (atomic_int *word,
                    int         value)
{
  struct timespec ms = { 0, 1000 * 1000 };

  syscall (SYS_futex, word, FUTEX_WAIT_PRIVATE, value, &ms, NULL, 0);
}

/* ---- output -------------------------------------------------------------- */

static inline void
stop_output (void)
{
  atomic_store (&ht_stream.recording, false);
}

/* ---- thread buffers: the writer's side ----------------------------------- */

/* holding @tb, or having seized it */
static inline void
flush_locked (ThreadBuf *tb)
{
  if (tb->used > 0)
    _ht_write_chunk (tb->data, tb->used, tb->id);
  tb->used = 0;
  tb->prev_seq = 0;
  tb->prev_ptr = 0;
}

/* holding @tb: room for a record of up to @size bytes */
static inline unsigned char *
reserve (ThreadBuf *tb,
         size_t     size)
{
  if (UNLIKELY (tb->used + size > THREAD_BUFFER_SIZE))
    flush_locked (tb);
  return tb->data + CHUNK_HEAD_ROOM + tb->used;
}

static inline void
commit (ThreadBuf     *tb,
        unsigned char *end)
{
  tb->used = end - (tb->data + CHUNK_HEAD_ROOM);
}

static inline uint64_t
take_seq (void)
{
  return atomic_fetch_add (&ht_seq.next, 1);
}

/* The writer's side: takes @tb to record an event and returns the
 * event's number. A signal handler on this thread then knows which buffer
 * it holds (see _ht_flush_all). */
static inline uint64_t
hold (ThreadBuf *tb)
{
  uint64_t seq;

  if (UNLIKELY (tb == ht_buffers.orphan))
    ht_lock (&ht_buffers.orphan_writers);
  for (;;)
    {
      atomic_store_explicit (&tb->busy, 1, memory_order_relaxed);
      /* a locked add: on x86 it orders the store above before the load
       * below; elsewhere a fence does */
      seq = atomic_fetch_add (&ht_seq.next, 1);
#if !defined(__x86_64__) && !defined(__i386__)
      atomic_thread_fence (memory_order_seq_cst);
#endif
      if (LIKELY (!atomic_load_explicit (&tb->flushing, memory_order_acquire)))
        break;
      atomic_store_explicit (&tb->busy, 0, memory_order_release);
      for (int f; (f = atomic_load_explicit (&tb->flushing, memory_order_acquire)) != 0; )
        {
          /* 2: a writer waits, so the flusher must wake it */
          if (f == 1)
            atomic_compare_exchange_strong (&tb->flushing, &f, 2);
          futex_wait_briefly (&tb->flushing, 2);
        }
    }
  ht_thread.held_buf = tb;
  atomic_signal_fence (memory_order_seq_cst);
  return seq;
}

static inline void
unhold (ThreadBuf *tb)
{
  ht_thread.held_buf = NULL;
  atomic_signal_fence (memory_order_seq_cst);
  atomic_store_explicit (&tb->busy, 0, memory_order_release);
  if (UNLIKELY (tb == ht_buffers.orphan))
    ht_unlock (&ht_buffers.orphan_writers);
}

static inline ThreadBuf *
thread_buf (void)
{
  ThreadBuf *tb = ht_thread.my_buf;

  if (LIKELY (tb != NULL))
    return tb;
  if (ht_thread.thread_done)
    return ht_buffers.orphan;
  tb = _ht_new_thread_buf ();
  if (tb == NULL)
    return ht_buffers.orphan;
  ht_thread.my_buf = tb;
  /* the key's destructor flushes and unregisters the buffer */
  pthread_setspecific (ht_buffers.thread_key, tb);
  return tb;
}

/* ---- stack capture ------------------------------------------------------- */

/* The only place that unwinds: cached call-frame rules from @caller up,
 * else from here with libunwind for the frames those do not cover
 * (ht-unwind.c) */
static inline int
backtrace_frames (void        **frames,
                  int           max,
                  const Caller *caller)
{
  int n = ht_unwind_backtrace_from (caller->ip, caller->sp, caller->bp, frames, max);

  return n >= 0 ? n : ht_unwind_backtrace (frames, max);
}

static inline void
capture (Stack        *stack,
         const Caller *caller)
{
  int n = backtrace_frames ((void **) stack->buf, MAX_FRAMES, caller);
  int skip = 0, i;
  uint64_t h, h2;

  if (n < 0)
    n = 0;
  /* drop our own frames, whatever the compiler inlined (libunwind's
   * walk, or a hook called from our own code) */
  while (skip < n && stack->buf[skip] >= ht_stacks.self_start
         && stack->buf[skip] < ht_stacks.self_end)
    skip++;
  while (n > skip && stack->buf[n - 1] == 0)
    n--;
  stack->n = n - skip;
  stack->frames = stack->buf + skip;

  /* two lanes: half the multiply chain's latency */
  h = (uint64_t) stack->n;
  h2 = 0x9e3779b97f4a7c15ull;
  for (i = 0; i + 1 < stack->n; i += 2)
    {
      h = (h ^ stack->frames[i]) * 0x100000001b3ull;
      h2 = (h2 ^ stack->frames[i + 1]) * 0x100000001b3ull;
    }
  if (i < stack->n)
    h = (h ^ stack->frames[i]) * 0x100000001b3ull;
  h ^= h2 * 0xc2b2ae3d27d4eb4full;
  stack->hash = h ^ (h >> 32);
}

/* Holding @tb: the id of @stack, defining it in @tb's buffer when it is
 * new. The definition is written before @tb is let go, so before any
 * watermark can release an event of another thread that uses it. */
static inline uint32_t
stack_id (ThreadBuf   *tb,
          const Stack *stack)
{
  uint32_t ep = atomic_load_explicit (&ht_stacks.epoch, memory_order_relaxed);
  StackCacheEntry *entry = &tb->cache[stack->hash & (STACK_CACHE_SIZE - 1)];
  const uintptr_t *frames;
  bool is_new;
  uint32_t id;

  if (stack->n == 0)
    return 0;
  if (entry->id != 0 && entry->hash == stack->hash && entry->epoch == ep
      && entry->n == stack->n
      && memcmp (entry->frames, stack->frames, stack->n * sizeof (uintptr_t)) == 0)
    return entry->id;

  pthread_mutex_lock (&ht_stacks.table_lock);
  id = _ht_table_lookup (stack, ep, &frames, &is_new);
  pthread_mutex_unlock (&ht_stacks.table_lock);
  if (id == 0)
    return 0;

  if (is_new)
    {
      unsigned char *p = reserve (tb, MAX_RECORD);
      uintptr_t prev = 0;

      *p++ = HT_REC_STACK;
      p = put_u (p, id);
      p = put_u (p, stack->n);
      for (int i = 0; i < stack->n; i++)
        {
          p = put_z (p, prev, stack->frames[i]);
          prev = stack->frames[i];
        }
      commit (tb, p);
    }
  entry->hash = stack->hash;
  entry->epoch = ep;
  entry->id = id;
  entry->n = stack->n;
  entry->frames = frames;
  return id;
}

/* ---- entering a hook ----------------------------------------------------- */

#define ENSURE_REAL() \
  do { \
    if (UNLIKELY (!atomic_load_explicit (&ht_startup.env_read, memory_order_acquire))) \
      _ht_first_call (); \
  } while (0)

static inline bool
should_record (void)
{
  return atomic_load_explicit (&ht_stream.recording, memory_order_relaxed)
         && ht_thread.in_hook == 0;
}

#pragma GCC visibility pop
