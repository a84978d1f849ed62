/* wl-sites.c: allocations with exactly known figures, for the compat suite
 *
 * Copyright 2026 The heaptrack-gtk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built with -O0 so that the compiler keeps every call as written.
 * Own figures (test-compat.c adds heaptrack 1.4's libstdc++ pool):
 *   calls      1000 + 10 + 5 + 1 + 1 + 3                       = 1020
 *   temporary  1000 (temp_loop) + 1 (calloc) + 3 (realloc chain) = 1004
 *   peak       10 * 1000 + 5 * 77 + 50 + 10 * 20                 = 10635
 *   leaked     5 * 77                                             = 385
 */

#include <stdlib.h>

static void * volatile sink;

/* one leaf function reached from two callers: two sites, one location */
__attribute__((noinline)) static void *
alloc_leaf (size_t n)
{
  return malloc (n);
}

__attribute__((noinline)) static void
temp_loop (void)
{
  for (int i = 0; i < 1000; i++)
    {
      void *p = malloc (100);
      sink = p;
      free (p);
    }
}

__attribute__((noinline)) static void
keep_some (void **keep)
{
  for (int i = 0; i < 10; i++)
    keep[i] = alloc_leaf (1000);
}

__attribute__((noinline)) static void
leak_some (void)
{
  for (int i = 0; i < 5; i++)
    sink = alloc_leaf (77);
}

__attribute__((noinline)) static void
recurse (int depth, void **out)
{
  if (depth == 0)
    *out = malloc (50);
  else
    recurse (depth - 1, out);
  sink = *out;
}

int
main (void)
{
  void *keep[10];
  void *deep, *c, *p;

  temp_loop ();
  keep_some (keep);
  leak_some ();
  recurse (20, &deep);
  c = calloc (10, 20);      /* the peak: 10635 bytes live */
  sink = c;
  free (c);
  for (int i = 0; i < 10; i++)
    free (keep[i]);
  free (deep);

  p = malloc (16);
  p = realloc (p, 32);
  p = realloc (p, 64);
  sink = p;
  free (p);
  return 0;
}
