/* ht-preload-buffers.c: the threads' buffers and the stream they go out to
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every event goes into its thread's buffer, and from the buffers into the
 * stream. This file holds the part of that which does not run on every
 * event: the list of the buffers, a thread's first and last moments, the
 * flusher's side of the busy/flushing handshake (seize, let_go), flushing
 * every buffer behind a watermark, and writing chunks and messages to the
 * output descriptor without ever troubling the program. The writer's side
 * (hold, reserve, unhold) runs in every hook and is inline in
 * ht-preload-private.h.
 */

#define _GNU_SOURCE

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/futex.h>

#include "ht-preload-private.h"
#include "ht-stream.h"

HtStream ht_stream = {
  .fd = -1,
  .is_socket = true,
  .statm_fd = -1,
  .write_lock = PTHREAD_MUTEX_INITIALIZER,
};

HtSeq ht_seq = { 1 };

HtBuffers ht_buffers = {
  .list_lock = PTHREAD_MUTEX_INITIALIZER,
  .next_thread_id = 1,
};

HT_TLS __thread HtThread ht_thread;

/* Tries a lock for up to about 20 ms: long enough for another thread to
 * let it go, bounded when it is this thread's own. */
static bool
lock_patiently (pthread_mutex_t *mutex)
{
  for (int i = 0; i < 200; i++)
    {
      struct timespec pause = { 0, 100 * 1000 };

      if (pthread_mutex_trylock (mutex) == 0)
        return true;
      nanosleep (&pause, NULL);
    }
  return false;
}

/* ---- output -------------------------------------------------------------- */

/* Under write_lock. Any error silently ends the recording: the program
 * must go on as if we were not there. */
bool
_ht_write_all (const unsigned char *data,
               size_t               len)
{
  if (ht_stream.fd < 0)
    return false;
  while (len > 0)
    {
      ssize_t n;

      if (ht_stream.is_socket)
        {
          n = send (ht_stream.fd, data, len, MSG_NOSIGNAL);
          if (n < 0 && errno == ENOTSOCK)
            {
              ht_stream.is_socket = false;
              continue;
            }
        }
      else
        {
          /* a pipe: keep SIGPIPE away from the program */
          sigset_t pipe_set, old_set, pending;
          bool was_pending;

          sigemptyset (&pipe_set);
          sigaddset (&pipe_set, SIGPIPE);
          pthread_sigmask (SIG_BLOCK, &pipe_set, &old_set);
          sigpending (&pending);
          was_pending = sigismember (&pending, SIGPIPE);
          n = write (ht_stream.fd, data, len);
          if (n < 0 && errno == EPIPE && !was_pending)
            {
              struct timespec zero = { 0, 0 };

              sigtimedwait (&pipe_set, NULL, &zero);
            }
          pthread_sigmask (SIG_SETMASK, &old_set, NULL);
        }
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return false;
        }
      data += n;
      len -= (size_t) n;
    }
  return true;
}

static void
write_message (const unsigned char *data,
               size_t               len)
{
  int cancel_state;

  if (UNLIKELY (ht_thread.flushing_in_hook))
    {
      if (!lock_patiently (&ht_stream.write_lock))
        return;
    }
  else
    pthread_mutex_lock (&ht_stream.write_lock);
  /* send and write are cancellation points: a thread cancelled there would
   * leave the write lock taken and its buffer held for good */
  pthread_setcancelstate (PTHREAD_CANCEL_DISABLE, &cancel_state);
  if (!_ht_write_all (data, len))
    stop_output ();
  pthread_setcancelstate (cancel_state, NULL);
  pthread_mutex_unlock (&ht_stream.write_lock);
}

/* Writes @len bytes of records that sit right after CHUNK_HEAD_ROOM bytes
 * of room, as one chunk of thread @id. */
void
_ht_write_chunk (unsigned char *room,
                 size_t         len,
                 uint64_t       id)
{
  unsigned char head[CHUNK_HEAD_ROOM], *p = head;
  size_t head_len;

  *p++ = HT_MSG_CHUNK;
  p = put_u (p, id);
  p = put_u (p, len);
  head_len = p - head;
  memcpy (room + CHUNK_HEAD_ROOM - head_len, head, head_len);
  write_message (room + CHUNK_HEAD_ROOM - head_len, head_len + len);
}

/* ---- thread buffers ------------------------------------------------------ */

static void
let_go (ThreadBuf *tb)
{
  /* a system call only when the writer waits: the flush thread lets go of
   * every thread's buffer every 10 ms */
  if (atomic_exchange_explicit (&tb->flushing, 0, memory_order_release) == 2)
    syscall (SYS_futex, &tb->flushing, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

/* The flusher's side, under list_lock: waits for the writer to be out of
 * @tb, for about 20 ms at most when @patient (from a signal handler, whose
 * own thread may be the writer). */
static bool
seize (ThreadBuf *tb,
       bool       patient)
{
  atomic_store (&tb->flushing, 1);
  for (int i = 0; atomic_load (&tb->busy); i++)
    {
      if (patient && i >= 100 + 20)
        {
          let_go (tb);
          return false;
        }
      if (i < 100)
        sched_yield ();
      else
        futex_wait_briefly (&tb->busy, 1);
    }
  return true;
}

ThreadBuf *
_ht_new_thread_buf (void)
{
  ThreadBuf *tb = map_zeroed (sizeof (ThreadBuf));

  if (tb == NULL)
    return NULL;
  pthread_mutex_lock (&ht_buffers.list_lock);
  tb->id = ht_buffers.next_thread_id++;
  tb->next = ht_buffers.threads;
  ht_buffers.threads = tb;
  pthread_mutex_unlock (&ht_buffers.list_lock);
  return tb;
}

/* The thread is ending: its last events go out, its buffer goes away.
 * Holding list_lock throughout keeps the flush thread from writing a
 * watermark between our leaving the list and our chunk. */
void
_ht_thread_end (void *data)
{
  ThreadBuf *tb = data, **link;

  ht_thread.in_hook++;
  pthread_mutex_lock (&ht_buffers.list_lock);
  hold (tb);
  if (atomic_load (&ht_stream.recording))
    {
      unsigned char *p = reserve (tb, 1);

      *p++ = HT_REC_THREAD_END;
      commit (tb, p);
      flush_locked (tb);
    }
  unhold (tb);
  for (link = &ht_buffers.threads; *link != NULL; link = &(*link)->next)
    if (*link == tb)
      {
        *link = tb->next;
        break;
      }
  pthread_mutex_unlock (&ht_buffers.list_lock);
  ht_thread.my_buf = NULL;
  ht_thread.thread_done = true;
  munmap (tb, sizeof (ThreadBuf));
  ht_thread.in_hook--;
}

/* Takes a number W, flushes every buffer and writes the watermark W as a
 * message of @type: HT_MSG_WATERMARK, or HT_MSG_TICK or HT_MSG_END with a
 * timestamp. From inside a hook (a signal handler), the buffer this thread
 * was writing goes out too when the process ends for sure (@final): the
 * interrupted code never resumes, and its records up to tb->used are
 * whole. */
void
_ht_flush_all (int  type,
               bool final)
{
  uint64_t w = take_seq ();
  unsigned char msg[1 + 3 * HT_VARINT_MAX], *p = msg;

  if (UNLIKELY (ht_thread.flushing_in_hook))
    {
      /* this thread's own buffer first, without list_lock: the flush
       * thread may hold that lock while it waits for this very buffer,
       * which the hook we interrupted holds */
      if (ht_thread.held_buf != NULL && final)
        flush_locked (ht_thread.held_buf);
      if (!lock_patiently (&ht_buffers.list_lock))
        return;
      for (ThreadBuf *tb = ht_buffers.threads; tb != NULL; tb = tb->next)
        {
          if (tb == ht_thread.held_buf)
            continue;
          if (seize (tb, true))
            {
              flush_locked (tb);
              let_go (tb);
            }
        }
    }
  else
    {
      pthread_mutex_lock (&ht_buffers.list_lock);
      for (ThreadBuf *tb = ht_buffers.threads; tb != NULL; tb = tb->next)
        {
          seize (tb, false);
          flush_locked (tb);
          let_go (tb);
        }
    }
  pthread_mutex_unlock (&ht_buffers.list_lock);

  *p++ = (unsigned char) type;
  p = put_u (p, w);
  if (type != HT_MSG_WATERMARK)
    {
      p = put_u (p, _ht_elapsed_ms ());
      p = put_u (p, _ht_resident_pages ());
    }
  write_message (msg, p - msg);
}
