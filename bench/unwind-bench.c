/* unwind-bench.c: time per call of unw_backtrace and ht_unwind_backtrace
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: unwind-bench [CALLS [RUNS]]
 *
 * For stacks of 15 and 50 frames (as unw_backtrace counts them), calls each
 * unwinder CALLS times, RUNS times, and prints the median nanoseconds per
 * call and the speed-up: once with all calls at the bottom of the same
 * stack ("same"), once with a stack that differs from the last one below
 * its outer frames ("varying"). Times are the thread's CPU time, so that
 * other processes on the machine weigh less on them (they still share its
 * caches). Both get a 64-entry buffer, as the preload library's capture
 * does. The frames come from this file, built like the rest (-O2, no frame
 * pointers), with two frame sizes.
 */

#define _GNU_SOURCE
#define UNW_LOCAL_ONLY

#include <libunwind.h>
#include <stdbool.h>
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
  long     calls;   /* at the bottom of each descent */
  int      shape;   /* which levels get the big frames */
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
  else if ((depth + job->shape) % 3 == 0)
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

/* for the cost of the descents alone */
static int
unwind_nothing (void **frames, int max)
{
  return 0;
}

/* Nanoseconds per call of one run: `calls` in a row at the bottom of one
 * stack, or with `varying`, each at the bottom of a new descent whose big
 * frames sit at other levels than the last one's, so that the stack
 * differs from the previous call's in all but its outer frames. */
static double
time_run (Unwinder unwind, int depth, long calls, bool varying, int *frames)
{
  Job job = { unwind, varying ? 1 : calls, 0, 0 };
  double start = now ();

  if (varying)
    for (long i = 0; i < calls; i++)
      {
        job.shape = i % 3;
        descend (&job, depth);
      }
  else
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
  time_run (unw_backtrace, 0, 1, false, &base);

  printf ("load average before: %s\n", load);
  printf ("%d calls per run, median of %d runs\n", (int) calls, runs);
  printf ("%8s %-9s %18s %22s %10s\n", "frames", "stack", "unw_backtrace ns",
          "ht_unwind_backtrace ns", "speed-up");
  for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++)
    for (int varying = 0; varying <= 1; varying++)
      {
        int depth = targets[i] - base, n_lib = 0, n_ours = 0, n_nothing;
        double lib[runs], ours[runs], nothing[runs];

        /* warm both, then take turns so that drifts in the machine's load
         * weigh on both alike; the descents' own cost is taken off */
        time_run (unw_backtrace, depth, 1000, varying, &n_lib);
        time_run (ht_unwind_backtrace, depth, 1000, varying, &n_ours);
        for (int r = 0; r < runs; r++)
          {
            lib[r] = time_run (unw_backtrace, depth, calls, varying, &n_lib);
            ours[r] = time_run (ht_unwind_backtrace, depth, calls, varying, &n_ours);
            nothing[r] = time_run (unwind_nothing, depth, calls, varying, &n_nothing);
          }
        if (n_lib != targets[i] || n_ours != n_lib)
          {
            fprintf (stderr, "unwind-bench: wanted %d frames, unw_backtrace gave %d, ht_unwind_backtrace %d\n",
                     targets[i], n_lib, n_ours);
            return 1;
          }
        double base_ns = median (nothing, runs);
        double m_lib = median (lib, runs) - base_ns, m_ours = median (ours, runs) - base_ns;
        printf ("%8d %-9s %18.1f %22.1f %9.1fx\n", n_lib, varying ? "varying" : "same", m_lib,
                m_ours, m_lib / m_ours);
      }
  return 0;
}
