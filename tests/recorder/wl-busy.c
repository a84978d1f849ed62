/* wl-busy.c: more threads allocating without pause than there are cores
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Twice as many threads as online processors, and at least four, each
 * allocating and freeing small blocks for SECONDS of wall time. At any
 * moment some of them are preempted in the middle of a recorded call: the
 * recorder's timestamps must still come every 10 ms.
 * Prints "calls N threads T": its own malloc calls, all freed, and the
 * threads it ran.
 */

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define SECONDS 0.5

static atomic_long calls;
static struct timespec start;

static double
elapsed (void)
{
  struct timespec now;

  clock_gettime (CLOCK_MONOTONIC, &now);
  return (double) (now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9;
}

static void *
worker (void *arg)
{
  void *held[8] = { 0 };
  long n = 0;

  (void) arg;
  for (;;)
    {
      /* the clock is read between rounds, not around each call */
      if (n % 256 == 0 && elapsed () >= SECONDS)
        break;
      free (held[n % 8]);
      held[n % 8] = malloc (16 + (size_t) (n % 13) * 8);
      n++;
    }
  for (int i = 0; i < 8; i++)
    free (held[i]);
  atomic_fetch_add (&calls, n);
  return NULL;
}

int
main (void)
{
  long cpus = sysconf (_SC_NPROCESSORS_ONLN);
  int threads = cpus > 2 ? (int) (2 * cpus) : 4;
  pthread_t *ids = calloc ((size_t) threads, sizeof *ids);

  clock_gettime (CLOCK_MONOTONIC, &start);
  for (int i = 0; i < threads; i++)
    if (pthread_create (&ids[i], NULL, worker, NULL) != 0)
      return 1;
  for (int i = 0; i < threads; i++)
    pthread_join (ids[i], NULL);
  free (ids);
  printf ("calls %ld threads %d\n", atomic_load (&calls), threads);
  return 0;
}
