/* threads.c: multi-threaded allocation workload for bench/record-bench.sh
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Four threads allocate and free blocks of 16 to 527 bytes from two call
 * sites, 2,000,000 allocations in all by default. Each thread keeps its
 * last 64 blocks alive; one block in eight is handed to the next thread
 * through a mutex-protected mailbox and freed there, so blocks are freed
 * by a thread other than the one that allocated them, and the recorder's
 * lock sees contention. Each thread leaks 10 blocks at the end.
 *
 * The number of allocation calls is exact and independent of scheduling:
 * ALLOCS (rounded down to a multiple of 4) + 40 leaked, plus whatever
 * glibc itself allocates for the threads.
 *
 * Build: gcc -O2 -g -pthread -o threads threads.c
 * Run:   ./threads [ALLOCS]
 */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NOINLINE __attribute__ ((noipa))
#define KEEP(p) __asm__ volatile ("" : : "r" (p) : "memory")

#define N_THREADS 4
#define LIVE 64            /* blocks each thread keeps alive */
#define MAILBOX 4096       /* blocks waiting for the next thread */
#define HAND_EVERY 8       /* one block in 8 goes to the next thread */
#define DRAIN_EVERY 32     /* a thread empties its mailbox this often */
#define LEAKS 10

typedef struct
{
  pthread_mutex_t lock;
  unsigned        count;
  void           *slots[MAILBOX];
} Mailbox;

typedef struct
{
  pthread_t     thread;
  unsigned      index;
  unsigned long allocs;
  unsigned long handed;     /* blocks given to the next thread */
  unsigned long received;   /* blocks freed for the previous thread */
} Worker;

static Mailbox mailboxes[N_THREADS];
static Worker workers[N_THREADS];

/* two allocation sites a few frames deep, so the traces differ */
static NOINLINE void *
alloc_small (size_t size, int depth)
{
  void *p = malloc (size);

  KEEP (p);
  KEEP (depth);
  return p;
}

static NOINLINE void *
alloc_large (size_t size, int depth)
{
  char *p = malloc (size);

  p[size - 1] = 1;
  KEEP (p);
  KEEP (depth);
  return p;
}

static NOINLINE void *
pick_site (size_t size, int depth)
{
  void *p = size < 128 ? alloc_small (size, depth + 1) : alloc_large (size, depth + 1);

  KEEP (depth);
  return p;
}

/* gives p to the mailbox's owner; false when the mailbox is full */
static NOINLINE int
hand_over (Mailbox *box, void *p)
{
  int done = 0;

  pthread_mutex_lock (&box->lock);
  if (box->count < MAILBOX)
    {
      box->slots[box->count++] = p;
      done = 1;
    }
  pthread_mutex_unlock (&box->lock);
  return done;
}

/* frees what other threads left in box, outside the lock */
static NOINLINE unsigned
drain (Mailbox *box)
{
  void *taken[MAILBOX];
  unsigned n;

  pthread_mutex_lock (&box->lock);
  n = box->count;
  for (unsigned i = 0; i < n; i++)
    taken[i] = box->slots[i];
  box->count = 0;
  pthread_mutex_unlock (&box->lock);

  for (unsigned i = 0; i < n; i++)
    free (taken[i]);
  return n;
}

static NOINLINE void
leak_some (unsigned index)
{
  for (int i = 0; i < LEAKS; i++)
    KEEP (malloc (100 + index * 10 + i));
}

static void *
run_worker (void *data)
{
  Worker *w = data;
  Mailbox *mine = &mailboxes[w->index];
  Mailbox *next = &mailboxes[(w->index + 1) % N_THREADS];
  void *live[LIVE] = { NULL };
  unsigned long rng = 0x9e3779b97f4a7c15ul * (w->index + 1);

  for (unsigned long i = 0; i < w->allocs; i++)
    {
      size_t size;
      void *p;

      rng ^= rng << 13;
      rng ^= rng >> 7;
      rng ^= rng << 17;
      size = 16 + rng % 512;
      p = pick_site (size, 0);

      if (i % HAND_EVERY == 0 && hand_over (next, p))
        w->handed++;
      else
        {
          unsigned slot = i % LIVE;

          free (live[slot]);  /* free (NULL) is not recorded */
          live[slot] = p;
        }
      if (i % DRAIN_EVERY == 0)
        w->received += drain (mine);
    }
  for (unsigned i = 0; i < LIVE; i++)
    free (live[i]);
  leak_some (w->index);
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  unsigned long total = argc > 1 ? strtoul (argv[1], NULL, 10) : 2000000;
  unsigned long handed = 0, received = 0;

  for (unsigned i = 0; i < N_THREADS; i++)
    pthread_mutex_init (&mailboxes[i].lock, NULL);
  for (unsigned i = 0; i < N_THREADS; i++)
    {
      workers[i].index = i;
      workers[i].allocs = total / N_THREADS;
      if (pthread_create (&workers[i].thread, NULL, run_worker, &workers[i]) != 0)
        {
          fprintf (stderr, "threads: cannot create a thread\n");
          return 1;
        }
    }
  for (unsigned i = 0; i < N_THREADS; i++)
    pthread_join (workers[i].thread, NULL);
  /* what the last senders left behind */
  for (unsigned i = 0; i < N_THREADS; i++)
    received += drain (&mailboxes[i]);
  for (unsigned i = 0; i < N_THREADS; i++)
    {
      handed += workers[i].handed;
      received += workers[i].received;
    }

  printf ("threads: %lu allocations in %d threads, %lu freed by another thread (%s)\n",
          total / N_THREADS * N_THREADS + N_THREADS * LEAKS, N_THREADS, handed,
          handed == received ? "all" : "MISMATCH");
  return handed == received ? 0 : 1;
}
