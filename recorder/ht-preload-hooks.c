/* ht-preload-hooks.c: malloc, free and the other allocator functions
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Our malloc & co. interpose on libc's: each calls the real function and
 * records the event, an allocation with its size and stack or a free, in
 * its thread's buffer. This is the code that runs on every allocation of
 * the program, so it is one translation unit with the hot path it calls
 * (inline in ht-preload-private.h). Before dlsym has found the real
 * functions, allocations come from a small static buffer, as dlsym itself
 * calls calloc.
 */

#define _GNU_SOURCE

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ht-preload-private.h"
#include "ht-stream.h"

/* bump allocator for calloc while dlsym runs */
static char bootstrap_buffer[4096] __attribute__ ((aligned (16)));
static size_t bootstrap_used;

static inline bool
in_bootstrap_buffer (const void *ptr)
{
  return (const char *) ptr >= bootstrap_buffer
         && (const char *) ptr < bootstrap_buffer + sizeof bootstrap_buffer;
}

static void *
bootstrap_calloc (size_t n,
                  size_t size)
{
  size_t total;
  void *p;

  if (__builtin_mul_overflow (n, size, &total))
    return NULL;
  total = (total + 15) & ~(size_t) 15;
  if (bootstrap_used + total > sizeof bootstrap_buffer)
    {
      static const char msg[] = "heaptrack-gtk: bootstrap buffer exhausted\n";

      if (write (STDERR_FILENO, msg, sizeof msg - 1) < 0)
        syscall (SYS_exit_group, 125);
      syscall (SYS_exit_group, 125);
    }
  p = bootstrap_buffer + bootstrap_used;
  bootstrap_used += total;
  return p;  /* static storage is already zeroed */
}

/* ---- events -------------------------------------------------------------- */

/* holding @tb, with the number @seq */
static inline void
put_alloc (ThreadBuf   *tb,
           uint64_t     seq,
           void        *ptr,
           size_t       size,
           const Stack *stack)
{
  uint32_t id = stack_id (tb, stack);
  unsigned char *p = reserve (tb, 1 + 4 * HT_VARINT_MAX);

  *p++ = HT_REC_ALLOC;
  p = put_z (p, tb->prev_seq, seq);
  p = put_u (p, size);
  p = put_u (p, id);
  p = put_z (p, tb->prev_ptr, (uintptr_t) ptr);
  tb->prev_seq = seq;
  tb->prev_ptr = (uintptr_t) ptr;
  commit (tb, p);
}

/* holding @tb, with a number taken before the real free */
static inline void
put_free (ThreadBuf *tb,
          void      *ptr,
          uint64_t   seq)
{
  unsigned char *p = reserve (tb, 1 + 2 * HT_VARINT_MAX);

  *p++ = HT_REC_FREE;
  p = put_z (p, tb->prev_seq, seq);
  p = put_z (p, tb->prev_ptr, (uintptr_t) ptr);
  tb->prev_seq = seq;
  tb->prev_ptr = (uintptr_t) ptr;
  commit (tb, p);
}

static void
record_alloc (void         *ptr,
              size_t        size,
              const Caller *caller)
{
  Stack stack;
  ThreadBuf *tb;
  uint64_t seq;

  capture (&stack, caller);
  tb = thread_buf ();
  if (tb == NULL)
    return;
  seq = hold (tb);
  if (atomic_load_explicit (&ht_stream.recording, memory_order_relaxed))
    put_alloc (tb, seq, ptr, size, &stack);
  unhold (tb);
}

/* ---- the allocator hooks ------------------------------------------------- */

HT_EXPORT void *
malloc (size_t size)
{
  void *ptr;

  if (UNLIKELY (ht_startup.bootstrapping))
    return bootstrap_calloc (1, size);
  ENSURE_REAL ();
  if (!should_record ())
    return ht_real.malloc (size);

  ht_thread.in_hook++;
  ptr = ht_real.malloc (size);
  if (ptr != NULL)
    {
      Caller caller = CALLER ();

      record_alloc (ptr, size, &caller);
    }
  ht_thread.in_hook--;
  return ptr;
}

HT_EXPORT void
free (void *ptr)
{
  ThreadBuf *tb;

  if (ptr == NULL || UNLIKELY (in_bootstrap_buffer (ptr)))
    return;
  ENSURE_REAL ();
  if (!should_record ())
    {
      ht_real.free (ptr);
      return;
    }
  ht_thread.in_hook++;
  tb = thread_buf ();
  if (tb != NULL)
    {
      uint64_t seq = hold (tb);

      if (atomic_load_explicit (&ht_stream.recording, memory_order_relaxed))
        put_free (tb, ptr, seq);
      unhold (tb);
    }
  ht_real.free (ptr);
  ht_thread.in_hook--;
}

HT_EXPORT void *
calloc (size_t n,
        size_t size)
{
  void *ptr;

  if (UNLIKELY (ht_startup.bootstrapping))
    return bootstrap_calloc (n, size);
  ENSURE_REAL ();
  if (!should_record ())
    return ht_real.calloc (n, size);

  ht_thread.in_hook++;
  ptr = ht_real.calloc (n, size);
  if (ptr != NULL)
    {
      Caller caller = CALLER ();

      record_alloc (ptr, n * size, &caller);
    }
  ht_thread.in_hook--;
  return ptr;
}

/* realloc, reallocarray: the free part takes its number before the real
 * call, the allocation part after it. The thread holds its buffer across
 * the call, so no watermark can pass the free's number before its record
 * is written (or dropped, when the call fails and the block stays). */
static void *
do_realloc (void         *old,
            size_t        size,
            size_t        n,
            bool          array,
            const Caller *caller)
{
  Stack stack;
  ThreadBuf *tb;
  uint64_t free_seq = 0;
  size_t total = array ? n * size : size;
  void *ptr;

  ht_thread.in_hook++;
  capture (&stack, caller);
  tb = thread_buf ();
  if (tb != NULL)
    free_seq = hold (tb);
  if (array)
    ptr = ht_real.reallocarray (old, n, size);
  else
    ptr = ht_real.realloc (old, size);
  if (tb != NULL)
    {
      if (atomic_load_explicit (&ht_stream.recording, memory_order_relaxed))
        {
          if (ptr != NULL)
            {
              if (old != NULL)
                put_free (tb, old, free_seq);
              put_alloc (tb, take_seq (), ptr, total, &stack);
            }
          else if (old != NULL && total == 0)
            {
              /* realloc (p, 0) returned NULL: glibc freed p */
              put_free (tb, old, free_seq);
            }
        }
      unhold (tb);
    }
  ht_thread.in_hook--;
  return ptr;
}

HT_EXPORT void *
realloc (void   *old,
         size_t  size)
{
  if (UNLIKELY (in_bootstrap_buffer (old)))
    {
      void *ptr = malloc (size);
      size_t avail = bootstrap_buffer + sizeof bootstrap_buffer - (char *) old;

      if (ptr != NULL)
        memcpy (ptr, old, size < avail ? size : avail);
      return ptr;
    }
  ENSURE_REAL ();
  if (!should_record ())
    return ht_real.realloc (old, size);
  {
    Caller caller = CALLER ();

    return do_realloc (old, size, 1, false, &caller);
  }
}

HT_EXPORT void *
reallocarray (void   *old,
              size_t  n,
              size_t  size)
{
  ENSURE_REAL ();
  if (ht_real.reallocarray == NULL)
    {
      size_t total;

      if (__builtin_mul_overflow (n, size, &total))
        {
          errno = ENOMEM;
          return NULL;
        }
      return realloc (old, total);
    }
  if (!should_record ())
    return ht_real.reallocarray (old, n, size);
  {
    Caller caller = CALLER ();

    return do_realloc (old, size, n, true, &caller);
  }
}

/* the aligned allocators: one helper, the real call is passed as a kind */
enum { K_POSIX_MEMALIGN, K_ALIGNED_ALLOC, K_MEMALIGN, K_VALLOC, K_PVALLOC };

static void *
aligned_call (int     kind,
              size_t  alignment,
              size_t  size,
              int    *ret)
{
  void *ptr = NULL;

  *ret = 0;
  switch (kind)
    {
    case K_POSIX_MEMALIGN:
      *ret = ht_real.posix_memalign (&ptr, alignment, size);
      if (*ret != 0)
        ptr = NULL;
      break;
    case K_ALIGNED_ALLOC:
      ptr = ht_real.aligned_alloc ? ht_real.aligned_alloc (alignment, size) : NULL;
      break;
    case K_MEMALIGN:
      ptr = ht_real.memalign ? ht_real.memalign (alignment, size) : NULL;
      break;
    case K_VALLOC:
      ptr = ht_real.valloc ? ht_real.valloc (size) : NULL;
      break;
    case K_PVALLOC:
      ptr = ht_real.pvalloc ? ht_real.pvalloc (size) : NULL;
      break;
    default:
      break;
    }
  return ptr;
}

static void *
aligned_hook (int           kind,
              size_t        alignment,
              size_t        size,
              int          *ret,
              const Caller *caller)
{
  void *ptr;

  ENSURE_REAL ();
  if (!should_record ())
    return aligned_call (kind, alignment, size, ret);

  ht_thread.in_hook++;
  ptr = aligned_call (kind, alignment, size, ret);
  if (ptr != NULL)
    record_alloc (ptr, size, caller);
  ht_thread.in_hook--;
  return ptr;
}

HT_EXPORT int
posix_memalign (void   **out,
                size_t   alignment,
                size_t   size)
{
  Caller caller = CALLER ();
  int ret;
  void *ptr = aligned_hook (K_POSIX_MEMALIGN, alignment, size, &ret, &caller);

  if (ret == 0)
    *out = ptr;
  return ret;
}

HT_EXPORT void *
aligned_alloc (size_t alignment,
               size_t size)
{
  Caller caller = CALLER ();
  int ret;

  return aligned_hook (K_ALIGNED_ALLOC, alignment, size, &ret, &caller);
}

HT_EXPORT void *
memalign (size_t alignment,
          size_t size)
{
  Caller caller = CALLER ();
  int ret;

  return aligned_hook (K_MEMALIGN, alignment, size, &ret, &caller);
}

HT_EXPORT void *
valloc (size_t size)
{
  Caller caller = CALLER ();
  int ret;

  return aligned_hook (K_VALLOC, 0, size, &ret, &caller);
}

HT_EXPORT void *
pvalloc (size_t size)
{
  Caller caller = CALLER ();
  int ret;

  return aligned_hook (K_PVALLOC, 0, size, &ret, &caller);
}
