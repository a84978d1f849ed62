/* wl-threads.c: four threads allocating and freeing concurrently
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Temporary and peak depend on scheduling; the compat suite compares the
 * analyser with heaptrack_print on the same trace, and checks the calls:
 * 4 * 20000 own allocations plus the 4 thread control blocks glibc callocs.
 */

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static void * volatile sink;

static void *
worker (void *arg)
{
  void *held[16] = { 0 };

  for (int i = 0; i < 20000; i++)
    {
      int slot = i % 16;

      free (held[slot]);
      held[slot] = malloc (16 + (i % 7) * 8);
      sink = held[slot];
      /* let the timer thread write timestamps between the events */
      if (i % 5000 == 0)
        usleep (12000);
    }
  for (int i = 0; i < 16; i++)
    free (held[i]);
  return arg;
}

int
main (void)
{
  pthread_t threads[4];

  for (int i = 0; i < 4; i++)
    pthread_create (&threads[i], NULL, worker, NULL);
  for (int i = 0; i < 4; i++)
    pthread_join (threads[i], NULL);
  return 0;
}
