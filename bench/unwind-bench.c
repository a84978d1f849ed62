/* unwind-bench.c: time per call of unw_backtrace and ht_unwind_backtrace
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: unwind-bench [CALLS [RUNS]]
 *
 * For stacks of 15 and 50 frames (as unw_backtrace counts them), calls each
 * unwinder CALLS times in a row at the bottom of the stack, RUNS times, and
 * prints the median nanoseconds per call and the speed-up. Times are the
 * thread's CPU time, so that other processes on the machine weigh less on
 * them (they still share its caches). Both get a
 * 64-entry buffer, as the preload library's capture does. The frames come
 * from this file, built like the rest (-O2, no frame pointers), with a few
 * frame sizes.
 */

#define _GNU_SOURCE
#define UNW_LOCAL_ONLY

#include <libunwind.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ht-unwind.h"

#define BUFFER_FRAMES 64

typedef int (*Unwinder) (void **frames, int max);

typedef struct
{
  Unwinder unwind;
  long     calls;
  int      frames;  /* what the last call returned */
} Job;

static __attribute__ ((noinline)) void
bottom (Job *job)
{
  void *frames[BUFFER_FRAMES];

  for (long i = 0; i < job->calls; i++)
    job->frames = job->unwind (frames, BUFFER_FRAMES);
  __asm__ volatile ("" ::: "memory");
}

static void descend (Job *job, int depth);

static __attribute__ ((noinline)) void
descend_small (Job *job, int depth)
{
  volatile int x = depth;

  descend (job, depth - 1);
  x++;
}

static __attribute__ ((noinline)) void
descend_big (Job *job, int depth)
{
  volatile char buf[400];

  buf[depth] = 1;
  descend (job, depth - 1);
  buf[0]++;
}

static void
descend (Job *job, int depth)
{
  if (depth <= 0)
    bottom (job);
  else if (depth % 3 == 0)
    descend_big (job, depth);
  else
    descend_small (job, depth);
}

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* nanoseconds per call of one run */
static double
time_run (Unwinder unwind, int depth, long calls, int *frames)
{
  Job job = { unwind, calls, 0 };
  double start = now ();

  descend (&job, depth);
  *frames = job.frames;
  return (now () - start) * 1e9 / calls;
}

static double
median (double *ns, int runs)
{
  qsort (ns, runs, sizeof (double), compare_doubles);
  return ns[runs / 2];
}

int
main (int argc, char **argv)
{
  long calls = argc > 1 ? atol (argv[1]) : 200000;
  int runs = argc > 2 ? atoi (argv[2]) : 7;
  static const int targets[] = { 15, 50 };
  char load[64] = "";
  FILE *f = fopen ("/proc/loadavg", "r");
  int base;

  if (calls <= 0 || runs <= 0)
    {
      fprintf (stderr, "unwind-bench: CALLS and RUNS must be positive numbers\n");
      return 2;
    }
  if (f)
    {
      if (!fgets (load, sizeof load, f))
        load[0] = '\0';
      load[strcspn (load, "\n")] = '\0';
      fclose (f);
    }
  unw_set_caching_policy (unw_local_addr_space, UNW_CACHE_PER_THREAD);
  time_run (unw_backtrace, 0, 1, &base);

  printf ("load average before: %s\n", load);
  printf ("%d calls per run, median of %d runs\n", (int) calls, runs);
  printf ("%8s %18s %22s %10s\n", "frames", "unw_backtrace ns", "ht_unwind_backtrace ns", "speed-up");
  for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++)
    {
      int depth = targets[i] - base, n_lib = 0, n_ours = 0;
      double lib[runs], ours[runs];

      /* warm both, then take turns so that drifts in the machine's load
       * weigh on both alike */
      time_run (unw_backtrace, depth, 1000, &n_lib);
      time_run (ht_unwind_backtrace, depth, 1000, &n_ours);
      for (int r = 0; r < runs; r++)
        {
          lib[r] = time_run (unw_backtrace, depth, calls, &n_lib);
          ours[r] = time_run (ht_unwind_backtrace, depth, calls, &n_ours);
        }
      if (n_lib != targets[i] || n_ours != n_lib)
        {
          fprintf (stderr, "unwind-bench: wanted %d frames, unw_backtrace gave %d, ht_unwind_backtrace %d\n",
                   targets[i], n_lib, n_ours);
          return 1;
        }
      double m_lib = median (lib, runs), m_ours = median (ours, runs);
      printf ("%8d %18.1f %22.1f %9.1fx\n", n_lib, m_lib, m_ours, m_lib / m_ours);
    }
  return 0;
}
