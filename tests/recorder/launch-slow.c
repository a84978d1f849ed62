/* launch-slow.c: a program that allocates every 10 ms, for the recorder's faults
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   launch-slow MS STATUS [SIZE]
 *
 * For MS milliseconds, allocates SIZE bytes (default 1024) every 10 ms and
 * keeps them; then prints how many it allocated and exits with STATUS. A
 * SIZE of 0 allocates sizes that vary at random, from a fixed seed, so
 * that the trace hardly compresses. The tests kill or starve the recorder
 * while it runs: it must run to its end and keep its exit status.
 */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define KEEP(p) __asm__ volatile ("" : : "r" (p) : "memory")

int
main (int    argc,
      char **argv)
{
  struct timespec tick = { 0, 10 * 1000 * 1000 };
  long ms, status, size = 1024, n = 0;
  unsigned int seed = 1;

  if (argc < 3)
    {
      fprintf (stderr, "usage: launch-slow MS STATUS [SIZE]\n");
      return 2;
    }
  ms = atol (argv[1]);
  status = atol (argv[2]);
  if (argc > 3)
    size = atol (argv[3]);
  for (long t = 0; t < ms; t += 10, n++)
    {
      if (size > 0)
        KEEP (malloc (size));
      else
        for (int i = 0; i < 200; i++, n++)
          {
            void *p = malloc (1 + rand_r (&seed) % 100000);

            KEEP (p);
            free (p);
          }
      nanosleep (&tick, NULL);
    }
  printf ("allocations %ld\n", n);
  return (int) status;
}
