/* wl-xthreads.c: blocks freed by another thread than the one that made them
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Four threads each allocate ROUNDS blocks and post each one to the next
 * thread's mailbox, which frees it; glibc hands freed addresses out again
 * at once, so any event out of order (a free before its allocation, or
 * after the next allocation at its address) shows as a wrong leak count.
 * Each thread then leaks 3 blocks of 5 bytes.
 * Figures: calls 4 * (ROUNDS + 3) own + 4 (pthread_create's DTV calloc);
 * leaked 60 B own + the 4 DTVs, which glibc never frees (272 B each
 * natively; more under a preloaded library with TLS of its own).
 */

#include <pthread.h>
#include <stdlib.h>

#define THREADS 4
#define ROUNDS 20000

typedef struct
{
  pthread_mutex_t lock;
  void           *slots[ROUNDS];
  int             n;
} Mailbox;

static Mailbox boxes[THREADS];
static pthread_barrier_t done_posting;
static void * volatile sink;

static void
drain (Mailbox *box)
{
  pthread_mutex_lock (&box->lock);
  while (box->n > 0)
    free (box->slots[--box->n]);
  pthread_mutex_unlock (&box->lock);
}

static void *
worker (void *data)
{
  int self = (int) (long) data;
  Mailbox *next = &boxes[(self + 1) % THREADS];

  for (int i = 0; i < ROUNDS; i++)
    {
      void *p = malloc (16 + self);

      pthread_mutex_lock (&next->lock);
      next->slots[next->n++] = p;
      pthread_mutex_unlock (&next->lock);
      if (i % 8 == 7)
        drain (&boxes[self]);
    }
  pthread_barrier_wait (&done_posting);
  drain (&boxes[self]);
  for (int i = 0; i < 3; i++)
    sink = malloc (5);
  return NULL;
}

int
main (void)
{
  pthread_t threads[THREADS];

  pthread_barrier_init (&done_posting, NULL, THREADS);
  for (int i = 0; i < THREADS; i++)
    pthread_mutex_init (&boxes[i].lock, NULL);
  for (int i = 0; i < THREADS; i++)
    if (pthread_create (&threads[i], NULL, worker, (void *) (long) i) != 0)
      return 1;
  for (int i = 0; i < THREADS; i++)
    pthread_join (threads[i], NULL);
  return 0;
}
